// SPDX-License-Identifier: MIT
// How the virtual grid behaves as arrays grow from 10^3 elements to a
// 10^9-element memmap and a 100,000 × 100,000 memmap (DESIGN.md decision 7):
// time from the call's return to the first paint, time to repaint after a
// one-page scroll and after a jump to the end, and resident memory growth.
// Headless by default (QT_QPA_PLATFORM=offscreen); not a test.
#include <Python.h> // before Qt (DESIGN.md)

#include "core/errors.h"
#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/python_error.h"
#include "core/script.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
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

#include <unistd.h>

using namespace arraylens;

namespace {

// The arrays, made by Python as a user's script would make them.
constexpr const char* kScript = R"PY(
import numpy as np

def in_memory(n):
    return np.arange(n, dtype=np.float64) / 3

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
};

double elapsedMs(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

/// Processes what the key caused and paints the grid now, as a screen would.
void settleAndPaint(ArrayGridView& grid)
{
    QApplication::processEvents();
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
    double openMs = 0;
    double pageMs = 0;
    double endMs = 0;
    double rssMb = 0;
    double anonymousMb = 0; ///< of rssMb: heap rather than the memmap's own pages
};

/// The grid over `buffer`: first paint once, then the median of several
/// page scrolls and of several jumps between the two ends.
Result measure(std::shared_ptr<PyBuffer> buffer)
{
    Result result;
    const std::int64_t before = bench::residentBytes();
    const std::int64_t anonymousBefore = bench::residentAnonymousBytes();
    QElapsedTimer timer;
    timer.start();
    {
        ArrayDocument document(std::move(buffer));
        ArrayGridView grid(&document);
        grid.resize(1280, 800);
        grid.show();
        settleAndPaint(grid);
        result.openMs = elapsedMs(timer);

        std::vector<double> pages, ends;
        for (int i = 0; i < 15; ++i) {
            timer.restart();
            sendKey(grid, Qt::Key_PageDown);
            settleAndPaint(grid);
            pages.push_back(elapsedMs(timer));
        }
        for (int i = 0; i < 10; ++i) {
            timer.restart();
            sendKey(grid, i % 2 == 0 ? Qt::Key_End : Qt::Key_Home, Qt::ControlModifier);
            settleAndPaint(grid);
            ends.push_back(elapsedMs(timer));
        }
        result.pageMs = median(pages);
        result.endMs = median(ends);
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
        {"10^5 in memory", "in_memory", {"100000"}},
        {"10^7 in memory", "in_memory", {"10000000"}},
        {"10^9 memmap (1-D)", "memmap_1d", {"'{dir}/a.f8'", "1000000000"}},
        {"100,000 x 100,000 memmap", "memmap_2d", {"'{dir}/b.f8'", "100000", "100000"}},
    };

    try {
        const Script script = Script::load(scriptPath.toStdString());
        // Fonts, style and the first backing store are made once per process:
        // pay for them before timing anything.
        measure(script.callForBuffer("in_memory", {"10"}));

        std::printf("%-26s %16s %14s %14s %10s %10s\n", "float64 array", "first paint ms", "page down ms",
                    "jump end ms", "RSS +MB", "anon +MB");
        for (const Case& c : cases) {
            std::vector<std::string> arguments;
            for (std::string argument : c.arguments) {
                if (const auto at = argument.find("{dir}"); at != std::string::npos)
                    argument.replace(at, 5, folder);
                arguments.push_back(argument);
            }
            // The call itself (allocating 10^7 elements, creating the file) is
            // the script's time, not the grid's: the clock starts when it returns.
            const Result r = measure(script.callForBuffer(c.function, arguments));
            std::printf("%-26s %16.1f %14.2f %14.2f %10.1f %10.1f\n", c.label, r.openMs, r.pageMs, r.endMs, r.rssMb,
                        r.anonymousMb);
            std::fflush(stdout);
            QFile::remove(dir.filePath("a.f8"));
            QFile::remove(dir.filePath("b.f8"));
        }
    } catch (const PythonError& error) {
        std::fprintf(stderr, "%s\n%s\n", error.what(), error.traceback().c_str());
        return 1;
    } catch (const Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
