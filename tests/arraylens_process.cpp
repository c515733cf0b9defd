// SPDX-License-Identifier: MIT
#include "arraylens_process.h"

namespace testing {

QByteArray ProcessRun::describe() const
{
    QByteArray text = "exit status " + QByteArray(exitStatus == QProcess::NormalExit ? "normal" : "CRASH") +
                      ", exit code " + QByteArray::number(exitCode) + "\n--- stderr:\n" + err;
    text += "\n--- stdout (first 600 bytes):\n" + out.left(600);
    return text;
}

ProcessRun runArrayLens(const QStringList& arguments, const ProcessOptions& options)
{
    return runProgram(QStringLiteral(ARRAYLENS_BINARY), arguments, options);
}

ProcessRun runProgram(const QString& program, const QStringList& arguments, const ProcessOptions& options)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("QT_QPA_PLATFORM", "offscreen"); // headless modes never need a display
    environment.insert("ARRAYLENS_TEST_MODULES", ARRAYLENS_TEST_MODULES_DIR); // where cli_lying.py imports from
    for (const QString& key : options.extraEnvironment.keys())
        environment.insert(key, options.extraEnvironment.value(key));
    process.setProcessEnvironment(environment);
    if (!options.workingDirectory.isEmpty())
        process.setWorkingDirectory(options.workingDirectory);
    if (!options.standardOutputFile.isEmpty())
        process.setStandardOutputFile(options.standardOutputFile);
    if (options.prepare)
        options.prepare(process);
    ProcessRun run;
    process.start();
    run.started = process.waitForStarted(10'000);
    if (!run.started)
        return run;
    run.finished = process.waitForFinished(options.timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5'000);
    }
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace testing
