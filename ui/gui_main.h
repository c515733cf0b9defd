// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// Starts the desktop application: the interpreter, the main window on
/// `script` (if any), showing `call` (if any). Returns the exit code.
int runGui(int argc, char* argv[], const QString& script, const QString& call, const QStringList& arguments);
