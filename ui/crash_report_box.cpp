// SPDX-License-Identifier: MIT
#include "ui/crash_report_box.h"

#include <QMessageBox>

QMessageBox* showCrashReports(QWidget* parent, const std::vector<arraylens::CrashLog::Report>& reports)
{
    if (reports.empty())
        return nullptr;
    const arraylens::CrashLog::Report& newest = reports.back();
    auto* box = new QMessageBox(QMessageBox::Warning, "ArrayLens stopped unexpectedly",
                                "ArrayLens stopped unexpectedly the last time it ran: a fatal error, most likely in "
                                "C code that a script called (ctypes, a C extension).",
                                QMessageBox::Ok, parent);
    box->setObjectName("crashReport");
    QString informative = "The Python traceback of every thread at that moment is under Show Details; it is kept in " +
                          QString::fromStdString(newest.path) + ".";
    if (reports.size() > 1)
        informative += QString(" (%1 earlier reports were found; this is the newest.)").arg(reports.size() - 1);
    box->setInformativeText(informative);
    box->setDetailedText(QString::fromStdString(newest.text));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}
