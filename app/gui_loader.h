// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// The signature of arraylens_run_gui in arraylens_gui.so (gui_module.cpp).
using GuiEntry = int (*)(int argc, char* argv[], const QString& script, const QString& module, const QString& call,
                         const QStringList& arguments);

/// Runs the desktop app from arraylens_gui.so beside the executable. The app
/// is a module so that the command line's headless runs load neither Qt Gui
/// nor Qt Widgets and their libraries: 10-13 ms less per run here. Returns
/// the app's exit code, or 1 with a message on stderr if the module is missing.
/// The module is looked for beside the executable (the build folder), then in
/// ../lib/arraylens/ (an installed tree, wherever its prefix is).
int runGuiModule(int argc, char* argv[], const QString& script, const QString& module, const QString& call,
                 const QStringList& arguments);
