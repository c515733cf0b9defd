// SPDX-License-Identifier: MIT
// How the virtual grid behaves as arrays grow from 10^3 elements to a
// 10^9-element memmap and a 100,000 × 100,000 memmap (DESIGN.md decision 7):
// time from the call's return to the first paint, time to repaint after a
// one-page scroll and after a jump to the end, and resident memory growth.
// Headless by default (QT_QPA_PLATFORM=offscreen); not a test. With --json
// it prints a JSON array of one object per case instead of the table.
#include <Python.h> // before Qt (DESIGN.md)

#include "core/buffer_data.h"
#include "core/errors.h"
#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/python_error.h"
#include "core/script.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/color_scale_model.h"
#include "process_memory.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QKeyEvent>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

using namespace arraylens;

namespace {

// The arrays, made by Python as a user's script would make them.
constexpr const char* kScript = R"PY(
import numpy as np

def in_memory(n):
    return np.arange(n, dtype=np.float64) / 3

def in_memory_2d(rows, columns, dtype, order):
    # Values of every length, as measured data has, not one repeated text.
    rng = np.random.default_rng(7)
    a = rng.standard_normal((rows, columns)) * 1000
    return np.asarray(a, dtype=dtype, order=order)

def text_2d(rows, columns):
    words = np.array(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'])
    rng = np.random.default_rng(7)
    return words[rng.integers(0, len(words), size=(rows, columns))].astype('U12')

def records(n):
    a = np.zeros(n, dtype=[('x', '<f8'), ('y', '<f4'), ('id', '<i8'), ('ok', '?')])
    a['x'] = np.arange(n) / 3
    a['y'] = np.arange(n) / 7
    a['id'] = np.arange(n) * 1000003
    a['ok'] = np.arange(n) % 3 == 0
    return a

def memmap_1d(path, n):
    a = np.memmap(path, dtype=np.float64, mode='w+', shape=(n,))
    a[-1] = 1 / 3
    return a

def memmap_2d(path, rows, columns):
    a = np.memmap(path, dtype=np.float64, mode='w+', shape=(rows, columns))
    a[-1, -1] = 1 / 3
    return a
)PY";

struct Case {
    const char* label;
    const char* function;
    std::vector<std::string> arguments; ///< Python literals; "{dir}" is the temporary folder
    bool heatMap = false;               ///< cells coloured by value (viridis, the screen's range)
};

double elapsedMs(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

/// The GUI thread's own CPU time, in ms: on a shared, loaded machine the
/// wall clock also counts time the thread waited for a core.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

/// Counts the paints of the table's cells (its viewport).
class PaintCounter : public QObject {
public:
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

/// Processes what the key caused, which paints what it changed, as on a
/// screen: Qt paints the dirty regions when it delivers its update request,
/// a posted event. With --full-repaint the whole grid is painted again after
/// that (grid.repaint(), every child a second time), as this benchmark did
/// until 2026-12-02.
void settleAndPaint(ArrayGridView& grid, bool fullRepaint)
{
    QApplication::processEvents();
    if (fullRepaint)
        grid.repaint();
}

void sendKey(ArrayGridView& grid, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QKeyEvent press(QEvent::KeyPress, key, modifiers);
    QCoreApplication::sendEvent(grid.tableView(), &press);
    QKeyEvent release(QEvent::KeyRelease, key, modifiers);
    QCoreApplication::sendEvent(grid.tableView(), &release);
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Result {
    std::int64_t cells = 0; ///< of the document's 2-D view
    double openMs = 0;
    double pageMs = 0;
    double endMs = 0;
    double pageCpuMs = 0; ///< the GUI thread's CPU time of the same frames
    double endCpuMs = 0;
    double rssMb = 0;
    double anonymousMb = 0; ///< of rssMb: heap rather than the memmap's own pages
};

/// The grid over `buffer`: first paint once, then the median of several
/// page scrolls and of several jumps between the two ends.
Result measure(std::shared_ptr<PyBuffer> buffer, bool heatMap, int frames, bool fullRepaint)
{
    Result result;
    const std::int64_t before = bench::residentBytes();
    const std::int64_t anonymousBefore = bench::residentAnonymousBytes();
    QElapsedTimer timer;
    timer.start();
    {
        // As the app makes it: with a scheduler, so that the grid reads no
        // memory that is not resident (memmap pages fault in on a worker).
        // Buffers run no Python job; the scheduler is never called.
        ArrayDocument document(std::make_shared<BufferData>(std::move(buffer)), {},
                               [](std::function<void()> job) { job(); });
        result.cells = document.view().rows() * document.view().cols();
        ColorScaleModel scale;
        scale.setColormap("viridis");
        scale.setHeatMapEnabled(heatMap);
        ArrayGridView grid(&document);
        grid.setColorScale(&scale);
        grid.resize(1280, 800);
        grid.show();
        PaintCounter counter;
        grid.tableView()->viewport()->installEventFilter(&counter);
        settleAndPaint(grid, fullRepaint);
        result.openMs = elapsedMs(timer);

        // One frame: the key, then the paint it causes. A frame that painted
        // no cell would time nothing: the benchmark stops instead.
        const auto frame = [&](int key, Qt::KeyboardModifiers modifiers, std::vector<double>& wall,
                               std::vector<double>& cpu) {
            const int paintsBefore = counter.paints;
            timer.restart();
            const double cpuBefore = threadCpuMs();
            sendKey(grid, key, modifiers);
            settleAndPaint(grid, fullRepaint);
            wall.push_back(elapsedMs(timer));
            cpu.push_back(threadCpuMs() - cpuBefore);
            if (counter.paints == paintsBefore)
                throw Error("a frame painted no cell: the grid did not move (key " + std::to_string(key) + ", row " + std::to_string(grid.currentCell().first) + ")");
        };
        std::vector<double> pages, ends, pagesCpu, endsCpu;
        // Page down, and back up from the last page, so that every frame
        // shows new rows.
        bool down = true;
        for (int i = 0; i < frames; ++i) {
            frame(down ? Qt::Key_PageDown : Qt::Key_PageUp, Qt::NoModifier, pages, pagesCpu);
            const std::int64_t row = grid.currentCell().first;
            if (row + 1 >= document.view().rows() || row == 0)
                down = !down;
        }
        sendKey(grid, Qt::Key_Home, Qt::ControlModifier); // the jumps start at the first cell
        settleAndPaint(grid, fullRepaint);
        for (int i = 0; i < std::max(10, frames * 2 / 3); ++i)
            frame(i % 2 == 0 ? Qt::Key_End : Qt::Key_Home, Qt::ControlModifier, ends, endsCpu);
        result.pageMs = median(pages);
        result.endMs = median(ends);
        result.pageCpuMs = median(pagesCpu);
        result.endCpuMs = median(endsCpu);
        result.rssMb = static_cast<double>(bench::residentBytes() - before) / (1024.0 * 1024.0);
        result.anonymousMb = static_cast<double>(bench::residentAnonymousBytes() - anonymousBefore) / (1024.0 * 1024.0);
    }
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // --json: one object per case, for tools (the README's table is the text form).
    const QStringList options = QCoreApplication::arguments();
    const bool json = options.contains(QStringLiteral("--json"));
    // --case TEXT: only the cases whose label holds TEXT (to profile one).
    const qsizetype caseAt = options.indexOf(QStringLiteral("--case"));
    const QString only = caseAt > 0 && caseAt + 1 < options.size() ? options[caseAt + 1] : QString();
    // --frames N: page scrolls per case (the jumps are two thirds of that);
    // many, so that a profiler sees the frames rather than the start.
    const qsizetype framesAt = options.indexOf(QStringLiteral("--frames"));
    const int frames = framesAt > 0 && framesAt + 1 < options.size() ? std::max(15, options[framesAt + 1].toInt()) : 15;
    // --full-repaint: every frame also repaints the whole grid (the method of
    // the figures measured before 2026-12-02, for comparison).
    const bool fullRepaint = options.contains(QStringLiteral("--full-repaint"));
    Interpreter interpreter;
    QTemporaryDir dir;
    const QString scriptPath = dir.filePath("bench_arrays.py");
    {
        QFile file(scriptPath);
        if (!dir.isValid() || !file.open(QIODevice::WriteOnly) || file.write(kScript) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(scriptPath));
            return 1;
        }
    }
    const std::string folder = dir.path().toStdString();
    const std::vector<Case> cases = {
        {"10^3 in memory", "in_memory", {"1000"}},
        {"512 x 512 float64", "in_memory_2d", {"512", "512", "'float64'", "'C'"}},
        {"512 x 512 float64, heat map", "in_memory_2d", {"512", "512", "'float64'", "'C'"}, true},
        {"2000 x 2000 float64 (F)", "in_memory_2d", {"2000", "2000", "'float64'", "'F'"}},
        {"2000 x 2000 >f4", "in_memory_2d", {"2000", "2000", "'>f4'", "'C'"}},
        {"2000 x 2000 int32", "in_memory_2d", {"2000", "2000", "'int32'", "'C'"}},
        {"1000 x 1000 complex128", "in_memory_2d", {"1000", "1000", "'complex128'", "'C'"}},
        {"1000 x 100 U12 text", "text_2d", {"1000", "100"}},
        {"10^6 records (4 fields)", "records", {"1000000"}},
        {"10^5 in memory", "in_memory", {"100000"}},
        {"10^7 in memory", "in_memory", {"10000000"}},
        {"10^9 memmap (1-D)", "memmap_1d", {"'{dir}/a.f8'", "1000000000"}},
        {"100,000 x 100,000 memmap", "memmap_2d", {"'{dir}/b.f8'", "100000", "100000"}},
    };

    try {
        const Script script = Script::load(scriptPath.toStdString());
        // Fonts, style and the first backing store are made once per process:
        // pay for them before timing anything.
        measure(script.callForBuffer("in_memory", {"100"}), false, 15, fullRepaint);

        if (!json)
            std::printf("%-26s %16s %14s %14s %10s %10s %14s %14s\n", "array", "first paint ms", "page down ms",
                        "jump end ms", "RSS +MB", "anon +MB", "page down cpu", "jump end cpu");
        else
            std::printf("[\n");
        bool first = true;
        for (const Case& c : cases) {
            if (!QString::fromUtf8(c.label).contains(only))
                continue;
            std::vector<std::string> arguments;
            for (std::string argument : c.arguments) {
                if (const auto at = argument.find("{dir}"); at != std::string::npos)
                    argument.replace(at, 5, folder);
                arguments.push_back(argument);
            }
            // The call itself (allocating 10^7 elements, creating the file) is
            // the script's time, not the grid's: the clock starts when it returns.
            const Result r = measure(script.callForBuffer(c.function, arguments), c.heatMap, frames, fullRepaint);
            if (json)
                std::printf("%s  {\"case\": \"%s\", \"cells\": %lld, \"first_paint_ms\": %.2f, "
                            "\"page_down_ms\": %.2f, \"jump_end_ms\": %.2f, \"rss_added_mb\": %.1f, "
                            "\"page_down_cpu_ms\": %.2f, \"jump_end_cpu_ms\": %.2f}",
                            first ? "" : ",\n", c.label, static_cast<long long>(r.cells), r.openMs, r.pageMs,
                            r.endMs, r.rssMb, r.pageCpuMs, r.endCpuMs);
            else
                std::printf("%-26s %16.1f %14.2f %14.2f %10.1f %10.1f %14.2f %14.2f\n", c.label, r.openMs, r.pageMs,
                            r.endMs, r.rssMb, r.anonymousMb, r.pageCpuMs, r.endCpuMs);
            first = false;
            std::fflush(stdout);
            QFile::remove(dir.filePath("a.f8"));
            QFile::remove(dir.filePath("b.f8"));
        }
        if (json)
            std::printf("\n]\n");
    } catch (const PythonError& error) {
        std::fprintf(stderr, "%s\n%s\n", error.what(), error.traceback().c_str());
        return 1;
    } catch (const Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
