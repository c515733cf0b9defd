// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// Starts the desktop application: the interpreter, the main window on
/// `script` (if any) or the installed module `module` (if any: its import
/// name, located once the interpreter runs), showing `call` (if any).
/// Returns the exit code.
int runGui(int argc, char* argv[], const QString& script, const QString& module, const QString& call,
           const QStringList& arguments);
