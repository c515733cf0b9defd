// SPDX-License-Identifier: MIT
// Find (issue 12, item 6): how fast CellFinder searches 10^8 elements held
// in memory when nothing matches (every element read), on one thread and on
// all cores, for float64 (== -1, nan, > 1e300), a reversed float64 view,
// int64 and float32; beside NumPy's own first-match idiom on the same
// array in the same process, `np.argmax(a == v)` (`np.isnan` for nan).
// Five runs each, the median printed as one JSON object per case.
// Not a test; headless; about a minute on 2 cores.
#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_data.h"
#include "core/cell_finder.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/py_object.h"
#include "core/slice_spec.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace arraylens;

namespace {

void run(const std::string& code)
{
    GilGuard gil;
    if (PyRun_SimpleString(code.c_str()) != 0)
        throw std::runtime_error("Python failed: " + code);
}

double pythonFloat(const std::string& expression)
{
    GilGuard gil;
    PyObject* main = PyImport_AddModule("__main__");
    PyObject* globals = PyModule_GetDict(main);
    PyObject* value = PyRun_String(expression.c_str(), Py_eval_input, globals, globals);
    if (!value)
        throw std::runtime_error("Python failed: " + expression);
    const double result = PyFloat_AsDouble(value);
    Py_DECREF(value);
    return result;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char* argv[])
{
    const std::string only = argc > 1 ? argv[1] : ""; // run only the cases whose name contains this
    Interpreter interpreter;
    constexpr long long n = 100'000'000;
    run("import numpy as np, time\n"
        "a = np.arange(" + std::to_string(n) + ", dtype='f8')\n"
        "r = a[::-1]\n"
        "i = np.arange(" + std::to_string(n) + ", dtype='i8')\n"
        "f = np.arange(" + std::to_string(n) + ", dtype='f4')\n"
        "def numpy_ms(make):\n"
        "    times = []\n"
        "    for _ in range(5):\n"
        "        t = time.perf_counter(); make(); times.append(time.perf_counter() - t)\n"
        "    return sorted(times)[2] * 1000\n");
    struct Case {
        const char* name;
        const char* array;
        const char* condition;
        const char* numpy;
    };
    const Case cases[] = {
        {"float64 == -1", "a", "== -1", "lambda: np.argmax(a == -1)"},
        {"float64 nan", "a", "nan", "lambda: np.argmax(np.isnan(a))"},
        {"float64 > 1e300", "a", "> 1e300", "lambda: np.argmax(a > 1e300)"},
        {"float64 reversed == -1", "r", "== -1", "lambda: np.argmax(r == -1)"},
        {"int64 == -1", "i", "== -1", "lambda: np.argmax(i == -1)"},
        {"float32 == -1", "f", "== -1", "lambda: np.argmax(f == -1)"},
    };
    for (const Case& c : cases) {
        if (std::string(c.name).find(only) == std::string::npos)
            continue;
        std::shared_ptr<ArraySource> source;
        {
            GilGuard gil;
            PyObject* main = PyImport_AddModule("__main__");
            PyObject* object = PyDict_GetItemString(PyModule_GetDict(main), c.array);
            source = ArrayData::fromObject(PyHandle(object), c.array)->makeSource(SliceSpec(), false, "");
        }
        double ms[2] = {0, 0};
        for (unsigned threads : {1u, 0u}) {
            FindOptions options;
            options.threads = threads;
            const CellFinder finder(*source, FindCondition::parse(c.condition), options);
            std::vector<double> times;
            for (int run = 0; run < 5; ++run) {
                const auto start = std::chrono::steady_clock::now();
                const FindOutcome outcome = finder.find(*source, 0, 0, FindDirection::Forward, true);
                times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                if (outcome.status != FindOutcome::Status::NotFound)
                    throw std::runtime_error("unexpected match");
            }
            ms[threads == 1 ? 0 : 1] = median(times);
        }
        const double numpyMs = pythonFloat(std::string("numpy_ms(") + c.numpy + ")");
        std::printf("{\"case\": \"%s\", \"elements\": %lld, \"one_thread_ms\": %.1f, \"all_cores_ms\": %.1f, "
                    "\"elements_per_s\": %.3g, \"numpy_ms\": %.1f, \"numpy_over_find\": %.2f}\n",
                    c.name, n, ms[0], ms[1], n / (ms[1] / 1000), numpyMs, numpyMs / ms[1]);
        std::fflush(stdout);
    }
    return 0;
}
