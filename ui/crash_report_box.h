// SPDX-License-Identifier: MIT
#pragma once

#include "core/crash_log.h"

#include <vector>

class QMessageBox;
class QWidget;

/// Tells the user, at start-up, that an earlier ArrayLens died of a fatal
/// error (see arraylens::CrashLog) and shows the report (the Python
/// traceback of every thread) and where it is kept. Non-modal; returns the
/// box, or null when there is nothing to report.
QMessageBox* showCrashReports(QWidget* parent, const std::vector<arraylens::CrashLog::Report>& reports);
