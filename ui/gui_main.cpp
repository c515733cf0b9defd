// SPDX-License-Identifier: MIT
#include <Python.h> // before Qt (DESIGN.md)

#include "ui/gui_main.h"

#include "core/crash_log.h"
#include "core/errors.h"
#include "core/interpreter.h"
#include "core/python_error.h"
#include "core/script.h"
#include "ui/crash_report_box.h"
#include "ui/main_window.h"
#include "ui/qt_text.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <optional>

int runGui(int argc, char* argv[], const QString& script, const QString& module, const QString& call,
           const QStringList& arguments)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("ArrayLens");
    QApplication::setOrganizationName("ArrayLens");
    // Ties the windows to share/applications/arraylens.desktop (Wayland,
    // task bars); the icon is compiled in (app/CMakeLists.txt) for a run
    // from the build folder, the theme's wins when installed.
    QGuiApplication::setDesktopFileName("arraylens");
    QIcon icon;
    for (const QFileInfo& file : QDir(":/icons").entryInfoList(QDir::Files))
        icon.addFile(file.filePath());
    QApplication::setWindowIcon(QIcon::fromTheme("arraylens", icon));

    // Reports of earlier runs first, then this run's log, then Python: its
    // faulthandler must find the log's handler in place (see CrashLog).
    const std::string crashFolder =
        (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/crashes").toStdString();
    const std::vector<arraylens::CrashLog::Report> previousCrashes = arraylens::CrashLog::collectPrevious(crashFolder);
    std::optional<arraylens::CrashLog> crashLog;
    try {
        crashLog.emplace(crashFolder);
    } catch (const arraylens::Error& error) {
        std::fprintf(stderr, "arraylens: %s; a crash will be reported on standard error only\n", error.what());
    }

    std::optional<arraylens::Interpreter> interpreter;
    try {
        interpreter.emplace(crashLog ? crashLog->fd() : STDERR_FILENO);
    } catch (const arraylens::Error& error) {
        QMessageBox::critical(nullptr, "ArrayLens", QString::fromStdString(error.what()));
        return 1;
    }
    QString scriptPath = script;
    if (!module.isEmpty()) {
        // Asked for from a terminal (--module): the answer goes there, as the
        // headless modes give it.
        try {
            scriptPath = fromPathBytes(arraylens::Script::locateModule(toPathBytes(module)));
        } catch (const arraylens::Error& error) {
            std::fprintf(stderr, "arraylens: error: %s\n", error.what());
            return 1;
        }
    }
    int exitCode = 0;
    bool abandonScriptThreads = false;
    {
        // The window (its views, its worker thread) goes before the interpreter.
        MainWindow window;
        window.show();
        showCrashReports(&window, previousCrashes);
        if (!scriptPath.isEmpty())
            window.openScript(scriptPath, call, arguments);
        exitCode = QApplication::exec();
        abandonScriptThreads = window.abandonsScriptThreads();
    }
    if (abandonScriptThreads) {
        // The user chose not to wait for the script's threads: finalizing
        // Python would wait for them, so the process ends here.
        crashLog.reset();
        std::fflush(nullptr);
        std::_Exit(exitCode);
    }
    return exitCode;
}
