// SPDX-License-Identifier: MIT
// A memory-mapped file that shrinks under an open view (issue 9, item 8):
// reading or writing the lost pages raises SIGBUS, which must turn into a
// per-view error state, never the end of the process; other views go on.
// Real numpy.memmap objects over real files, truncated the way a second call
// of `np.memmap(path, mode='w+', shape=(n, n))` truncates them.
#include "test_support.h"

#include "core/csv_writer.h"
#include "core/errors.h"
#include "core/guarded_memory.h"
#include "core/strided_view.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <csignal>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace arraylens;

namespace {

/// A 2000 × 2000 float64 memmap of `path`, then the file truncated by a
/// 10 × 10 memmap of the same path, filled with 7.0. The big view's first 800
/// bytes now show the small file; everything past them has no file behind it.
std::shared_ptr<PyBuffer> shrunkMemmap(const QString& path)
{
    testing::setString("_path", path.toStdString());
    auto buffer = testing::buffer("_big", "_big = np.memmap(_path, mode='w+', dtype=np.float64, shape=(2000, 2000))\n"
                                          "_big[1999, 1999] = 1.0\n");
    testing::exec("_small = np.memmap(_path, mode='w+', dtype=np.float64, shape=(10, 10))\n"
                  "_small[:] = 7.0\n"
                  "assert os.path.getsize(_path) == 800\n");
    return buffer;
}

void dropShrunkMemmap()
{
    testing::exec("del _big, _small");
}

} // namespace

class MemoryLossTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readingPastTheNewEndOfTheFileIsAnErrorStateNotACrash()
    {
        QTemporaryDir folder;
        auto buffer = shrunkMemmap(folder.filePath("shrinks.dat"));
        QVERIFY(!buffer->isMemoryLost());
        // The first page shows the file as it is now; row 1999 lies far past its end.
        const std::int64_t first[] = {0, 1};
        QCOMPARE(buffer->element<double>(first), 7.0);
        QVERIFY(!buffer->isMemoryLost());
        const std::int64_t last[] = {1999, 1999};
        QCOMPARE(buffer->element<double>(last), 0.0); // a zero page, not the data …
        QVERIFY(buffer->isMemoryLost());               // … and the buffer says so

        // Writing a lost page lands in the zero page, not in a crash.
        const std::int64_t other[] = {1500, 3};
        buffer->setElement<double>(other, 2.5);
        QCOMPARE(buffer->element<double>(other), 2.5);
        buffer.reset();
        dropShrunkMemmap();
    }

    void everyOtherBufferKeepsWorking()
    {
        QTemporaryDir folder;
        auto healthy = testing::buffer("np.arange(12.0).reshape(3, 4)");
        auto shrunk = shrunkMemmap(folder.filePath("shrinks.dat"));
        const std::int64_t last[] = {1999, 1999};
        QCOMPARE(shrunk->element<double>(last), 0.0);
        QVERIFY(shrunk->isMemoryLost());
        QVERIFY(!healthy->isMemoryLost());
        const std::int64_t index[] = {2, 3};
        QCOMPARE(healthy->element<double>(index), 11.0);
        shrunk.reset();
        dropShrunkMemmap();
    }

    void twoExportsOfTheSameMemoryBothLearnOfTheLoss()
    {
        QTemporaryDir folder;
        auto first = shrunkMemmap(folder.filePath("shrinks.dat"));
        auto second = testing::buffer("_big[1000:]");
        const std::int64_t index[] = {999, 0};
        QCOMPARE(second->element<double>(index), 0.0);
        QVERIFY(second->isMemoryLost());
        QVERIFY(first->isMemoryLost());
        first.reset();
        second.reset();
        dropShrunkMemmap();
    }

    void aBusErrorOutsideGuardedMemoryStillEndsTheProcess()
    {
        // Guarding must not swallow other faults: a child maps a file itself,
        // truncates it and reads past the end, and dies of SIGBUS as it should.
        QTemporaryDir folder;
        auto guardedElsewhere = testing::buffer("np.zeros(4)"); // the handler is installed
        const QByteArray path = folder.filePath("unguarded.dat").toLocal8Bit();
        const pid_t child = ::fork();
        if (child == 0) {
            const int fd = ::open(path.constData(), O_RDWR | O_CREAT, 0600);
            const long page = ::sysconf(_SC_PAGESIZE);
            if (fd < 0 || ::ftruncate(fd, 4 * page) != 0)
                ::_exit(2);
            auto* memory = static_cast<volatile char*>(::mmap(nullptr, 4 * page, PROT_READ, MAP_SHARED, fd, 0));
            if (memory == MAP_FAILED || ::ftruncate(fd, 0) != 0)
                ::_exit(3);
            const char value = memory[3 * page];
            ::_exit(value == 0 ? 4 : 5); // reached only if the fault was swallowed
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY2(!WIFEXITED(status) || WEXITSTATUS(status) != 4, "the bus error was swallowed");
        if (!testing::kSanitized && !testing::kThreadSanitized) { // a sanitizer's report ends it its own way
            QVERIFY2(WIFSIGNALED(status), qPrintable(QString("child exit code %1").arg(WEXITSTATUS(status))));
            QCOMPARE(WTERMSIG(status), SIGBUS);
        }
    }

    void csvExportOfALostViewFailsInsteadOfWritingZeros()
    {
        QTemporaryDir folder;
        auto buffer = shrunkMemmap(folder.filePath("shrinks.dat"));
        const StridedView view(buffer, SliceSpec::parse(""));
        std::string written;
        QString error;
        try {
            CsvWriter(CsvOptions{}).write(view, [&](std::string_view text) { written += text; });
        } catch (const IoError& e) {
            error = e.what();
        }
        QVERIFY2(error.contains("the file behind the exported view shrank"), qPrintable(error));
        QVERIFY(written.size() < 16'000); // no more than the blocks read before the loss
        buffer.reset();
        dropShrunkMemmap();
    }

    void theDocumentShowsNoValuesAndRefusesEdits()
    {
        QTemporaryDir folder;
        ArrayDocument document(shrunkMemmap(folder.filePath("shrinks.dat")));
        QSignalSpy lost(&document, &ArrayDocument::memoryLost);
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QCOMPARE(document.displayText(0, 5), QString("7.0"));
        QVERIFY(!document.isReadOnly());
        QCOMPARE(document.displayText(1999, 1999), QString()); // no zeros passed off as data
        QVERIFY(document.isMemoryLost());
        QCOMPARE(document.displayText(0, 5), QString());
        QVERIFY(document.isReadOnly());
        QVERIFY(!document.setCellText(0, 0, "1"));
        QCOMPARE(rejected.size(), 1);
        QVERIFY(rejected.front().front().toString().startsWith("the file behind this view shrank"));
        QVERIFY(lost.wait(1000));
        QCOMPARE(lost.size(), 1); // once, however many cells were read
        QCOMPARE(document.displayText(1999, 0), QString());
        QCoreApplication::processEvents();
        QCOMPARE(lost.size(), 1);
    }

    void theGridPaintsALostViewWithoutDying()
    {
        QTemporaryDir folder;
        auto document = std::make_unique<ArrayDocument>(shrunkMemmap(folder.filePath("shrinks.dat")));
        ArrayGridView grid(document.get());
        grid.resize(800, 500);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        QCOMPARE(grid.grab().isNull(), false); // row 1 already lies past the file's 800 bytes
        QVERIFY(document->isMemoryLost());
        grid.goToCell(1999, 1999);
        QCOMPARE(grid.grab().isNull(), false);
        QCOMPARE(document->displayText(1999, 1999), QString());
        grid.hide();
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(MemoryLossTest)
#include "test_memory_loss.moc"
