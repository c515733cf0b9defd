// SPDX-License-Identifier: MIT
// Lazy sources in the grid (issue #11, item 6): a 100,000 × 100,000 zarr
// array, a 20,000 × 20,000 gzip-chunked HDF5 dataset and a 10^4 × 10^4 dask
// array on a 2-process dask.distributed cluster, each shown by the real
// grid (offscreen, 1280×800) over a document whose fetches run on a real
// PythonWorker, as in the app. Five sessions each (a fresh call, document
// and grid): the first paint after the call returns and the first paint
// showing all of the screen's values; the same after each of 15 page downs
// (placeholders allowed: scrolling never waits on Python) and after a jump
// to the end; the resident memory the view adds. The last session then goes
// to far-apart cells, reading many times the 256 MB tile budget. Also the
// peak RSS of `arraylens --export` of a 10 × 20 window of the zarr array,
// and silx's table on the same HDF5 file (python3-silx), both as child
// processes. The files are made by bench/lazy_benchmark.py in a child
// process first. Not a test; headless; about 3 minutes on 2 cores.
#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_data.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/lazy_source.h"
#include "core/python_error.h"
#include "core/script.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "process_memory.h"
#include "ui/array_table_model.h"
#include "ui/python_worker.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace arraylens;

namespace {

const std::string kBenchDir = ARRAYLENS_BENCH_DIR;         // this folder, for lazy_benchmark.py and silx_peer.py
const std::string kArrayLens = ARRAYLENS_BINARY;          // build/arraylens
const std::string kPython = ARRAYLENS_PYTHON_EXECUTABLE;  // /usr/bin/python3

constexpr int kRepetitions = 5; // fresh call, document and grid each time
constexpr int kPageDowns = 15;

double mb(std::int64_t bytes)
{
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

double elapsedMs(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Whether every cell on the grid's screen holds its value. It asks the
/// document, which asks the source for the cells' tiles and so requests
/// the blocks it lacks: call it only where the grid's paint asks for the
/// same cells (another call, while a block is being read, would queue that
/// block again and have it read twice).
bool screenFetched(const ArrayGridView& grid)
{
    const ArrayTableModel* model = grid.model();
    const ArrayDocument* document = grid.document();
    const QTableView* table = grid.tableView();
    const int lastRow = table->rowAt(table->viewport()->height() - 1);
    const int lastColumn = table->columnAt(table->viewport()->width() - 1);
    const int rows = lastRow < 0 ? model->rowCount() : lastRow + 1;
    const int columns = lastColumn < 0 ? model->columnCount() : lastColumn + 1;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            if (!document->isFetched(model->viewRow(r), model->viewColumn(c))) {
                const QString failure = document->fetchFailure(model->viewRow(r), model->viewColumn(c));
                if (!failure.isEmpty())
                    throw Error("fetch failed: " + failure.toStdString());
                return false;
            }
    return true;
}

/// Watches the paints of one grid's table: when the first ends, and when
/// the first that shows every cell of the screen with its value ends. The
/// screen is checked just before each paint of the table, which reads the
/// same cells right after: the benchmark asks the source for nothing the
/// grid does not.
class BenchApplication : public QApplication {
public:
    using QApplication::QApplication;
    /// Watches `grid` from now on, timing with `clock`; null: nothing.
    void watch(const ArrayGridView* grid, const QElapsedTimer* clock)
    {
        grid_ = grid;
        clock_ = clock;
        firstPaintEnd_.reset();
        fullPaintEnd_.reset();
        firstPaintFull_ = false;
        failure_.clear();
    }
    /// Why a read failed, as a paint found it; empty when none did.
    [[nodiscard]] const std::string& failure() const { return failure_; }
    [[nodiscard]] std::optional<double> firstPaintEnd() const { return firstPaintEnd_; }
    [[nodiscard]] bool firstPaintFull() const { return firstPaintFull_; }
    [[nodiscard]] std::optional<double> fullPaintEnd() const { return fullPaintEnd_; }

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (!grid_ || event->type() != QEvent::Paint || receiver != grid_->tableView()->viewport())
            return QApplication::notify(receiver, event);
        bool full = false;
        try {
            full = screenFetched(*grid_);
        } catch (const std::exception& error) { // no exception through Qt's event loop
            failure_ = error.what();
        }
        const bool result = QApplication::notify(receiver, event);
        const double end = elapsedMs(*clock_);
        if (!firstPaintEnd_) {
            firstPaintEnd_ = end;
            firstPaintFull_ = full;
        }
        if (full && !fullPaintEnd_)
            fullPaintEnd_ = end;
        return result;
    }

private:
    const ArrayGridView* grid_ = nullptr;
    const QElapsedTimer* clock_ = nullptr;
    std::optional<double> firstPaintEnd_;
    bool firstPaintFull_ = false;
    std::optional<double> fullPaintEnd_;
    std::string failure_;
};

BenchApplication* benchApp()
{
    return static_cast<BenchApplication*>(QCoreApplication::instance());
}

void sendKey(ArrayGridView& grid, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QKeyEvent press(QEvent::KeyPress, key, modifiers);
    QCoreApplication::sendEvent(grid.tableView(), &press);
    QKeyEvent release(QEvent::KeyRelease, key, modifiers);
    QCoreApplication::sendEvent(grid.tableView(), &release);
}

/// What one action (opening the grid, a key, a jump) costs on screen, in
/// ms from the action.
struct Timing {
    double frame = 0;   ///< end of the table's first paint after it: what the user sees first
    double settled = 0; ///< processEvents() done, and repaint() if it painted nothing (as silx is timed)
    double values = 0;  ///< end of the first paint showing every cell of the screen with its value
    bool placeholders = false; ///< the first paint showed placeholders
};

/// Restarts `clock` (unless told not to), does `action`, processes what it
/// caused, its paint included, as a screen would; then runs the event loop,
/// where the worker's cellsChanged arrive and the grid repaints as it does
/// in the app, until a paint has shown all the screen's values.
template <class Action>
Timing timeScreen(ArrayGridView& grid, QElapsedTimer& clock, Action&& action, bool restart = true)
{
    Timing t;
    if (restart)
        clock.restart();
    benchApp()->watch(&grid, &clock);
    action();
    // What the action caused, its paint included; a paint by hand only if
    // none came (a second paint would ask for the cells again meanwhile,
    // which the app would not).
    QApplication::processEvents();
    if (!benchApp()->firstPaintEnd())
        grid.repaint();
    t.settled = elapsedMs(clock);
    t.frame = benchApp()->firstPaintEnd().value_or(t.settled);
    t.placeholders = !benchApp()->firstPaintFull();
    QTimer tick; // wakes the loop for the deadline, whatever arrives
    tick.start(100);
    const QDeadlineTimer deadline(120'000);
    while (!benchApp()->fullPaintEnd()) {
        if (!benchApp()->failure().empty()) {
            const std::string failure = benchApp()->failure();
            benchApp()->watch(nullptr, nullptr);
            throw Error(failure);
        }
        if (deadline.hasExpired()) {
            benchApp()->watch(nullptr, nullptr);
            throw Error("the screen's values were not painted within 120 s");
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    t.values = *benchApp()->fullPaintEnd();
    benchApp()->watch(nullptr, nullptr);
    return t;
}

/// Waits until the worker has run everything queued before now.
void drain(PythonWorker& worker)
{
    std::atomic<bool> done = false;
    worker.runInBackground([&done] { done = true; });
    QTimer tick;
    tick.start(20);
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

struct Session {
    double callMs = 0;
    Timing first;
    std::vector<Timing> pages;
    Timing end;
    double rssMb = 0;
    double anonymousMb = 0;
    std::int64_t blockRows = 0, blockColumns = 0, blockBytes = 0;
    std::int64_t fetches = 0;        ///< blocks read by the end of the session
    std::int64_t settledFetches = 0; ///< blocks read once the queue ran out
    double settledCachedMb = 0;      ///< the cache then
    // The tour (last repetition only).
    int tourScreens = 0;
    std::vector<Timing> tour;
    double tourMs = 0;
    std::int64_t tourFetches = 0;
    double tourCachedMb = 0;
    double tourRssMb = 0;
    double tourAnonymousMb = 0;
    double tourTrimmedRssMb = 0;
};

struct Case {
    std::string label;
    std::string function;
    std::vector<std::string> arguments;
    int tourScreens;
};

/// One user session: call, open the grid, wait for values, 15 page downs,
/// a jump to the end; with `tour`, then `tour` far-apart screens.
Session runSession(const Script& script, const Case& c, PythonWorker& worker, int tour)
{
    Session s;
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<ArrayData> data = script.callForArray(c.function, c.arguments);
    s.callMs = elapsedMs(timer);
    if (!data->isLazy())
        throw Error(c.function + " did not return a lazy array");

    // Memory that earlier sessions freed goes back to the system first, so
    // that what this one adds is not hidden by reused free lists.
    malloc_trim(0);
    const std::int64_t before = bench::residentBytes();
    const std::int64_t anonymousBefore = bench::residentAnonymousBytes();
    // The clock starts before the document exists: making it, the grid and
    // the grid's first layout are part of the first paint.
    timer.restart();
    {
        ArrayDocument document(
            data, [&worker](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
            [&worker](std::function<void()> job) { worker.runInBackground(std::move(job)); });
        ArrayGridView grid(&document);
        s.first = timeScreen(
            grid, timer,
            [&] {
                grid.resize(1280, 800);
                grid.show();
            },
            false);
        for (int i = 0; i < kPageDowns; ++i)
            s.pages.push_back(timeScreen(grid, timer, [&] { sendKey(grid, Qt::Key_PageDown); }));
        s.end = timeScreen(grid, timer, [&] { sendKey(grid, Qt::Key_End, Qt::ControlModifier); });
        if (grid.currentCell() != std::pair{document.view().rows() - 1, document.view().cols() - 1})
            throw Error("Ctrl+End did not reach the last cell");

        s.rssMb = mb(bench::residentBytes() - before);
        s.anonymousMb = mb(bench::residentAnonymousBytes() - anonymousBefore);
        const auto source = std::dynamic_pointer_cast<LazySource>(document.source());
        if (!source)
            throw Error("the document does not read through a LazySource");
        s.blockRows = source->blockRows();
        s.blockColumns = source->blockColumns();
        s.blockBytes = s.blockRows * s.blockColumns * static_cast<std::int64_t>(data->elementType().itemSize);
        s.fetches = source->fetchCount();
        // The reads still queued (neighbours of the screens shown) run out;
        // then every block read once is in the cache (far below the budget).
        for (std::int64_t seen = -1; seen != source->fetchCount();) {
            seen = source->fetchCount();
            drain(worker);
        }
        s.settledFetches = source->fetchCount();
        s.settledCachedMb = mb(static_cast<std::int64_t>(source->cachedBytes()));

        if (tour > 0) {
            // Screens far apart (a fixed pseudo-random walk), each waited
            // for: every one reads new blocks, far more than the budget holds.
            const std::int64_t rows = document.view().rows();
            const std::int64_t columns = document.view().cols();
            std::uint64_t state = 12345;
            const auto next = [&state](std::int64_t bound) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                return static_cast<std::int64_t>((state >> 33) % static_cast<std::uint64_t>(bound));
            };
            QElapsedTimer tourClock;
            tourClock.start();
            for (int i = 0; i < tour; ++i) {
                const std::int64_t row = next(rows);
                const std::int64_t column = next(columns);
                s.tour.push_back(timeScreen(grid, timer, [&] { grid.goToCell(row, column); }));
            }
            s.tourMs = elapsedMs(tourClock);
            s.tourScreens = tour;
            s.tourFetches = source->fetchCount() - s.settledFetches;
            s.tourCachedMb = mb(static_cast<std::int64_t>(source->cachedBytes()));
            s.tourRssMb = mb(bench::residentBytes() - before);
            s.tourAnonymousMb = mb(bench::residentAnonymousBytes() - anonymousBefore);
            // How much of that is memory freed (evicted blocks) that malloc
            // keeps rather than the blocks held.
            malloc_trim(0);
            s.tourTrimmedRssMb = mb(bench::residentBytes() - before);
        }
    }
    // What holds Python references goes back to the Python thread, as in the app.
    worker.release(std::move(data));
    drain(worker);
    return s;
}

struct ChildResult {
    int status = -1;       ///< exit status, or -1
    double wallMs = 0;
    double peakRssMb = -1; ///< the child's own peak RSS (GNU time's %M); -1 without /usr/bin/time
    std::string out;       ///< its standard output
    std::string err;       ///< its standard error
};

std::string readFile(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

const std::string kTime = "/usr/bin/time";

/// Runs argv with its standard output and error in files, under GNU time
/// for its peak RSS. (Not wait4's ru_maxrss of a child spawned from here:
/// Linux records the high-water mark of the memory the child had before
/// its exec, a vfork child's being this whole process's, so every child
/// would report at least this benchmark's RSS.)
ChildResult runChild(std::vector<std::string> argv, const std::string& folder)
{
    ChildResult result;
    const std::string outPath = folder + "/child.out";
    const std::string errPath = folder + "/child.err";
    const std::string timePath = folder + "/child.time";
    const bool timed = access(kTime.c_str(), X_OK) == 0;
    if (timed)
        argv.insert(argv.begin(), {kTime, "-f", "%M", "-o", timePath});
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw Error("cannot start " + argv[0] + ": " + std::strerror(spawned));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw Error("waitpid failed: " + std::string(std::strerror(errno)));
    }
    result.wallMs = elapsedMs(timer);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readFile(outPath);
    result.err = readFile(errPath);
    if (timed) {
        // GNU time reports "Command exited with non-zero status N" first when there is one.
        const QList<QByteArray> lines = QByteArray::fromStdString(readFile(timePath)).trimmed().split('\n');
        bool ok = false;
        const double kb = lines.back().trimmed().toDouble(&ok);
        if (ok)
            result.peakRssMb = kb / 1024.0;
    }
    return result;
}

std::string loadAverage()
{
    return readFile("/proc/loadavg").substr(0, 14);
}

std::string pythonText(const Script& script, const std::string& function, const std::vector<std::string>& arguments)
{
    GilGuard gil;
    PyObjectRef value = script.call(function, arguments);
    const PyObjectRef text = checked(PyObject_Str(value.get()));
    return displayText(text.get());
}

} // namespace

int main(int argc, char* argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // inherited by silx's process
    BenchApplication app(argc, argv);
    QElapsedTimer wall;
    wall.start();
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot make a temporary folder\n");
        return 1;
    }
    const std::string folder = dir.path().toStdString();
    const std::string helper = kBenchDir + "/lazy_benchmark.py";
    std::printf("Lazy sources benchmark: offscreen 1280x800 grid, %ld cores, load average %s at start\n",
                sysconf(_SC_NPROCESSORS_ONLN), loadAverage().c_str());
    std::fflush(stdout);

    // The files, made by a separate Python process (its memory is not ours).
    std::fprintf(stderr, "making the zarr array and the HDF5 file in %s…\n", folder.c_str());
    const ChildResult made = runChild({kPython, helper, "make", folder}, folder);
    if (made.status != 0) {
        std::fprintf(stderr, "making the files failed:\n%s\n", made.err.c_str());
        return 1;
    }
    const QJsonObject madeJson = QJsonDocument::fromJson(QByteArray::fromStdString(made.out)).object();

    const std::string folderLiteral = "'" + folder + "'";
    const std::vector<Case> cases = {
        {"(a) zarr 100k x 100k f8", "zarr_array", {folderLiteral}, 40},
        {"(b) HDF5 20k x 20k f4 gzip", "h5_dataset", {folderLiteral}, 40},
        {"(c) dask 10k x 10k, 2 procs", "dask_on_cluster", {}, 24},
    };
    std::vector<std::vector<Session>> sessions(cases.size());
    std::string clusterWorkers, clusterClosed;
    ChildResult exported;
    std::vector<double> exportMs, exportPeakMb;
    std::string exportCheck;

    try {
        Interpreter interpreter;
        const Script script = Script::load(helper);
        {
            PythonWorker worker;
            // Fonts, style, the first backing store and the lazy path's first
            // use are paid for once, before anything is timed.
            (void)runSession(script, cases[0], worker, 0);
            for (std::size_t i = 0; i < cases.size(); ++i) {
                for (int rep = 0; rep < kRepetitions; ++rep) {
                    std::fprintf(stderr, "%s, session %d of %d…\n", cases[i].label.c_str(), rep + 1, kRepetitions);
                    sessions[i].push_back(
                        runSession(script, cases[i], worker, rep == kRepetitions - 1 ? cases[i].tourScreens : 0));
                }
                if (cases[i].function == "dask_on_cluster")
                    clusterWorkers = pythonText(script, "start_cluster", {});
            }
            drain(worker);
            clusterClosed = pythonText(script, "close_cluster", {});
        }

        // The command line's export of a 10 × 20 window straddling four
        // chunks of the written corner of (a), as a child process.
        const std::string csv = folder + "/window.csv";
        for (int i = 0; i < 3; ++i) {
            exported = runChild({kArrayLens, "--call", "zarr_array", "--arg", folderLiteral, "--export", csv,
                                 "--slice", "995:1005,990:1010", helper},
                                folder);
            if (exported.status != 0) {
                std::fprintf(stderr, "the export failed:\n%s\n", exported.err.c_str());
                return 1;
            }
            exportMs.push_back(exported.wallMs);
            exportPeakMb.push_back(exported.peakRssMb);
        }
        const ChildResult checked =
            runChild({kPython, helper, "check-export", folder, csv, "995", "1005", "990", "1010"}, folder);
        exportCheck = checked.out.empty() ? checked.err : checked.out;
        while (!exportCheck.empty() && exportCheck.back() == '\n')
            exportCheck.pop_back();
    } catch (const PythonError& error) {
        std::fprintf(stderr, "%s\n%s\n", error.what(), error.traceback().c_str());
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }

    // silx, on the same HDF5 file, one process per mode.
    struct SilxRun {
        std::string mode;
        ChildResult child;
        QJsonObject json;
    };
    std::vector<SilxRun> silx;
    const bool silxInstalled = runChild({"/usr/bin/dpkg", "-s", "python3-silx"}, folder).status == 0;
    if (silxInstalled) {
        for (const char* mode : {"viewer", "copy", "nocopy"}) {
            std::fprintf(stderr, "silx, %s…\n", mode);
            SilxRun run{mode, runChild({kPython, kBenchDir + "/silx_peer.py", mode, folder + "/b.h5", "data"}, folder),
                        {}};
            run.json = QJsonDocument::fromJson(QByteArray::fromStdString(run.child.out)).object();
            silx.push_back(std::move(run));
        }
    }

    // ---- The figures.
    std::printf("files: (a) zarr DirectoryStore, 1000 x 1000 chunks, %d of 10,000 written (the first 3 x 3 and the "
                "last) in %.1f s;\n       (b) HDF5, 256 x 256 chunks, gzip 4, every cell written: %.0f MB on disk "
                "(1.6 GB raw) in %.1f s\n",
                madeJson["zarr_chunks_written"].toInt(), madeJson["zarr_s"].toDouble(),
                madeJson["h5_bytes"].toDouble() / 1e6, madeJson["h5_s"].toDouble());
    std::printf("medians of %d sessions (a fresh call, document and grid each); page down: of %d (%d a session)\n\n",
                kRepetitions, kRepetitions * kPageDowns, kPageDowns);
    // Every figure of one kind across a case's sessions.
    const auto gather = [](const std::vector<Session>& runs, auto&& pick) {
        std::vector<double> values;
        for (const Session& s : runs)
            pick(s, values);
        return values;
    };
    std::printf("%-28s %11s %12s %10s %11s %16s %8s %8s\n", "case", "first paint", "first values", "page paint",
                "page values", "end paint/values", "RSS +MB", "anon +MB");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::vector<Session>& runs = sessions[i];
        const auto first = gather(runs, [](const Session& s, auto& v) { v.push_back(s.first.frame); });
        const auto values = gather(runs, [](const Session& s, auto& v) { v.push_back(s.first.values); });
        const auto pagePaint = gather(runs, [](const Session& s, auto& v) {
            for (const Timing& t : s.pages)
                v.push_back(t.frame);
        });
        const auto pageValues = gather(runs, [](const Session& s, auto& v) {
            for (const Timing& t : s.pages)
                v.push_back(t.values);
        });
        const auto endPaint = gather(runs, [](const Session& s, auto& v) { v.push_back(s.end.frame); });
        const auto endValues = gather(runs, [](const Session& s, auto& v) { v.push_back(s.end.values); });
        const auto rss = gather(runs, [](const Session& s, auto& v) { v.push_back(s.rssMb); });
        const auto anonymous = gather(runs, [](const Session& s, auto& v) { v.push_back(s.anonymousMb); });
        char end[40];
        std::snprintf(end, sizeof end, "%.1f / %.1f", median(endPaint), median(endValues));
        std::printf("%-28s %11.1f %12.1f %10.1f %11.1f %16s %8.1f %8.1f\n", cases[i].label.c_str(), median(first),
                    median(values), median(pagePaint), median(pageValues), end, median(rss), median(anonymous));
    }
    std::printf("(ms from the call's return, the key or the jump: \"paint\" is the end of the table's first paint, "
                "placeholders allowed;\n \"values\" the end of the first paint with every cell of the screen holding "
                "its value. RSS: added by the view after one session, document open)\n\n");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::vector<Session>& runs = sessions[i];
        const Session& last = runs.back();
        const auto calls = gather(runs, [](const Session& s, auto& v) { v.push_back(s.callMs); });
        const auto rss = gather(runs, [](const Session& s, auto& v) { v.push_back(s.rssMb); });
        const auto pagePaint = gather(runs, [](const Session& s, auto& v) {
            for (const Timing& t : s.pages)
                v.push_back(t.frame);
        });
        int firstPlaceholders = 0, pagePlaceholders = 0, endPlaceholders = 0;
        for (const Session& s : runs) {
            firstPlaceholders += s.first.placeholders ? 1 : 0;
            endPlaceholders += s.end.placeholders ? 1 : 0;
            for (const Timing& t : s.pages)
                pagePlaceholders += t.placeholders ? 1 : 0;
        }
        const auto read = gather(runs, [](const Session& s, auto& v) { v.push_back(static_cast<double>(s.settledFetches)); });
        const auto held = gather(runs, [](const Session& s, auto& v) { v.push_back(s.settledCachedMb); });
        std::printf("%s: call %.0f ms the first time, then %.1f ms (median); blocks of %lld x %lld (%.2f MB);\n"
                    "    per session %.0f blocks read (%.1f MB), the cache then holding %.1f MB (medians; the "
                    "difference is blocks read twice);\n"
                    "    first paint showed placeholders: opening %d of %zu, page downs %d of %zu, end jumps %d of %zu; "
                    "slowest page-down paint %.1f ms; RSS +%.1f to +%.1f MB\n",
                    cases[i].label.c_str(), calls.front(), median(std::vector<double>(calls.begin() + 1, calls.end())),
                    static_cast<long long>(last.blockRows), static_cast<long long>(last.blockColumns),
                    mb(last.blockBytes), median(read), median(read) * mb(last.blockBytes), median(held),
                    firstPlaceholders, runs.size(), pagePlaceholders, pagePaint.size(), endPlaceholders, runs.size(),
                    *std::max_element(pagePaint.begin(), pagePaint.end()), *std::min_element(rss.begin(), rss.end()),
                    *std::max_element(rss.begin(), rss.end()));
        std::vector<double> tourPaint, tourValues;
        int tourPlaceholders = 0;
        for (const Timing& t : last.tour) {
            tourPaint.push_back(t.frame);
            tourValues.push_back(t.values);
            tourPlaceholders += t.placeholders ? 1 : 0;
        }
        std::printf("    %d far-apart screens (go to cell): paint %.1f ms, values %.1f ms (medians; placeholders "
                    "first on %d); %lld blocks read (%.0f MB) in %.1f s;\n"
                    "    tile budget 256 MB: cache %.0f MB, RSS +%.1f MB, anon +%.1f MB (+%.1f MB once malloc_trim "
                    "returns freed memory)\n",
                    last.tourScreens, median(tourPaint), median(tourValues), tourPlaceholders,
                    static_cast<long long>(last.tourFetches), mb(last.tourFetches * last.blockBytes),
                    last.tourMs / 1000, last.tourCachedMb, last.tourRssMb, last.tourAnonymousMb,
                    last.tourTrimmedRssMb);
    }
    std::printf("dask cluster: worker pids %s (processes of their own; their memory is not in the RSS above); "
                "close_cluster: %s\n",
                clusterWorkers.c_str(), clusterClosed.c_str());
    const auto peakText = [](double peakMb) {
        char text[64];
        if (peakMb < 0)
            std::snprintf(text, sizeof text, "n/a (no %s)", kTime.c_str());
        else
            std::snprintf(text, sizeof text, "%.1f MB", peakMb);
        return std::string(text);
    };
    std::printf("\nexport of a 10 x 20 window of (a) (--slice '995:1005,990:1010', 4 chunks touched), whole "
                "`arraylens --export` process: peak RSS %s (max of %zu runs, GNU time; target < 400 MB), "
                "%.0f ms median; check: %s\n",
                peakText(*std::max_element(exportPeakMb.begin(), exportPeakMb.end())).c_str(), exportPeakMb.size(),
                median(exportMs), exportCheck.c_str());

    std::printf("\nsilx (python3-silx, separate process per mode, same HDF5 file (b), offscreen 1280x800):\n");
    if (!silxInstalled) {
        std::printf("  skipped: python3-silx is not installed (apt-get install python3-silx)\n");
    } else {
        for (const SilxRun& run : silx) {
            if (run.child.status != 0 || run.json.isEmpty()) {
                std::string tail = run.child.err.size() > 600 ? run.child.err.substr(run.child.err.size() - 600)
                                                               : run.child.err;
                std::printf("  %-7s failed (status %d): %s\n", run.mode.c_str(), run.child.status, tail.c_str());
                continue;
            }
            const QJsonObject& j = run.json;
            const char* what = run.mode == "viewer" ? "DataViewerFrame.setData(dataset) (silx view)"
                               : run.mode == "copy" ? "ArrayTableWidget.setArrayData(dataset)"
                                                    : "ArrayTableWidget.setArrayData(dataset, copy=False)";
            std::printf("  %-52s first paint %8.1f ms, page down %6.1f ms, jump end %6.1f ms, RSS +%.0f MB, anon "
                        "+%.0f MB; process peak RSS %s; the model holds a %s\n",
                        what, j["first_paint_ms"].toDouble(), j["page_down_ms"].toDouble(), j["jump_end_ms"].toDouble(),
                        j["rss_mb"].toDouble(), j["anon_mb"].toDouble(), peakText(run.child.peakRssMb).c_str(),
                        j["model_holds"].toString().toUtf8().constData());
        }
        // ArrayLens on the same file, timed as silx is: until processEvents() and repaint() return.
        const std::vector<Session>& h5 = sessions[1];
        const auto settledFirst = gather(h5, [](const Session& s, auto& v) { v.push_back(s.first.settled); });
        const auto settledPage = gather(h5, [](const Session& s, auto& v) {
            for (const Timing& t : s.pages)
                v.push_back(t.settled);
        });
        const auto settledEnd = gather(h5, [](const Session& s, auto& v) { v.push_back(s.end.settled); });
        const auto h5Rss = gather(h5, [](const Session& s, auto& v) { v.push_back(s.rssMb); });
        std::printf("  %-52s first paint %8.1f ms, page down %6.1f ms, jump end %6.1f ms, RSS +%.0f MB "
                    "(medians, timed as silx is: until processEvents returns)\n",
                    "ArrayLens, (b) above", median(settledFirst), median(settledPage), median(settledEnd),
                    median(h5Rss));
        if (!silx.empty() && !silx.front().json.isEmpty())
            std::printf("  (silx %s on %s; its default view for this 2-D dataset: %s)\n",
                        silx.front().json["silx"].toString().toUtf8().constData(),
                        silx.front().json["qt"].toString().toUtf8().constData(),
                        silx.front().json["default_view"].toString().toUtf8().constData());
    }
    std::printf("\ntotal %.0f s; load average %s at end\n", static_cast<double>(wall.elapsed()) / 1000,
                loadAverage().c_str());
    return 0;
}
