// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md: slots clash)

#include <QString>
#include <QStringList>

/// What the user asked for on the command line (DESIGN.md "Command line").
struct CommandLineRequest {
    enum class Mode { Gui, List, Info, Export, Stats, Render, Help, Version };
    Mode mode = Mode::Gui;
    QString script;        ///< the script or data file; empty: the GUI opens with nothing
    QString module;        ///< --module: an installed module's import name (then `script` is empty)
    bool dataFile = false; ///< `script` is a data file (.npy, .h5, …), not a script
    QString dataset;       ///< the data file's dataset, empty when not given
    QString call;          ///< function or buffer variable name
    QStringList arguments; ///< Python literals for the call
    QString exportPath;    ///< "-" is standard output
    QString renderPath;    ///< --render: the PNG to write ("-" is standard output)
    QString colormap;      ///< --render: the colormap's name, empty for the default (gray)
    QString slice;         ///< NumPy basic index, empty when not given
    QString field;         ///< record field to export, empty when not given
    char delimiter = ',';
    bool header = false;
};

/// Parses arguments with QCommandLineParser; no QCoreApplication needed, so
/// headless runs never touch a display.
class CommandLine {
public:
    /// arguments[0] is the program. On a usage error, returns false and
    /// sets error to one line saying what is wrong.
    bool parse(const QStringList& arguments, CommandLineRequest& request, QString& error) const;
    [[nodiscard]] QString helpText() const;
};
