// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/script.h"

#include <QMainWindow>

#include <optional>

class QLineEdit;
class QListWidget;
class QTabWidget;

/// The main window: the script's functions on the left, one tab per result.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    /// Loads a script; errors show in the status bar and a message box.
    bool openScript(const QString& path);
    /// Calls NAME with Python-literal arguments and opens the result in a tab.
    bool callAndShow(const QString& name, const QStringList& arguments);

private:
    void showError(const QString& title, const QString& message, const QString& details = {});
    void refreshFunctionList();

    std::optional<arraylens::Script> script_;
    QListWidget* functions_ = nullptr;
    QLineEdit* arguments_ = nullptr;
    QTabWidget* tabs_ = nullptr;
};
