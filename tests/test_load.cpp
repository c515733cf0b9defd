// SPDX-License-Identifier: MIT
// Load: many call-and-close cycles keep memory flat; a 10^6-cell paste is
// validated, written and undone in one step within seconds. Prints figures.
#include "test_support.h"

#include "core/gil.h"
#include "core/script.h"
#include "ui/array_document.h"
#include "ui/array_view_tab.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTabWidget>


using namespace arraylens;

namespace {

// Under AddressSanitizer freed memory sits in quarantine, so RSS is no
// measure of leaks there: LeakSanitizer checks them instead, over fewer cycles.
using testing::kSanitized;
// ThreadSanitizer makes each cycle 10-30 times slower (10^4 window cycles
// exceed QtTest's 5-minute limit): fewer cycles there too. Its allocator
// keeps no quarantine, so RSS is still watched.
constexpr bool kThreadSanitizer = testing::kThreadSanitized;
constexpr bool kFewerCycles = kSanitized || kThreadSanitizer;
// The paste takes ~0.5 s here, 7 s under ThreadSanitizer and up to 11 s under
// AddressSanitizer on a loaded machine (every byte access checked): the limit
// only catches a paste that went quadratic, not a slow machine.
constexpr qint64 kPasteLimitMs = (kThreadSanitizer || kSanitized) ? 60000 : 10000;

double residentMegabytes()
{
    return static_cast<double>(testing::residentBytes()) / (1 << 20);
}

// Runs `cycle` a few times to warm up (allocator pools, caches), then
// `cycles` times while resident memory is watched; prints the figures and
// fails if memory grew by 20 MB or more.
template <class Cycle>
void expectFlatMemory(const char* what, int warmUps, int cycles, const Cycle& cycle)
{
    for (int i = 0; i < warmUps; ++i)
        cycle();
    const double before = residentMegabytes();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < cycles; ++i)
        cycle();
    const double growth = residentMegabytes() - before;
    qInfo("%d %s: %.1f s, RSS %+.1f MB", cycles, what, timer.elapsed() / 1000.0, growth);
    if (!kSanitized)
        QVERIFY2(growth < 20, qPrintable(QString("RSS grew by %1 MB").arg(growth)));
}

} // namespace

class LoadTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tenThousandCallsKeepMemoryFlat()
    {
        const Script script = Script::load(testing::fixture("faults.py"));
        const auto cycle = [&] {
            auto buffer = script.callForBuffer("one_mb", {});
            ArrayDocument document(buffer);
            QVERIFY(document.setCellText(0, 0, "2.5")); // an undo step holding the buffer too
        };
        expectFlatMemory("call-and-close cycles of a 1 MiB array", 200, kFewerCycles ? 1000 : 10000, cycle);
    }

    void callAndCloseInTheWindow()
    {
        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::scriptReady);
        window.openScript(QString::fromStdString(testing::fixture("faults.py")));
        QVERIFY(ready.wait(15000));
        const auto cycle = [&] {
            QSignalSpy done(&window, &MainWindow::callDone);
            window.call("one_mb", {});
            QVERIFY(done.wait(15000));
            QCOMPARE(window.tabs()->count(), 1);
            Q_EMIT window.tabs()->tabCloseRequested(0);
        };
        expectFlatMemory("call-and-close cycles in the window", 50, kFewerCycles ? 200 : 10000, cycle);
    }

    void pasteAMillionCellsAndUndoInOneStep()
    {
        testing::exec("_target = np.zeros((1000, 1000))");
        ArrayDocument document(testing::buffer("_target"));
        QString text;
        text.reserve(1000 * 1000 * 8);
        for (int r = 0; r < 1000; ++r) {
            for (int c = 0; c < 1000; ++c) {
                text += QString::number(r * 1000 + c);
                text += c == 999 ? '\n' : '\t';
            }
        }
        QElapsedTimer timer;
        timer.start();
        QVERIFY(document.paste(CellRange{0, 1, 0, 1}, text));
        const qint64 pasteMs = timer.elapsed();
        QCOMPARE(testing::str("float(_target[999, 999])"), std::string("999999.0"));
        QCOMPARE(testing::str("float(_target.sum())"), std::string("499999500000.0"));
        QCOMPARE(document.undoStack()->count(), 1);
        timer.restart();
        document.undoStack()->undo();
        const qint64 undoMs = timer.elapsed();
        QCOMPARE(testing::str("float(abs(_target).sum())"), std::string("0.0"));
        qInfo("paste of 10^6 cells: validated and written in %lld ms, undone in %lld ms", pasteMs, undoMs);
        QVERIFY2(pasteMs < kPasteLimitMs, qPrintable(QString::number(pasteMs)));

        // One bad cell among a million: nothing is written.
        text.replace(QString("\t500500\t"), QString("\tabc\t"));
        QVERIFY(!document.paste(CellRange{0, 1, 0, 1}, text));
        QCOMPARE(testing::str("float(abs(_target).sum())"), std::string("0.0"));
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(LoadTest)

#include "test_load.moc"
