// SPDX-License-Identifier: MIT
// What a user sees when a script goes wrong in ways Python cannot catch, and
// when it fights ArrayLens's own helpers (issue 9, items 6 and 7): the real
// binary, headless and as the desktop app, run in a QProcess.
#include "test_support.h"

#include "arraylens_process.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>

using testing::ProcessOptions;
using testing::ProcessRun;
using testing::runArrayLens;

namespace {

QString fixturePath(const char* name)
{
    return QString::fromStdString(testing::fixture(name));
}

/// The line of crashes.py that crashes, as faulthandler names it.
QString crashingLine()
{
    QFile file(fixturePath("crashes.py"));
    if (!file.open(QIODevice::ReadOnly))
        return "?";
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].contains("# the crashing line"))
            return QString("File \"%1\", line %2 in segfault").arg(fixturePath("crashes.py")).arg(i + 1);
    return "?";
}

} // namespace

class CrashesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aSegfaultInScriptCodeIsExplainedHeadless()
    {
        const ProcessRun run = runArrayLens({"--call", "segfault", "--info", fixturePath("crashes.py")});
        QVERIFY2(run.finished, run.describe());
        QCOMPARE(run.exitStatus, QProcess::CrashExit);
        // Under ASan, faulthandler hands the signal on to ASan's report, which aborts.
        QVERIFY2(run.exitCode == SIGSEGV || (testing::kSanitized && run.exitCode == SIGABRT), run.describe());
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains("Fatal Python error: Segmentation fault"), run.describe());
        QVERIFY2(err.contains(crashingLine()), qPrintable(crashingLine() + "\n" + run.describe()));
        QVERIFY(run.out.isEmpty());
    }

    void aSegfaultInTheDesktopAppIsExplainedAndLogged()
    {
        QTemporaryDir data;
        ProcessOptions options;
        options.extraEnvironment.insert("XDG_DATA_HOME", data.path());
        options.extraEnvironment.insert("XDG_CONFIG_HOME", data.filePath("config"));
        const ProcessRun run = runArrayLens({"--call", "segfault", fixturePath("crashes.py")}, options);
        QVERIFY2(run.finished, run.describe());
        QCOMPARE(run.exitStatus, QProcess::CrashExit);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains("Fatal Python error: Segmentation fault"), run.describe());
        QVERIFY2(err.contains(crashingLine()), run.describe());

        const QDir crashes(data.filePath("ArrayLens/ArrayLens/crashes"));
        const QStringList logs = crashes.entryList({"crash-*.log"}, QDir::Files);
        QCOMPARE(logs.size(), 1);
        QFile log(crashes.filePath(logs.front()));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(log.readAll());
        QVERIFY2(text.contains("Fatal Python error: Segmentation fault") && text.contains(crashingLine()),
                 qPrintable(text));
        // Every thread: the worker that crashed and the GUI thread.
        QVERIFY2(text.contains("Current thread 0x") && text.contains("\nThread 0x"), qPrintable(text));

        // The next start takes the report up (to show it) and keeps it as
        // last-crash.log; this run crashes too, leaving a log of its own.
        const ProcessRun again = runArrayLens({"--call", "segfault", fixturePath("crashes.py")}, options);
        QCOMPARE(again.exitStatus, QProcess::CrashExit);
        QFile kept(crashes.filePath("last-crash.log"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(kept.readAll()), text);
        const QStringList newLogs = crashes.entryList({"crash-*.log"}, QDir::Files);
        QCOMPARE(newLogs.size(), 1);
        QVERIFY(newLogs.front() != logs.front());
    }

    void aHeadlessRunSaysWhichThreadsItWaitsFor()
    {
        const ProcessRun run =
            runArrayLens({"--call", "leaves_a_thread", "--arg", "1.5", "--info", fixturePath("crashes.py")});
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, run.describe());
        QVERIFY2(run.err.contains("arraylens: waiting for the script's threads to finish before exiting: slow-writer"),
                 run.describe());
        QVERIFY2(run.out.startsWith("{\"source\": "), run.describe());
    }

    void listingAHostileScriptListsEveryEntry()
    {
        const ProcessRun run = runArrayLens({"--list", fixturePath("hostile_listing.py")});
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, run.describe());
        const QString out = QString::fromUtf8(run.out);
        for (const char* line :
             {"* default_repr_raises(x=<unrepresentable hostile_listing.ReprRaises>, n: int = 2) -> Buffer",
              "* plain(n: int = 3) -> Buffer  # An ordinary function after the odd ones.",
              "  cannot_be_described(...)  # (cannot describe: RuntimeError: comparison blew up)",
              "  module_is_none: ModuleIsNone uint8 (3,)", "  after_the_odd_ones: numpy.ndarray int16 (5,)"})
            QVERIFY2(out.contains(line), qPrintable(QString(line) + "\n---\n" + out));
    }

    void aScriptThatReplacesTheHelperGetsAnErrorNotACrash_data()
    {
        QTest::addColumn<QString>("garbage");
        QTest::newRow("an int") << "42";
        QTest::newRow("a list of ints") << "[1, 2, 3]";
        QTest::newRow("short rows") << "[('f',)]";
        QTest::newRow("parameters that are text") << "[('f', '()', 'x', '', False, '')]";
    }

    void aScriptThatReplacesTheHelperGetsAnErrorNotACrash()
    {
        QFETCH(QString, garbage);
        ProcessOptions options;
        options.extraEnvironment.insert("ARRAYLENS_TEST_GARBAGE", garbage);
        const ProcessRun run = runArrayLens({"--list", fixturePath("replaces_helper.py")}, options);
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 1, run.describe());
        QVERIFY2(run.firstErrorLine().startsWith(
                     "arraylens: error: ArrayLens's helper describe_functions() returned a malformed result"),
                 run.describe());
    }
};

ARRAYLENS_TEST_MAIN(CrashesTest)
#include "test_crashes.moc"
