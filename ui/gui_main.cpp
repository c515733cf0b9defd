// SPDX-License-Identifier: MIT
#include <Python.h> // before Qt (DESIGN.md)

#include "ui/gui_main.h"

#include "core/errors.h"
#include "core/interpreter.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QMessageBox>

#include <optional>

int runGui(int argc, char* argv[], const QString& script, const QString& call, const QStringList& arguments)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("ArrayLens");
    QApplication::setOrganizationName("ArrayLens");
    std::optional<arraylens::Interpreter> interpreter;
    try {
        interpreter.emplace();
    } catch (const arraylens::Error& error) {
        QMessageBox::critical(nullptr, "ArrayLens", QString::fromStdString(error.what()));
        return 1;
    }
    int exitCode = 0;
    {
        // The window (its views, its worker thread) goes before the interpreter.
        MainWindow window;
        window.show();
        if (!script.isEmpty())
            window.openScript(script, call, arguments);
        exitCode = QApplication::exec();
    }
    return exitCode;
}
