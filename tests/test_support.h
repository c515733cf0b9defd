// SPDX-License-Identifier: MIT
#pragma once

// Helpers shared by the test suites: a real embedded interpreter, Python
// expressions evaluated in a namespace with numpy (np), ctypes, array, mmap
// and _testbuffer imported, and the path of the fixture scripts.

#include <Python.h>

#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/py_object.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTest>

#include <memory>
#include <string>
#include <vector>

namespace testing {

/// Built with AddressSanitizer (scripts/test-sanitized): freed memory sits in
/// quarantine, and a fatal signal ends in ASan's report (SIGABRT).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
/// Built with ThreadSanitizer (scripts/test-tsan): every memory access is
/// checked (10-30 times slower), and a fatal signal ends in TSan's report.
#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitized = true;
#else
constexpr bool kThreadSanitized = false;
#endif

/// Evaluates a Python expression (after running `setup` statements, if any)
/// and returns the result. Throws PythonError. Takes the GIL itself; the
/// caller must hold it while it keeps the result.
arraylens::PyObjectRef eval(const std::string& expression, const std::string& setup = {});
/// Runs statements in the shared namespace.
void exec(const std::string& statements);
/// Binds a Python str to `name` in the shared namespace.
void setString(const std::string& name, const std::string& text);
/// eval() then export the buffer.
std::shared_ptr<arraylens::PyBuffer> buffer(const std::string& expression, const std::string& setup = {});
/// str(eval(expression)).
std::string str(const std::string& expression);
/// The path of tests/fixtures/NAME.
std::string fixture(const std::string& name);
/// The C-order N-D index of flat element number `flat` of `shape`.
std::vector<std::int64_t> unravel(std::int64_t flat, const std::vector<std::int64_t>& shape);
/// Resident memory of this process (/proc/self/statm), in bytes.
std::int64_t residentBytes();

} // namespace testing

namespace testing {

/// Runs one suite with a real interpreter, started after the application
/// object and finalized after the test object (and every buffer it holds)
/// is gone. Headless unless QT_QPA_PLATFORM says otherwise; settings go to
/// an organization of their own, never the user's.
template <class Suite, class Application>
int runSuite(int argc, char* argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    Application app(argc, argv);
    Application::setOrganizationName("ArrayLensTests");
    arraylens::Interpreter interpreter;
    Suite suite;
    return QTest::qExec(&suite, argc, argv);
}

} // namespace testing

/// main() for a suite that needs Python.
#define ARRAYLENS_TEST_MAIN(Suite) \
    int main(int argc, char* argv[]) { return testing::runSuite<Suite, QCoreApplication>(argc, argv); }
/// main() for a suite that also needs widgets.
#define ARRAYLENS_WIDGET_TEST_MAIN(Suite) \
    int main(int argc, char* argv[]) { return testing::runSuite<Suite, QApplication>(argc, argv); }
