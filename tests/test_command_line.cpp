// SPDX-License-Identifier: MIT
// The "Command line" contract of DESIGN.md, end to end: the real arraylens
// binary runs in a QProcess and its standard output, standard error and exit
// code are checked. Exported CSV is read back by this process's own embedded
// Python and compared bit for bit with the array the fixture function returns;
// --info is compared with what Python's memoryview reports for the same object.
#include "test_support.h"

#include "arraylens_process.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace {

using Run = testing::ProcessRun;

QString fixturePath(const char* name)
{
    return QString::fromStdString(testing::fixture(name));
}

QString arraysScript()
{
    return fixturePath("cli_arrays.py");
}

/// Runs `program` and collects what it did; `prepare` may set the process
/// up further before it starts.
Run runProgram(const QString& program, const QStringList& arguments, const QString& workingDirectory = {},
               const QString& standardOutputFile = {}, const std::function<void(QProcess&)>& prepare = {})
{
    testing::ProcessOptions options;
    options.workingDirectory = workingDirectory;
    options.standardOutputFile = standardOutputFile;
    options.prepare = prepare;
    return testing::runProgram(program, arguments, options);
}

Run runArrayLens(const QStringList& arguments, const QString& workingDirectory = {},
                 const QString& standardOutputFile = {}, const std::function<void(QProcess&)>& prepare = {})
{
    return runProgram(QStringLiteral(ARRAYLENS_BINARY), arguments, workingDirectory, standardOutputFile, prepare);
}

/// A word for bash that stands for exactly these bytes: $'...' with every
/// byte but letters, digits and a few safe signs as \xNN. QProcess can only
/// pass arguments as text (UTF-8), so names that are not UTF-8 go this way.
QByteArray shellWord(const QByteArray& bytes)
{
    QByteArray word = "$'";
    for (const char c : bytes) {
        if (std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-,:=", c))
            word += c;
        else
            word += "\\x" + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
    }
    return word + "'";
}

/// Runs `bash -c SCRIPT` where SCRIPT is `prefix` then `exec arraylens` with
/// these arguments (bytes, any).
Run runThroughBash(const QByteArray& prefix, const QList<QByteArray>& arguments)
{
    QByteArray script = prefix + " exec " + shellWord(ARRAYLENS_BINARY);
    for (const QByteArray& argument : arguments)
        script += " " + shellWord(argument);
    return runProgram("/bin/bash", {"-c", QString::fromLatin1(script)});
}

/// Every name in a folder, hidden ones included, sorted, as bytes.
QList<QByteArray> entriesOf(const QByteArray& folder)
{
    QList<QByteArray> names;
    if (DIR* dir = ::opendir(folder.constData())) {
        while (const dirent* entry = ::readdir(dir))
            if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
                names << QByteArray(entry->d_name);
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    return names;
}

QList<QByteArray> entriesOf(const QTemporaryDir& folder)
{
    return entriesOf(QFile::encodeName(folder.path()));
}

QByteArray contentOf(const QByteArray& path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "<missing>";
    QByteArray content;
    char buffer[65536];
    ssize_t got = 0;
    while ((got = ::read(fd, buffer, sizeof buffer)) > 0)
        content.append(buffer, got);
    ::close(fd);
    return content;
}

bool writeFile(const QByteArray& path, const QByteArray& content, mode_t mode = 0644)
{
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, content.constData(), content.size()) == content.size() && ::fchmod(fd, mode) == 0;
    ::close(fd);
    return ok;
}

struct stat lstatOf(const QByteArray& path)
{
    struct stat status {};
    if (::lstat(path.constData(), &status) != 0)
        status.st_mode = 0;
    return status;
}

/// The same file system object, untouched in kind: device, inode, type and, for devices, what it is.
bool sameObject(const struct stat& a, const struct stat& b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_mode == b.st_mode && a.st_rdev == b.st_rdev;
}

QByteArray pathIn(const QTemporaryDir& folder, const QByteArray& name)
{
    return QFile::encodeName(folder.path()) + "/" + name;
}

/// What `grid` of cli_light.py exports.
QByteArray gridCsv()
{
    return "0.0,1.0,2.0,3.0\n4.0,5.0,6.0,7.0\n8.0,9.0,10.0,11.0\n";
}

QStringList exportGrid(const QString& path)
{
    return QStringList{"--call", "grid", "--export", path, fixturePath("cli_light.py")};
}

/// --call NAME [--arg A]... as arguments.
QStringList callArguments(const QString& name, const QStringList& literals)
{
    QStringList arguments{"--call", name};
    for (const QString& literal : literals)
        arguments << "--arg" << literal;
    return arguments;
}

/// A Python expression for the text, safe whatever it holds.
std::string pyText(const QString& text)
{
    return "bytes.fromhex('" + text.toUtf8().toHex().toStdString() + "').decode()";
}

std::string pyText(const QByteArray& bytes)
{
    return "bytes.fromhex('" + bytes.toHex().toStdString() + "').decode()";
}

std::string pyList(const QStringList& items)
{
    std::string text = "[";
    for (const QString& item : items)
        text += pyText(item) + ",";
    return text + "]";
}

/// "3,2,1,0" → "[3,2,1,0]" (labels are integers).
std::string pyIntList(const QString& commaSeparated)
{
    std::string text = "[";
    text += commaSeparated.toStdString();
    text += ']';
    return text;
}

QString jsonText(const QJsonValue& value)
{
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isNull())
        return "null";
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isString())
        return '"' + value.toString() + '"';
    return "<undefined>";
}

// The oracle, in the embedded interpreter: the fixture module loaded under a
// name of its own, its function called with the same literals, the slice
// applied by NumPy itself, and each CSV cell read back with Python's float(),
// int() and complex().
constexpr const char* kOracle = R"PY(
import ast, csv, importlib.util, io, json, os

_cli_modules = {}


def _cli_module(path):
    if path not in _cli_modules:
        name = "_cli_oracle_" + os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _cli_modules[path] = module
    return _cli_modules[path]


def _cli_value(path, name, literals):
    target = getattr(_cli_module(path), name)
    args = [ast.literal_eval(text) for text in literals]
    return target(*args) if callable(target) else target


def _cli_array(value):
    view = memoryview(value)
    if view.suboffsets:  # NumPy cannot read PIL-style buffers; memoryview can
        return np.array(view.tolist(), dtype=view.format)
    return np.asarray(view)


def _cli_expected(path, name, literals, index_text):
    a = _cli_array(_cli_value(path, name, literals))
    if index_text:
        a = a[eval("np.s_[" + index_text + "]")]
    a = np.asarray(a)
    return a.reshape(1, 1) if a.ndim == 0 else a.reshape(-1, 1) if a.ndim == 1 else a


def _cli_same_float(parsed, expected):
    expected = np.asarray(expected)
    parsed = np.asarray(parsed).astype(expected.dtype)
    if np.isnan(expected):
        return bool(np.isnan(parsed))
    return parsed.tobytes() == expected.tobytes()  # tells -0.0 from 0.0


def _cli_float(text, dtype):
    return np.array(np.longdouble(text) if dtype.itemsize > 8 else float(text)).astype(dtype)


def _cli_same(text, x):
    kind = x.dtype.kind
    if kind == "b":
        ok = text == ("True" if x else "False")
    elif kind in "iu":
        ok = text == str(int(x))
    elif kind == "f":
        ok = _cli_same_float(_cli_float(text, x.dtype), x)
    elif kind == "c":
        z = complex(text)
        part = x.real.dtype
        ok = _cli_same_float(np.array(z.real).astype(part), x.real) and \
            _cli_same_float(np.array(z.imag).astype(part), x.imag)
    else:
        return f"unexpected dtype {x.dtype}"
    return "" if ok else f"{text!r} does not read back as {x!r}"


def _cli_compare(text, path, name, literals, index_text, delimiter, header, row_labels, col_labels):
    """'' when the CSV text is exactly the expected array, else the first difference."""
    expected = _cli_expected(path, name, literals, index_text)
    if expected.size == 0:
        return "" if text == "" else f"expected no output for an empty selection, got {text[:200]!r}"
    if not text.endswith("\n") or "\r" in text:
        return f"lines must end in a single LF: {text[-40:]!r}"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    if header:
        # A view without a column axis (1-D, 0-d, one column picked) heads its column "value".
        selected = _cli_array(_cli_value(path, name, literals))
        if index_text:
            selected = np.asarray(selected[eval("np.s_[" + index_text + "]")])
        wanted = [""] + ([str(i) for i in col_labels] if selected.ndim >= 2 else ["value"])
        if rows[0] != wanted:
            return f"header row {rows[0]} != {wanted}"
        rows = rows[1:]
    if len(rows) != expected.shape[0]:
        return f"{len(rows)} rows, expected {expected.shape[0]}"
    for r, cells in enumerate(rows):
        if header:
            if cells[0] != str(row_labels[r]):
                return f"row {r}: index column {cells[0]!r}, expected {row_labels[r]}"
            del cells[0]
        if len(cells) != expected.shape[1]:
            return f"row {r}: {len(cells)} cells, expected {expected.shape[1]}: {cells}"
    if expected.dtype.kind == "f" and expected.dtype.itemsize <= 8 and expected.size > 1000:
        # Many cells: the same float() reading, vectorised; cell by cell only to say where.
        native = expected.astype(expected.dtype.newbyteorder("="))
        parsed = np.array(rows, dtype=np.float64).astype(native.dtype)
        bits = f"u{native.dtype.itemsize}"
        if ((parsed.view(bits) == native.view(bits)) | (np.isnan(parsed) & np.isnan(native))).all():
            return ""
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            why = _cli_same(cell, expected[r, c])
            if why:
                return f"row {r}, column {c}: {why}"
    return ""


def _cli_memoryview_facts(path, name, literals):
    with memoryview(_cli_value(path, name, literals)) as view:
        return json.dumps({
            "format": view.format, "itemsize": view.itemsize, "ndim": view.ndim,
            "shape": list(view.shape), "strides": list(view.strides), "readonly": view.readonly,
            "c_contiguous": view.c_contiguous, "f_contiguous": view.f_contiguous,
            "suboffsets": list(view.suboffsets) or None})
)PY";

} // namespace

// QVERIFY inside a helper returns from the helper only; these stop the test.
#define EXPECT_SUCCESS(run)               \
    do {                                  \
        expectSuccess(run);               \
        if (QTest::currentTestFailed())   \
            return;                       \
    } while (false)

#define EXPECT_ERROR(run, exitCode, ...)          \
    do {                                         \
        expectError(run, exitCode, __VA_ARGS__); \
        if (QTest::currentTestFailed())          \
            return;                              \
    } while (false)

class test_command_line_suite : public QObject {
    Q_OBJECT

    /// str(eval(expression)) in the oracle; a Python error becomes the text,
    /// so the check that uses it fails with the reason instead of throwing.
    static std::string python(const std::string& expression)
    {
        try {
            return testing::str(expression);
        } catch (const std::exception& error) {
            return std::string("the oracle failed: ") + error.what();
        }
    }

    static void expectSuccess(const Run& run)
    {
        QVERIFY2(run.started, "arraylens did not start: " ARRAYLENS_BINARY);
        QVERIFY2(run.finished, "arraylens did not finish within 60 s\n" + run.describe());
        QVERIFY2(run.exitStatus == QProcess::NormalExit, run.describe());
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY2(run.err.isEmpty(), "unexpected stderr\n" + run.describe());
    }

    /// A clean failure: no crash, the exit code, nothing on stdout, and a
    /// first stderr line "arraylens: error: …" holding every fragment.
    static void expectError(const Run& run, int exitCode, const QStringList& fragments)
    {
        QVERIFY2(run.started, "arraylens did not start: " ARRAYLENS_BINARY);
        QVERIFY2(run.finished, "arraylens did not finish within 60 s\n" + run.describe());
        QVERIFY2(run.exitStatus == QProcess::NormalExit, "crashed\n" + run.describe());
        QVERIFY2(run.exitCode != 0, "succeeded where it must fail\n" + run.describe());
        QVERIFY2(run.exitCode == exitCode,
                 "expected exit code " + QByteArray::number(exitCode) + "\n" + run.describe());
        QVERIFY2(run.out.isEmpty(), "stdout must stay empty on failure\n" + run.describe());
        const QString first = run.firstErrorLine();
        QVERIFY2(first.startsWith("arraylens: error: "), "first stderr line\n" + run.describe());
        for (const QString& fragment : fragments)
            QVERIFY2(first.contains(fragment),
                     "first stderr line lacks \"" + fragment.toUtf8() + "\"\n" + run.describe());
        for (const char* sign : {"Segmentation", "Aborted", "terminate called", "Fatal Python error", "core dumped"})
            QVERIFY2(!run.err.contains(sign), "crash signs on stderr\n" + run.describe());
        // Tracebacks show the user's code only, never ArrayLens's or importlib's frames.
        QVERIFY2(!run.err.contains("<arraylens>") && !run.err.contains("importlib"),
                 "plumbing frames in the traceback\n" + run.describe());
    }

    /// Checks exported CSV text against the oracle: the same call, the same
    /// selection made by NumPy, every cell read back.
    static void compareCsv(const QByteArray& csv, const QString& script, const QString& name, const QStringList& literals,
                           const QString& oracleIndex, const QString& delimiter, bool header, const QString& rowLabels,
                           const QString& colLabels)
    {
        const std::string expression = "_cli_compare(" + pyText(csv) + ", " + pyText(script) + ", " + pyText(name) +
                                       ", " + pyList(literals) + ", " + pyText(oracleIndex) + ", " +
                                       pyText(delimiter) + ", " + (header ? "True" : "False") + ", " +
                                       pyIntList(rowLabels) + ", " + pyIntList(colLabels) + ")";
        const std::string difference = python(expression);
        QVERIFY2(difference.empty(), ("CSV differs from the array: " + difference + "\n--- CSV (first 600 bytes):\n" +
                                      csv.left(600).toStdString())
                                         .c_str());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(ARRAYLENS_BINARY)).isExecutable(), "not built: " ARRAYLENS_BINARY);
        testing::exec(kOracle);
    }

    void oracleCatchesDifferences_data()
    {
        // The read-back itself, without arraylens: it must reject what is
        // almost right, or the export tests would prove nothing.
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("index");
        QTest::addColumn<bool>("header");
        QTest::addColumn<QString>("rowLabels");
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<bool>("same");

        const QByteArray grid = "0.0,1.0,2.0,3.0\n4.0,5.0,6.0,7.0\n8.0,9.0,10.0,11.0\n";
        QTest::newRow("right") << "grid" << "" << false << "" << grid << true;
        QTest::newRow("-0.0 for 0.0") << "grid" << "" << false << "" << QByteArray(grid).replace("0.0,1", "-0.0,1") << false;
        QTest::newRow("one ulp off") << "grid" << "" << false << "" << QByteArray(grid).replace(",1.0,", ",1.0000000000000002,") << false;
        QTest::newRow("a row missing") << "grid" << "" << false << "" << grid.left(grid.lastIndexOf("8.0")) << false;
        QTest::newRow("a cell missing") << "grid" << "" << false << "" << QByteArray(grid).replace(",11.0", "") << false;
        QTest::newRow("no final newline") << "grid" << "" << false << "" << grid.chopped(1) << false;
        QTest::newRow("CRLF") << "grid" << "" << false << "" << QByteArray(grid).replace("\n", "\r\n") << false;
        QTest::newRow("int right") << "vector" << "::-2" << true << "4,2,0" << QByteArray(",value\n4,8\n2,2\n0,-4\n") << true;
        QTest::newRow("int off by one") << "vector" << "::-2" << true << "4,2,0" << QByteArray(",value\n4,8\n2,3\n0,-4\n") << false;
        QTest::newRow("int as float") << "vector" << "::-2" << true << "4,2,0" << QByteArray(",value\n4,8.0\n2,2\n0,-4\n") << false;
        QTest::newRow("wrong row label") << "vector" << "::-2" << true << "4,2,0" << QByteArray(",value\n0,8\n1,2\n2,-4\n") << false;
        QTest::newRow("output for an empty selection") << "cube" << "0,3:,:" << false << "" << QByteArray("\n") << false;
    }

    void oracleCatchesDifferences()
    {
        QFETCH(QString, name);
        QFETCH(QString, index);
        QFETCH(bool, header);
        QFETCH(QString, rowLabels);
        QFETCH(QByteArray, csv);
        QFETCH(bool, same);
        const std::string difference =
            python("_cli_compare(" + pyText(csv) + ", " + pyText(fixturePath("cli_light.py")) + ", " + pyText(name) +
                   ", [], " + pyText(index) + ", ',', " + (header ? "True" : "False") + ", " + pyIntList(rowLabels) +
                   ", [0])");
        QVERIFY2(difference.starts_with("the oracle failed") == false, difference.c_str());
        QVERIFY2(difference.empty() == same, ("the oracle says: '" + difference + "'").c_str());
    }

    // ---------------------------------------------------------------- --help, --version

    void helpAndVersion()
    {
        const Run help = runArrayLens({"--help"});
        EXPECT_SUCCESS(help);
        for (const char* option : {"--list", "--call", "--arg", "--info", "--export", "--slice", "--delimiter", "--header"})
            QVERIFY2(help.out.contains(option), "help lacks " + QByteArray(option) + "\n" + help.out);
        const Run version = runArrayLens({"--version"});
        EXPECT_SUCCESS(version);
        QVERIFY2(version.out.startsWith("arraylens "), version.describe());
    }

    void helpNamesTheProgram()
    {
        // Qt says <executable_name> when no QCoreApplication runs (headless).
        const Run help = runArrayLens({"--help"});
        EXPECT_SUCCESS(help);
        QVERIFY2(help.out.startsWith("Usage: arraylens [options] [SCRIPT|FILE]\n"), help.out);
        QVERIFY2(!help.out.contains("<executable_name>"), help.out);
        QVERIFY2(help.out.contains("--module <NAME>"), help.out);
    }

    void versionNamesTheEmbeddedPythonAndNumPy()
    {
        const Run version = runArrayLens({"--version"});
        EXPECT_SUCCESS(version);
        // The same answers the system's Python gives (the one ArrayLens embeds).
        const QString expected = QString("arraylens %1\nPython %2 (/usr/bin/python3)\nNumPy %3\n")
                                     .arg(ARRAYLENS_VERSION,
                                          QString::fromStdString(python("'%d.%d.%d' % sys.version_info[:3]")),
                                          QString::fromStdString(python("np.__version__")));
        QCOMPARE(QString::fromUtf8(version.out), expected);
    }

    // ---------------------------------------------------------------- --module

    void moduleOpensAnInstalledModuleByName()
    {
        // A package in the current folder, as `python3 -m pkg.arrays` finds
        // it; its relative import works because it loads as pkg.arrays.
        QTemporaryDir folder;
        QVERIFY(QDir(folder.path()).mkpath("pkg"));
        QVERIFY(writeFile(pathIn(folder, "pkg/__init__.py"), "SCALE = 10\n"));
        QVERIFY(writeFile(pathIn(folder, "pkg/arrays.py"), R"PY(
from collections.abc import Buffer
import numpy as np
from . import SCALE

def scaled(n: int = 3) -> Buffer:
    """SCALE times 0 .. n-1."""
    return np.arange(n) * SCALE
)PY"));
        testing::ProcessOptions here;
        here.workingDirectory = folder.path();
        const Run listed = runArrayLens({"--module", "pkg.arrays", "--list"}, here);
        EXPECT_SUCCESS(listed);
        QVERIFY2(listed.out.contains("* scaled(n: int = 3) -> Buffer  # SCALE times 0 .. n-1.\n"), listed.out);
        const Run exported = runArrayLens({"--module", "pkg.arrays", "--call", "scaled", "--arg", "4", "--export", "-"}, here);
        EXPECT_SUCCESS(exported);
        QCOMPARE(exported.out, QByteArray("0\n10\n20\n30\n"));
        // A module of the system's Python, from anywhere.
        const Run system = runArrayLens({"--module", "json", "--list"});
        EXPECT_SUCCESS(system);
        QVERIFY2(system.out.contains("\n  dumps("), system.out);
    }

    void moduleErrorsAreClear()
    {
        EXPECT_ERROR(runArrayLens({"--module", "no_such_module_here", "--list"}), 1,
                     {"ModuleNotFoundError", "no module named 'no_such_module_here'"});
        EXPECT_ERROR(runArrayLens({"--module", "json.no_such_part", "--list"}), 1,
                     {"no module named 'json.no_such_part'"});
        EXPECT_ERROR(runArrayLens({"--module", "no_package.part", "--list"}), 1,
                     {"no module named 'no_package.part'"});
        EXPECT_ERROR(runArrayLens({"--module", "sys", "--list"}), 1, {"module 'sys' is built in"});
        EXPECT_ERROR(runArrayLens({"--module", "9lives", "--list"}), 1, {"'9lives' is not a module name"});
        EXPECT_ERROR(runArrayLens({"--module", "", "--list"}), 2, {"--module needs a module NAME"});
        EXPECT_ERROR(runArrayLens({"--module", "json", "--list", fixturePath("cli_light.py")}), 2,
                     {"give a SCRIPT or --module NAME, not both"});
        // The desktop app says it on the terminal it was started from, and opens no window.
        QTemporaryDir settings;
        testing::ProcessOptions gui;
        gui.extraEnvironment.insert("XDG_CONFIG_HOME", settings.path());
        gui.extraEnvironment.insert("XDG_DATA_HOME", settings.path());
        gui.extraEnvironment.insert("XDG_RUNTIME_DIR", settings.path()); // else Qt warns first
        EXPECT_ERROR(runArrayLens({"--module", "no_such_module_here"}, gui), 1,
                     {"ModuleNotFoundError", "no module named 'no_such_module_here'"});
    }

    // ---------------------------------------------------------------- the desktop app

    void guiModeLoadsTheDesktopModule()
    {
        // Without a headless option the binary opens the window, from
        // arraylens_gui.so beside it: still running after 3 s, no error.
        QTemporaryDir settings;
        QProcess app;
        app.setProgram(QStringLiteral(ARRAYLENS_BINARY));
        app.setArguments({"--call", "grid", fixturePath("cli_light.py")});
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_CONFIG_HOME", settings.path()); // leave the user's settings alone
        app.setProcessEnvironment(environment);
        app.start();
        QVERIFY(app.waitForStarted(10'000));
        const bool ended = app.waitForFinished(3'000);
        const QByteArray err = app.readAllStandardError();
        // The desktop app ignores SIGXFSZ too: over a file-size limit an
        // export fails with a message instead of killing the app.
        QFile status(QString("/proc/%1/status").arg(app.processId()));
        const QByteArray statusText = status.open(QIODevice::ReadOnly) ? status.readAll() : QByteArray();
        const QByteArray ignored = statusText.mid(statusText.indexOf("SigIgn:") + 7).trimmed().left(16);
        if (!ended) {
            app.kill();
            app.waitForFinished(5'000);
        }
        QVERIFY2(!ended, "the desktop app ended by itself, exit code " + QByteArray::number(app.exitCode()) + "\n" + err);
        QVERIFY2(!err.contains("error"), err);
        bool parsed = false;
        const qulonglong mask = ignored.toULongLong(&parsed, 16);
        QVERIFY2(parsed && (mask >> (SIGXFSZ - 1) & 1), "SigIgn: " + ignored);
    }

    void guiModeOpensAScriptWhoseNameIsNotUtf8()
    {
        // arraylens caf\xe9.py, a relative path, from a shell: the window
        // opens that very file (its top level writes its own name to "opened").
        QTemporaryDir folder;
        const auto removeAll = qScopeGuard([&] {
            std::error_code ignored;
            std::filesystem::remove_all(QFile::encodeName(folder.path()).toStdString(), ignored);
        });
        QVERIFY(QFile::copy(fixturePath("cli_marks_open.py"), folder.filePath("plain.py")));
        QVERIFY(::rename(pathIn(folder, "plain.py").constData(), pathIn(folder, "caf\xe9.py").constData()) == 0);
        QTemporaryDir settings;
        QProcess app;
        app.setProgram("/bin/bash");
        app.setArguments({"-c", "exec " + QString::fromLatin1(shellWord(ARRAYLENS_BINARY) + " " + shellWord("caf\xe9.py"))});
        app.setWorkingDirectory(folder.path());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_CONFIG_HOME", settings.path()); // leave the user's settings alone
        app.setProcessEnvironment(environment);
        app.start();
        QVERIFY(app.waitForStarted(10'000));
        const QByteArray mark = pathIn(folder, "opened");
        QElapsedTimer waited;
        waited.start();
        while (contentOf(mark) == "<missing>" && waited.elapsed() < 30'000 && app.state() == QProcess::Running)
            QTest::qWait(50);
        const bool stillRunning = app.state() == QProcess::Running;
        app.kill();
        app.waitForFinished(5'000);
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(stillRunning, "the desktop app ended by itself\n" + err);
        QCOMPARE(contentOf(mark), QByteArray("caf\xe9.py"));
    }

    void guiModeWithoutTheModuleFailsClearly()
    {
        // The executable alone (an incomplete install): a message, exit code 1.
        QTemporaryDir folder;
        const QString copy = folder.filePath("arraylens");
        QVERIFY(QFile::copy(QStringLiteral(ARRAYLENS_BINARY), copy));
        QProcess app;
        app.setProgram(copy);
        app.setArguments({"--call", "grid", fixturePath("cli_light.py")});
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        app.setProcessEnvironment(environment);
        app.start();
        QVERIFY(app.waitForFinished(10'000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 1);
        const QString err = QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(err.startsWith("arraylens: error: cannot start the desktop app: ") && err.contains("arraylens_gui.so"),
                 qPrintable(err));
        // The headless modes need no module.
        app.setArguments({"--call", "grid", "--export", "-", fixturePath("cli_light.py")});
        app.start();
        QVERIFY(app.waitForFinished(30'000));
        QVERIFY2(app.exitCode() == 0, app.readAllStandardError());
        QVERIFY(app.readAllStandardOutput().startsWith("0.0,1.0,2.0,3.0\n"));
    }

    // ---------------------------------------------------------------- --list

    void listFunctionsAndVariables()
    {
        const Run run = runArrayLens({"--list", arraysScript()});
        EXPECT_SUCCESS(run);
        const QStringList lines = QString::fromUtf8(run.out).split('\n');
        QCOMPARE(lines.first(), QString("Functions (* marks those annotated -> Buffer):"));
        QVERIFY2(run.out.endsWith('\n'), run.describe());
        for (const char* expected : {
                 "* grid(rows: int = 3, cols: int = 4) -> Buffer  # A rows x cols float64 grid counting up.",
                 "* cube() -> Buffer",
                 "* filled(shape, value, dtype='float64') -> Buffer",
                 "* long_table(rows: int = 100000) -> Buffer  # Enough rows that the CSV writer works in many blocks, "
                 "on all cores.",
                 "* quoted() -> Buffer",
                 "  make_text()",
                 "  fails(x: int = 1)",
                 "  quits()",
                 "Buffer variables:",
                 "  table: numpy.ndarray uint8 (2, 3)",
             })
            QVERIFY2(lines.contains(QString::fromUtf8(expected)), "missing line: " + QByteArray(expected) + "\n" + run.out);
        // Functions come before variables, in the script's order.
        QVERIFY(lines.indexOf("* grid(rows: int = 3, cols: int = 4) -> Buffer  # A rows x cols float64 grid counting up.") <
                lines.indexOf("* cube() -> Buffer"));
        QVERIFY(lines.indexOf("  quits()") < lines.indexOf("Buffer variables:"));
        // Dates are read through the array interface; a variable whose
        // elements cannot be read is listed with the reason.
        QVERIFY2(lines.contains("  when: numpy.ndarray datetime64[D] (1,)"), run.out);
        const QString objects = lines.filter(QRegularExpression("^  object_table: ")).value(0);
        QVERIFY2(objects.startsWith("  object_table: numpy.ndarray (cannot export: ") && objects.contains("object") &&
                     objects.endsWith(")"),
                 run.out);
        // Not buffers: a str, modules, the imported Buffer class.
        for (const char* absent : {"label", "np", "ctypes", "sys", "Buffer", "_testbuffer"})
            QVERIFY2(lines.filter(QRegularExpression(QString("^  %1: ").arg(absent))).isEmpty(),
                     "listed a non-buffer: " + QByteArray(absent) + "\n" + run.out);
    }

    void listStandardLibraryExporters()
    {
        const Run run = runArrayLens({"--list", fixturePath("cli_light.py")});
        EXPECT_SUCCESS(run);
        const QStringList lines = QString::fromUtf8(run.out).split('\n');
        for (const char* expected : {
                 "  grid(rows: int = 3, cols: int = 4)",
                 "  every_other_backwards()  # A negative stride with no NumPy: a memoryview slice.",
                 "Buffer variables:",
                 "  blob: builtins.bytearray uint8 (3,)",
                 "  frozen_blob: builtins.bytes uint8 (3,) read-only",
             })
            QVERIFY2(lines.contains(QString::fromUtf8(expected)), "missing line: " + QByteArray(expected) + "\n" + run.out);
        QVERIFY2(!run.out.contains("label"), run.out);
    }

    void listStringAnnotations()
    {
        // from __future__ import annotations: every annotation is a string.
        const Run run = runArrayLens({"--list", fixturePath("cli_listing.py")});
        EXPECT_SUCCESS(run);
        const QStringList lines = QString::fromUtf8(run.out).split('\n');
        for (const char* expected : {
                 "* ramp(n: int = 4, *, scale: float = 1.0) -> Buffer  # A ramp of n values.",
                 "* qualified(a, b=2, /, c=None) -> collections.abc.Buffer",
                 "  plain(x)",
                 "  typed() -> np.ndarray",
                 "  weights: numpy.ndarray float32 (2, 5)",
                 "  header: builtins.bytes uint8 (2,) read-only",
             })
            QVERIFY2(lines.contains(QString::fromUtf8(expected)), "missing line: " + QByteArray(expected) + "\n" + run.out);
        QVERIFY2(!run.out.contains("count"), "an int is not a buffer\n" + run.out);

        // `-> "Buffer"` is the same annotation whether or not the module has
        // `from __future__ import annotations`; there it arrives as the string
        // "'Buffer'", quotes included.
        const QString spread = lines.filter(QRegularExpression("^. spread\\(")).value(0);
        QVERIFY2(!spread.isEmpty(), run.out);
        QVERIFY2(spread.startsWith("* "), qPrintable(spread));
    }

    void listNothing()
    {
        const Run run = runArrayLens({"--list", fixturePath("cli_no_functions.py")});
        EXPECT_SUCCESS(run);
        QCOMPARE(QString::fromUtf8(run.out), QString("Functions (* marks those annotated -> Buffer):\n"
                                                     "  (none)\n"
                                                     "Buffer variables:\n"
                                                     "  (none)\n"));
    }

    // ---------------------------------------------------------------- --info

    /// Records, strings, dates and masks from the command line: each column
    /// read back with Python's csv module and compared with NumPy, field by
    /// field; --info names the fields, the unit and the mask.
    void elementTypesExportAndInfo()
    {
        const QString arrays = arraysScript();
        const Run records = runArrayLens({"--call", "people", "--export", "-", "--header", arrays});
        EXPECT_SUCCESS(records);
        testing::setString("_out", records.out.toStdString());
        testing::setString("_path", arrays.toStdString());
        testing::exec(R"PY(
_a = _cli_value(_path, 'people', [])
_rows = list(csv.reader(io.StringIO(_out, newline=''), strict=True))
_problems = []
if _rows[0] != ['', 'name', 'pos.x', 'pos.y', 'v[0]', 'v[1]', 'ok', 'tag']:
    _problems.append(('header', _rows[0]))
for i, row in enumerate(_rows[1:]):
    r = _a[i]
    got = (int(row[0]), row[1], float(row[2]), np.float32(row[3]), int(row[4]), int(row[5]), row[6] == 'True',
           row[7].encode('ascii').decode('unicode_escape').encode('latin-1'))
    want = (i, str(r['name']), float(r['pos']['x']), r['pos']['y'], int(r['v'][0]), int(r['v'][1]), bool(r['ok']),
            bytes(r['tag']))
    if got != want:
        _problems.append((i, got, want))
if len(_rows) != 4:
    _problems.append(('rows', len(_rows)))
)PY");
        QCOMPARE(testing::str("_problems"), std::string("[]"));

        const Run info = runArrayLens({"--call", "people", "--info", arrays});
        EXPECT_SUCCESS(info);
        const QJsonObject json = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(json["dtype"].toString(), QString("void416"));
        QCOMPARE(json["masked"].toBool(), false);
        testing::exec(R"PY(
def _leaves(dtype, prefix='', base=0):
    for name in dtype.names:
        field, offset = dtype.fields[name][:2]
        if field.names:
            yield from _leaves(field, prefix + name + '.', base + offset)
        elif field.subdtype:
            item, shape = field.subdtype
            for k, index in enumerate(np.ndindex(*shape)):
                yield (prefix + name + '[' + ','.join(map(str, index)) + ']', item, base + offset + k * item.itemsize)
        else:
            yield (prefix + name, field, base + offset)
def _dtype_name(d):
    return d.str[1:] if d.kind in 'US' else d.name
_fields = [{'name': n, 'dtype': _dtype_name(d), 'offset': o} for n, d, o in _leaves(_a.dtype)]
)PY");
        QCOMPARE(QString::fromUtf8(QJsonDocument(json["fields"].toArray()).toJson(QJsonDocument::Compact)),
                 QString::fromStdString(testing::str("__import__('json').dumps(_fields, separators=(',', ':'), sort_keys=True)")));

        // A plane of records: the first field, or the one --field names.
        const Run first = runArrayLens({"--call", "record_grid", "--export", "-", arrays});
        EXPECT_SUCCESS(first);
        QCOMPARE(first.out, QByteArray("0.0,0.25,0.5\n0.75,1.0,1.25\n"));
        const Run second = runArrayLens({"--call", "record_grid", "--field", "n", "--export", "-", "--header", arrays});
        EXPECT_SUCCESS(second);
        QCOMPARE(second.out, QByteArray(",0,1,2\n0,0,10,20\n1,30,40,50\n"));

        // Dates and durations, through the array interface.
        const Run moments = runArrayLens({"--call", "moments", "--export", "-", arrays});
        EXPECT_SUCCESS(moments);
        QCOMPARE(moments.out, QByteArray("2024-02-29T12:00:00.125\nNaT\n1969-12-31T23:59:59.999\n"));
        const Run waits = runArrayLens({"--call", "waits", "--info", arrays});
        EXPECT_SUCCESS(waits);
        const QJsonObject waitsInfo = QJsonDocument::fromJson(waits.out).object();
        QCOMPARE(waitsInfo["dtype"].toString(), QString("timedelta64[s]"));
        QCOMPARE(waitsInfo["format"].toString(), QString("<m8[s]"));
        QCOMPARE(waitsInfo["cpp_type"].toString(), QString("std::int64_t"));
        const Run waitsCsv = runArrayLens({"--call", "waits", "--export", "-", arrays});
        QCOMPARE(waitsCsv.out, QByteArray("5\n-3\nNaT\n"));

        // A masked cell is an empty cell.
        const Run masked = runArrayLens({"--call", "masked", "--info", arrays});
        EXPECT_SUCCESS(masked);
        QCOMPARE(QJsonDocument::fromJson(masked.out).object()["masked"].toBool(), true);
        const Run maskedCsv = runArrayLens({"--call", "masked", "--export", "-", arrays});
        QCOMPARE(maskedCsv.out, QByteArray("1.5\n\n3.0\n"));
    }

    void info_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("literals");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("cppType");
        QTest::addColumn<int>("itemsize");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("strides");
        QTest::addColumn<bool>("readonly");
        QTest::addColumn<QString>("byteorder");
        QTest::addColumn<bool>("cContiguous");
        QTest::addColumn<bool>("fContiguous");
        QTest::addColumn<QString>("suboffsets");
        QTest::addColumn<QString>("exporter"); // empty: not checked

        const QString arrays = arraysScript();
        const QString light = fixturePath("cli_light.py"); // no NumPy: starts faster
        const QStringList none;
        // clang-format off
        QTest::newRow("float64 2-D") << arrays << "grid" << none << "d" << "float64" << "double" << 8 << "[3,4]" << "[32,8]" << false << "<" << true << false << "null" << "numpy.ndarray";
        QTest::newRow("int32 3-D") << light << "cube" << none << "i" << "int32" << "std::int32_t" << 4 << "[2,3,4]" << "[48,16,4]" << false << "<" << true << false << "null" << "memoryview";
        QTest::newRow("int16 4-D") << light << "hypercube" << none << "h" << "int16" << "std::int16_t" << 2 << "[2,3,4,5]" << "[120,40,10,2]" << false << "<" << true << false << "null" << "";
        QTest::newRow("big-endian int32") << arrays << "big_endian" << none << ">i" << "int32" << "std::int32_t" << 4 << "[2,3]" << "[12,4]" << false << ">" << true << false << "null" << "";
        QTest::newRow("big-endian float64") << arrays << "big_endian_floats" << none << ">d" << "float64" << "double" << 8 << "[4]" << "[8]" << false << ">" << true << true << "null" << "";
        QTest::newRow("transposed") << arrays << "transposed" << none << "f" << "float32" << "float" << 4 << "[4,3]" << "[4,16]" << false << "<" << false << true << "null" << "";
        QTest::newRow("broadcast, stride 0") << arrays << "broadcast" << none << "h" << "int16" << "std::int16_t" << 2 << "[4,3]" << "[0,2]" << true << "<" << false << false << "null" << "";
        QTest::newRow("not writeable") << arrays << "read_only" << none << "d" << "float64" << "double" << 8 << "[2,3]" << "[24,8]" << true << "<" << true << false << "null" << "";
        QTest::newRow("bytes") << light << "raw_bytes" << none << "B" << "uint8" << "std::uint8_t" << 1 << "[5]" << "[1]" << true << "|" << true << true << "null" << "bytes";
        QTest::newRow("ctypes array") << light << "ctypes_grid" << none << "<i" << "int32" << "std::int32_t" << 4 << "[2,3]" << "[12,4]" << false << "<" << true << false << "null" << "";
        QTest::newRow("memoryview, negative stride") << light << "every_other_backwards" << none << "h" << "int16" << "std::int16_t" << 2 << "[5]" << "[-4]" << false << "<" << false << false << "null" << "memoryview";
        QTest::newRow("PIL suboffsets") << light << "pil_style" << none << "i" << "int32" << "std::int32_t" << 4 << "[3,4]" << "[8,4]" << true << "<" << false << false << "[0,-1]" << "";
        QTest::newRow("0-d") << arrays << "scalar" << none << "d" << "float64" << "double" << 8 << "[]" << "[]" << false << "<" << true << true << "null" << "";
        QTest::newRow("empty 2-D") << arrays << "empty" << none << "d" << "float64" << "double" << 8 << "[0,3]" << "[24,8]" << false << "<" << true << true << "null" << "";
        QTest::newRow("empty 1-D") << arrays << "empty_vector" << none << "i" << "int32" << "std::int32_t" << 4 << "[0]" << "[4]" << false << "<" << true << true << "null" << "";
        QTest::newRow("variable ndarray") << arrays << "table" << none << "B" << "uint8" << "std::uint8_t" << 1 << "[2,3]" << "[3,1]" << false << "|" << true << false << "null" << "numpy.ndarray";
        QTest::newRow("variable bytearray") << light << "blob" << none << "B" << "uint8" << "std::uint8_t" << 1 << "[3]" << "[1]" << false << "|" << true << true << "null" << "bytearray";
        QTest::newRow("variable bytes") << light << "frozen_blob" << none << "B" << "uint8" << "std::uint8_t" << 1 << "[3]" << "[1]" << true << "|" << true << true << "null" << "bytes";
        QTest::newRow("float16") << arrays << "float16s" << none << "e" << "float16" << "arraylens::Float16" << 2 << "[6]" << "[2]" << false << "<" << true << true << "null" << "";
        QTest::newRow("complex128") << arrays << "complexes" << none << "Zd" << "complex128" << "std::complex<double>" << 16 << "[2,2]" << "[32,16]" << false << "<" << true << false << "null" << "";
        QTest::newRow("complex64") << arrays << "complex64s" << none << "Zf" << "complex64" << "std::complex<float>" << 8 << "[3]" << "[8]" << false << "<" << true << true << "null" << "";
        QTest::newRow("bool") << arrays << "bools" << none << "?" << "bool" << "bool" << 1 << "[2,2]" << "[2,1]" << false << "|" << true << false << "null" << "";
        QTest::newRow("uint64") << arrays << "unsigned" << none << "L" << "uint64" << "std::uint64_t" << 8 << "[4]" << "[8]" << false << "<" << true << true << "null" << "";
        QTest::newRow("literals: tuple, negative float, string") << arrays << "filled" << QStringList{"(2, 3)", "-1.5", "'float32'"} << "f" << "float32" << "float" << 4 << "[2,3]" << "[12,4]" << false << "<" << true << false << "null" << "";
        QTest::newRow("literals: 1-tuple, int, big-endian string") << arrays << "filled" << QStringList{"(4,)", "7", "\">u2\""} << ">H" << "uint16" << "std::uint16_t" << 2 << "[4]" << "[2]" << false << ">" << true << true << "null" << "";
        // clang-format on
    }

    void info()
    {
        QFETCH(QString, script);
        QFETCH(QString, name);
        QFETCH(QStringList, literals);
        const Run run = runArrayLens(callArguments(name, literals) << "--info" << script);
        EXPECT_SUCCESS(run);
        QVERIFY2(run.out.endsWith("}\n") && run.out.count('\n') == 1, "one JSON object on one line\n" + run.describe());
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError && document.isObject(),
                 parseError.errorString().toUtf8() + "\n" + run.describe());
        const QJsonObject json = document.object();

        const QStringList contract{"source",       "lazy",       "format",   "dtype",     "cpp_type",
                                   "itemsize",     "ndim",       "shape",    "strides",   "readonly",
                                   "byteorder",    "c_contiguous", "f_contiguous", "suboffsets", "masked"};
        for (const QString& key : contract)
            QVERIFY2(json.contains(key), "missing key " + key.toUtf8() + "\n" + run.out);
        for (const QString& key : json.keys())
            QVERIFY2(contract.contains(key) || key == "exporter", "unexpected key " + key.toUtf8() + "\n" + run.out);
        // A buffer is read in place, from the object that exported it.
        QCOMPARE(json["lazy"].toBool(true), false);
        QCOMPARE(json["source"].toString(), json["exporter"].toString());

        QFETCH(QString, format);
        QFETCH(QString, dtype);
        QFETCH(QString, cppType);
        QFETCH(int, itemsize);
        QFETCH(QString, shape);
        QFETCH(QString, strides);
        QFETCH(bool, readonly);
        QFETCH(QString, byteorder);
        QFETCH(bool, cContiguous);
        QFETCH(bool, fContiguous);
        QFETCH(QString, suboffsets);
        QFETCH(QString, exporter);
        QVERIFY(json["format"].isString());
        QCOMPARE(json["format"].toString(), format);
        QCOMPARE(json["dtype"].toString(), dtype);
        QCOMPARE(json["cpp_type"].toString(), cppType);
        QVERIFY(json["itemsize"].isDouble());
        QCOMPARE(json["itemsize"].toInt(), itemsize);
        QCOMPARE(json["ndim"].toInt(), int(json["shape"].toArray().size()));
        QCOMPARE(jsonText(json["shape"]), shape);
        QCOMPARE(jsonText(json["strides"]), strides);
        QVERIFY(json["readonly"].isBool() && json["c_contiguous"].isBool() && json["f_contiguous"].isBool());
        QCOMPARE(json["readonly"].toBool(), readonly);
        QCOMPARE(json["byteorder"].toString(), byteorder);
        QCOMPARE(json["c_contiguous"].toBool(), cContiguous);
        QCOMPARE(json["f_contiguous"].toBool(), fContiguous);
        QCOMPARE(jsonText(json["suboffsets"]), suboffsets);
        if (!exporter.isEmpty())
            QCOMPARE(json["exporter"].toString(), exporter);

        // The same object through Python's own memoryview.
        const std::string facts = python("_cli_memoryview_facts(" + pyText(script) + ", " + pyText(name) +
                                               ", " + pyList(literals) + ")");
        const QJsonObject oracle = QJsonDocument::fromJson(QByteArray::fromStdString(facts)).object();
        QVERIFY2(!oracle.isEmpty(), facts.c_str());
        for (const QString& key : oracle.keys())
            QVERIFY2(jsonText(json[key]) == jsonText(oracle[key]),
                     (key + ": arraylens says " + jsonText(json[key]) + ", memoryview says " + jsonText(oracle[key]))
                         .toUtf8());
    }

    // ---------------------------------------------------------------- --arg literals

    void argumentLiterals_data()
    {
        QTest::addColumn<QStringList>("arguments"); // as given on the command line
        QTest::addColumn<QString>("received");      // repr() of the tuple the function got

        QTest::newRow("none") << QStringList{} << "()";
        QTest::newRow("negative int, separate value") << QStringList{"--arg", "-3"} << "(-3,)";
        QTest::newRow("negative int, = form") << QStringList{"--arg=-3"} << "(-3,)";
        QTest::newRow("negative float") << QStringList{"--arg", "-2.5e-3"} << "(-0.0025,)";
        QTest::newRow("ints") << QStringList{"--arg", "7", "--arg", "0x10", "--arg", "1_000", "--arg", "-0"}
                              << "(7, 16, 1000, 0)";
        QTest::newRow("floats") << QStringList{"--arg", "1e3", "--arg", "-0.0", "--arg", ".5", "--arg", "1.7976931348623157e308"}
                                << "(1000.0, -0.0, 0.5, 1.7976931348623157e+308)";
        QTest::newRow("strings in quotes") << QStringList{"--arg", "'a b'", "--arg", "\"x,y\"", "--arg", "'é'", "--arg", "''"}
                                           << "('a b', 'x,y', 'é', '')";
        QTest::newRow("tuples") << QStringList{"--arg", "(1, -2.5, 'x')", "--arg", "()", "--arg", "(3,)"}
                                << "((1, -2.5, 'x'), (), (3,))";
        QTest::newRow("list, dict, bool, None") << QStringList{"--arg", "[1, 2]", "--arg", "{'k': None}", "--arg", "True",
                                                               "--arg", "None"}
                                                << "([1, 2], {'k': None}, True, None)";
        QTest::newRow("complex, bytes") << QStringList{"--arg", "1+2j", "--arg", "b'\\x00'"} << "((1+2j), b'\\x00')";
        QTest::newRow("spaces around") << QStringList{"--arg", " 4 "} << "(4,)";
    }

    void argumentLiterals()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, received);
        // describe() returns repr(args) as uint8: one column of byte values.
        const Run run = runArrayLens(QStringList{"--call", "describe"} + arguments +
                                     QStringList{"--export", "-", fixturePath("cli_light.py")});
        EXPECT_SUCCESS(run);
        QByteArray text;
        for (const QByteArray& line : run.out.split('\n'))
            if (!line.isEmpty())
                text += char(line.toInt());
        QCOMPARE(QString::fromUtf8(text), received);
    }

    // ---------------------------------------------------------------- --export

    void exportValues_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("literals");
        QTest::addColumn<QString>("slice");       // --slice; empty: not given
        QTest::addColumn<QString>("oracleIndex"); // the same selection in NumPy's syntax
        QTest::addColumn<QString>("delimiterArgument"); // --delimiter; empty: not given
        QTest::addColumn<QString>("delimiter");
        QTest::addColumn<bool>("header");
        QTest::addColumn<QString>("rowLabels");
        QTest::addColumn<QString>("colLabels");
        QTest::addColumn<bool>("toFile");   // else to '-'
        QTest::addColumn<QString>("exact"); // the whole expected text; empty: only the oracle

        const QString arrays = arraysScript();
        const QString light = fixturePath("cli_light.py"); // no NumPy: starts faster
        const QStringList none;
        // clang-format off
        QTest::newRow("float64 2-D to file") << arrays << "grid" << none << "" << "" << "" << "," << false << "" << "" << true
            << "0.0,0.25,0.5,0.75\n1.0,1.25,1.5,1.75\n2.0,2.25,2.5,2.75\n";
        QTest::newRow("3-D 1,:,:") << light << "cube" << none << "1,:,:" << "1,:,:" << "" << "," << false << "" << "" << false
            << "12,13,14,15\n16,17,18,19\n20,21,22,23\n";
        QTest::newRow("3-D 1 (trailing axes implied)") << light << "cube" << none << "1" << "1" << "" << "," << false << "" << "" << true
            << "12,13,14,15\n16,17,18,19\n20,21,22,23\n";
        QTest::newRow("3-D :,0,::-1 with header") << light << "cube" << none << ":,0,::-1" << ":,0,::-1" << "" << "," << true << "0,1" << "3,2,1,0" << false
            << ",3,2,1,0\n0,3,2,1,0\n1,15,14,13,12\n";
        QTest::newRow("3-D ...,2 tab header") << light << "cube" << none << "...,2" << "...,2" << "tab" << "\t" << true << "0,1" << "0,1,2" << true
            << "\t0\t1\t2\n0\t2\t6\t10\n1\t14\t18\t22\n";
        QTest::newRow("3-D -1,::-2,1:3 semicolon header") << light << "cube" << none << "-1,::-2,1:3" << "-1,::-2,1:3" << ";" << ";" << true << "2,0" << "1,2" << false
            << ";1;2\n2;21;22\n0;13;14\n";
        QTest::newRow("3-D (0,:,:) in parentheses") << light << "cube" << none << "(0, :, :)" << "0,:,:" << "" << "," << false << "" << "" << false << "";
        QTest::newRow("3-D negative stop") << light << "cube" << none << "0,:-1,-3:" << "0,:-1,-3:" << "" << "," << true << "0,1" << "1,2,3" << false << "";
        QTest::newRow("4-D 1,...,2") << light << "hypercube" << none << "1,...,2" << "1,...,2" << "" << "," << true << "0,1,2" << "0,1,2,3" << false << "";
        QTest::newRow("4-D 0,::-1,2,1::2") << light << "hypercube" << none << "0,::-1,2,1::2" << "0,::-1,2,1::2" << "" << "," << true << "2,1,0" << "1,3" << false << "";
        QTest::newRow("float64 edge values, semicolon") << arrays << "tricky_floats" << none << "" << "" << ";" << ";" << false << "" << "" << false
            << "0.0;-0.0;0.1;0.3333333333333333\n-1e-300;5e-324;1.7976931348623157e+308;inf\n"
               "-inf;nan;1e+16;1e-05\n123456789.125;-1.5e-323;9007199254740992.0;0.30000000000000004\n";
        QTest::newRow("float64, delimiter inside cells is quoted") << arrays << "tricky_floats" << none << "" << "" << "e" << "e" << false << "" << "" << false << "";
        QTest::newRow("float64, '.' delimiter quotes every cell") << arrays << "grid" << none << "" << "" << "." << "." << false << "" << "" << false << "";
        QTest::newRow("float32") << arrays << "float32s" << none << "" << "" << "" << "," << false << "" << "" << false << "";
        QTest::newRow("float16") << arrays << "float16s" << none << "" << "" << "" << "," << false << "" << "" << false << "";
        QTest::newRow("complex128") << arrays << "complexes" << none << "" << "" << "tab" << "\t" << false << "" << "" << false << "";
        QTest::newRow("complex128, '+' delimiter") << arrays << "complexes" << none << "" << "" << "+" << "+" << false << "" << "" << false << "";
        QTest::newRow("complex64") << arrays << "complex64s" << none << "" << "" << "" << "," << false << "" << "" << true << "";
        QTest::newRow("int64 extremes") << arrays << "integers" << none << "" << "" << "" << "," << false << "" << "" << false
            << "-9223372036854775808,9223372036854775807,-1,0\n";
        QTest::newRow("uint64 extremes") << arrays << "unsigned" << none << "" << "" << "" << "," << false << "" << "" << false
            << "0\n1\n9223372036854775808\n18446744073709551615\n";
        QTest::newRow("bool") << arrays << "bools" << none << "" << "" << "" << "," << false << "" << "" << false << "True,False\nFalse,True\n";
        QTest::newRow("big-endian int32") << arrays << "big_endian" << none << "" << "" << "" << "," << false << "" << "" << false
            << "1,-2,3\n16909060,-2147483648,2147483647\n";
        QTest::newRow("big-endian float64") << arrays << "big_endian_floats" << none << "" << "" << "" << "," << false << "" << "" << false << "";
        QTest::newRow("transposed ::-1,::-1") << arrays << "transposed" << none << "::-1,::-1" << "::-1,::-1" << "" << "," << true << "3,2,1,0" << "2,1,0" << false << "";
        QTest::newRow("broadcast") << arrays << "broadcast" << none << "" << "" << "" << "," << false << "" << "" << false << "7,-8,9\n7,-8,9\n7,-8,9\n7,-8,9\n";
        QTest::newRow("read-only") << arrays << "read_only" << none << "" << "" << "" << "," << false << "" << "" << false << "";
        QTest::newRow("bytes") << light << "raw_bytes" << none << "" << "" << "" << "," << false << "" << "" << false << "0\n1\n127\n128\n255\n";
        QTest::newRow("ctypes array") << light << "ctypes_grid" << none << "" << "" << "" << "," << false << "" << "" << false << "0,-1,2\n3,-4,5\n";
        QTest::newRow("PIL suboffsets ::-1,1:") << light << "pil_style" << none << "::-1,1:" << "::-1,1:" << "" << "," << true << "2,1,0" << "1,2,3" << false
            << ",1,2,3\n2,3,4,5\n1,-1,0,1\n0,-5,-4,-3\n";
        QTest::newRow("variable ndarray") << arrays << "table" << none << "" << "" << "" << "," << false << "" << "" << true << "0,1,2\n3,4,5\n";
        QTest::newRow("variable bytearray") << light << "blob" << none << "" << "" << "" << "," << false << "" << "" << false << "120\n121\n122\n";
        QTest::newRow("literal arguments") << arrays << "filled" << QStringList{"(2, 3)", "-1.5", "'float32'"} << "" << "" << "" << "," << false << "" << "" << false
            << "-1.5,-1.5,-1.5\n-1.5,-1.5,-1.5\n";
        QTest::newRow("1-D is one column") << light << "vector" << none << "" << "" << "" << "," << false << "" << "" << false << "-4\n-1\n2\n5\n8\n";
        QTest::newRow("1-D with header") << light << "vector" << none << "" << "" << "" << "," << true << "0,1,2,3,4" << "0" << false
            << ",value\n0,-4\n1,-1\n2,2\n3,5\n4,8\n";
        QTest::newRow("1-D ::-2 with header") << light << "vector" << none << "::-2" << "::-2" << "" << "," << true << "4,2,0" << "0" << true
            << ",value\n4,8\n2,2\n0,-4\n";
        QTest::newRow("1-D -1 is one cell") << light << "vector" << none << "-1" << "-1" << "" << "," << false << "" << "" << false << "8\n";
        QTest::newRow("0-d is one cell") << arrays << "scalar" << none << "" << "" << "" << "," << false << "" << "" << false << "2.5\n";
        QTest::newRow("0-d with ... slice") << arrays << "scalar" << none << "..." << "..." << "" << "," << false << "" << "" << false << "2.5\n";
        QTest::newRow("'\\t' delimiter") << light << "ctypes_grid" << none << "" << "" << "\\t" << "\t" << false << "" << "" << false << "0\t-1\t2\n3\t-4\t5\n";
        QTest::newRow("memoryview, negative stride") << light << "every_other_backwards" << none << "" << "" << "" << "," << true << "0,1,2,3,4" << "0" << false << ",value\n0,4\n1,2\n2,0\n3,-2\n4,-4\n";
        QTest::newRow("0-d with header") << arrays << "scalar" << none << "" << "" << "" << "," << true << "0" << "0" << false << ",value\n0,2.5\n";
        QTest::newRow("2-D vertical strip 1:2") << arrays << "grid" << none << ":,1:2" << ":,1:2" << "" << "," << true << "0,1,2" << "1" << false
            << ",1\n0,0.25\n1,1.25\n2,2.25\n";
        QTest::newRow("empty 2-D to file, header") << arrays << "empty" << none << "" << "" << "" << "," << true << "" << "" << true << "";
        QTest::newRow("empty 1-D") << arrays << "empty_vector" << none << "" << "" << "" << "," << false << "" << "" << true << "";
        QTest::newRow("empty selection 0,3:,:") << light << "cube" << none << "0,3:,:" << "0,3:,:" << "" << "," << true << "" << "" << false << "";
        QTest::newRow("many blocks to file") << arrays << "long_table" << QStringList{"40000"} << "" << "" << "" << "," << false << "" << "" << true << "";
        QTest::newRow("many blocks, reversed slice") << arrays << "long_table" << QStringList{"30000"} << "::-3,::-1" << "::-3,::-1" << "" << "," << false << "" << "" << false << "";
        // clang-format on
    }

    void exportValues()
    {
        QFETCH(QString, script);
        QFETCH(QString, name);
        QFETCH(QStringList, literals);
        QFETCH(QString, slice);
        QFETCH(QString, oracleIndex);
        QFETCH(QString, delimiterArgument);
        QFETCH(QString, delimiter);
        QFETCH(bool, header);
        QFETCH(QString, rowLabels);
        QFETCH(QString, colLabels);
        QFETCH(bool, toFile);
        QFETCH(QString, exact);

        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath("out.csv");
        QStringList arguments = callArguments(name, literals) << "--export" << (toFile ? path : QString("-"));
        if (!slice.isEmpty())
            arguments << "--slice" << slice;
        if (!delimiterArgument.isEmpty())
            arguments << "--delimiter" << delimiterArgument;
        if (header)
            arguments << "--header";
        arguments << script;
        const Run run = runArrayLens(arguments);
        EXPECT_SUCCESS(run);

        QByteArray csv = run.out;
        if (toFile) {
            QVERIFY2(run.out.isEmpty(), "an export to a file writes nothing to stdout\n" + run.describe());
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
            csv = file.readAll();
            // All or nothing: the temporary file is gone once renamed.
            QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"out.csv"});
        }
        if (!exact.isEmpty() || csv.isEmpty())
            QCOMPARE(QString::fromUtf8(csv), exact);
        compareCsv(csv, script, name, literals, oracleIndex, delimiter, header, rowLabels, colLabels);
    }

    void exportFileAndStdoutAgree()
    {
        // Many blocks formatted on all cores arrive in order, to either sink.
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath("long.csv");
        const QStringList call = callArguments("long_table", {"40000"});
        const Run toFile = runArrayLens(QStringList(call) << "--export" << path << "--header" << arraysScript());
        EXPECT_SUCCESS(toFile);
        const Run toStdout = runArrayLens(QStringList(call) << "--export" << "-" << "--header" << arraysScript());
        EXPECT_SUCCESS(toStdout);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QCOMPARE(written.count('\n'), 40001);
        QVERIFY2(written == toStdout.out, "the file and stdout differ");
    }

    void exportRelativePath()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const Run run = runArrayLens(callArguments("table", {}) << "--export" << "rel.csv" << arraysScript(), folder.path());
        EXPECT_SUCCESS(run);
        QFile file(folder.filePath("rel.csv"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "the export did not land in the working directory");
        QCOMPARE(file.readAll(), QByteArray("0,1,2\n3,4,5\n"));
    }

    void exportReplacesFileKeepingMode()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath("out.csv");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("old content that is longer than the new one\n");
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        const Run run = runArrayLens(callArguments("table", {}) << "--export" << path << arraysScript());
        EXPECT_SUCCESS(run);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("0,1,2\n3,4,5\n"));
        struct stat status {};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &status) == 0);
        QCOMPARE(int(status.st_mode & 07777), 0640);
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"out.csv"});
    }

    void exportThroughSymlink()
    {
        // Writing to a symbolic link writes the file it points to, as every
        // editor and QSaveFile do; the link stays a link.
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString target = folder.filePath("real.csv");
        const QString link = folder.filePath("link.csv");
        {
            QFile file(target);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("old\n");
        }
        QVERIFY(QFile::link(target, link));
        const Run run = runArrayLens(callArguments("table", {}) << "--export" << link << arraysScript());
        EXPECT_SUCCESS(run);
        QVERIFY2(QFileInfo(link).isSymLink(), "the symbolic link was replaced by a regular file");
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("0,1,2\n3,4,5\n"));
    }

    // ---------------------------------------------------------------- standard output holds only the result

    void scriptOutputGoesToStderr()
    {
        const QString script = fixturePath("cli_prints.py");
        const Run exported = runArrayLens({"--call", "chatty", "--export", "-", script});
        QVERIFY2(exported.exitCode == 0, exported.describe());
        QCOMPARE(exported.out, QByteArray("1,2\n3,4\n"));
        QVERIFY2(exported.err.contains("loading cli_prints") && exported.err.contains("computing"), exported.describe());

        const Run info = runArrayLens({"--call", "chatty", "--info", script});
        QVERIFY2(info.exitCode == 0, info.describe());
        QJsonParseError parseError;
        QJsonDocument::fromJson(info.out, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, "stdout is not one JSON object\n" + info.describe());

        const Run list = runArrayLens({"--list", script});
        QVERIFY2(list.exitCode == 0, list.describe());
        QVERIFY2(list.out.startsWith("Functions (* marks those annotated -> Buffer):\n"), list.describe());
        QVERIFY2(!list.out.contains("loading"), list.describe());
    }

    void scriptFilesAreFlushedAtExit()
    {
        // Python is finalized in full before the process ends: a file a
        // script left open is flushed, atexit handlers run. (gc.freeze()
        // before finalization would save 40-50 ms, and loses the first.)
        QTemporaryDir folder;
        const QString script = fixturePath("cli_prints.py");
        for (const char* function : {"leaves_file_open", "atexit_handler_writes"}) {
            const QString path = folder.filePath(function);
            const Run run = runArrayLens({"--call", function, "--arg", "'" + path + "'", "--export", "-", script});
            QVERIFY2(run.exitCode == 0, run.describe());
            QFile written(path);
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(path));
            QCOMPARE(written.readAll(), QByteArray(std::string_view(function) == "leaves_file_open"
                                                       ? "written before exit\n"
                                                       : "atexit ran\n"));
        }
    }

    void fullStandardOutput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString script = fixturePath("cli_light.py");
        QTest::newRow("--list") << QStringList{"--list", script};
        QTest::newRow("--info") << QStringList{"--call", "grid", "--info", script};
        QTest::newRow("--export -") << QStringList{"--call", "grid", "--export", "-", script};
    }

    void fullStandardOutput()
    {
        // Output that cannot be written is an error, not a silent success.
        if (!QFileInfo::exists("/dev/full"))
            QSKIP("no /dev/full here");
        QFETCH(QStringList, arguments);
        const Run run = runArrayLens(arguments, {}, "/dev/full");
        EXPECT_ERROR(run, 1, QStringList{"cannot write to standard output", "No space left on device"});
    }

    // ---------------------------------------------------------------- export targets: never damaged (issue 9)

    void fullDeviceIsAnErrorAndStaysADevice()
    {
        // First a private copy of /dev/full (the same device numbers), so
        // that code which still renamed over devices would only ever
        // replace that copy; then the real one.
        QTemporaryDir folder;
        const QByteArray copy = pathIn(folder, "full");
        if (::geteuid() == 0 && ::mknod(copy.constData(), S_IFCHR | 0666, makedev(1, 7)) == 0) {
            const struct stat before = lstatOf(copy);
            const Run run = runArrayLens(exportGrid(QFile::decodeName(copy)));
            EXPECT_ERROR(run, 1, QStringList{"cannot write " + QFile::decodeName(copy), "No space left on device"});
            QVERIFY2(sameObject(lstatOf(copy), before), "the device node was replaced");
            QCOMPARE(entriesOf(folder), QList<QByteArray>{"full"});
        }
        const struct stat before = lstatOf("/dev/full");
        QVERIFY(S_ISCHR(before.st_mode));
        const Run run = runArrayLens(exportGrid("/dev/full"));
        EXPECT_ERROR(run, 1, QStringList{"cannot write /dev/full: No space left on device"});
        QVERIFY2(sameObject(lstatOf("/dev/full"), before), "/dev/full was replaced");
    }

    void devStdoutIsStandardOutput()
    {
        // With standard output a pipe: a link of our own to /proc/self/fd/1
        // first, then the system's /dev/stdout (the same link).
        QTemporaryDir folder;
        const QByteArray link = pathIn(folder, "stdout");
        QVERIFY(::symlink("/proc/self/fd/1", link.constData()) == 0);
        const struct stat linkBefore = lstatOf(link);
        const Run throughLink = runArrayLens(exportGrid(QFile::decodeName(link)));
        EXPECT_SUCCESS(throughLink);
        QCOMPARE(throughLink.out, gridCsv());
        QVERIFY2(sameObject(lstatOf(link), linkBefore), "the link was replaced");
        QCOMPARE(entriesOf(folder), QList<QByteArray>{"stdout"});

        const struct stat before = lstatOf("/dev/stdout");
        QVERIFY(S_ISLNK(before.st_mode));
        const Run run = runArrayLens(exportGrid("/dev/stdout"));
        EXPECT_SUCCESS(run);
        QCOMPARE(run.out, gridCsv());
        QVERIFY2(sameObject(lstatOf("/dev/stdout"), before), "/dev/stdout was replaced");
    }

    void linkToStandardOutputAppendsToALog()
    {
        // arraylens … --export LINK >> log.txt, LINK -> /proc/self/fd/1: the
        // log keeps its lines and the CSV follows them.
        QTemporaryDir folder;
        const QByteArray log = pathIn(folder, "log.txt");
        const QByteArray link = pathIn(folder, "link");
        QVERIFY(writeFile(log, "earlier line\n"));
        QVERIFY(::symlink("/proc/self/fd/1", link.constData()) == 0);
        const struct stat logBefore = lstatOf(log);
        const Run run = runArrayLens(exportGrid(QFile::decodeName(link)), {}, {}, [&](QProcess& process) {
            process.setStandardOutputFile(QFile::decodeName(log), QIODevice::Append);
        });
        EXPECT_SUCCESS(run);
        QCOMPARE(contentOf(log), "earlier line\n" + gridCsv());
        QVERIFY(sameObject(lstatOf(log), logBefore));
        QVERIFY(S_ISLNK(lstatOf(link).st_mode));
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"link", "log.txt"}));
    }

    void fifoReaderGetsTheCsv()
    {
        QTemporaryDir folder;
        const QByteArray fifo = pathIn(folder, "fifo");
        QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
        const struct stat before = lstatOf(fifo);
        // The reader opens the FIFO through a descriptor of its inode, so that
        // it can be let go even if the path were replaced (it would wait forever).
        const int inode = ::open(fifo.constData(), O_PATH | O_CLOEXEC);
        QVERIFY(inode >= 0);
        const QByteArray byInode = "/proc/self/fd/" + QByteArray::number(inode);
        QByteArray received;
        std::thread reader([&] { received = contentOf(byInode); });
        const Run run = runArrayLens(exportGrid(QFile::decodeName(fifo)));
        if (const int release = ::open(byInode.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC); release >= 0)
            ::close(release); // only opens while the reader still waits
        reader.join();
        ::close(inode);
        EXPECT_SUCCESS(run);
        QCOMPARE(received, gridCsv());
        QVERIFY2(sameObject(lstatOf(fifo), before), "the FIFO was replaced");
        QCOMPARE(entriesOf(folder), QList<QByteArray>{"fifo"});
    }

    void unixSocketIsRefused()
    {
        QTemporaryDir folder;
        const QByteArray path = pathIn(folder, "socket");
        const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        QVERIFY(std::size_t(path.size()) < sizeof address.sun_path);
        std::strcpy(address.sun_path, path.constData());
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        QVERIFY(::listen(listener, 1) == 0);
        const struct stat before = lstatOf(path);
        const Run run = runArrayLens(exportGrid(QFile::decodeName(path)));
        ::close(listener);
        EXPECT_ERROR(run, 1, QStringList{"cannot write " + QFile::decodeName(path) + ": it is a socket"});
        QVERIFY2(sameObject(lstatOf(path), before), "the socket was replaced");
        QCOMPARE(entriesOf(folder), QList<QByteArray>{"socket"});
    }

    void danglingLinkGetsItsTargetCreated()
    {
        QTemporaryDir folder;
        const QByteArray link = pathIn(folder, "link.csv");
        QVERIFY(::symlink("made.csv", link.constData()) == 0);
        const struct stat linkBefore = lstatOf(link);
        const Run run = runArrayLens(exportGrid(QFile::decodeName(link)));
        EXPECT_SUCCESS(run);
        QVERIFY2(sameObject(lstatOf(link), linkBefore), "the link was replaced");
        QCOMPARE(contentOf(pathIn(folder, "made.csv")), gridCsv());
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"link.csv", "made.csv"}));

        // Into a folder that does not exist: an error, and the link stays.
        const QByteArray nowhere = pathIn(folder, "nowhere.csv");
        QVERIFY(::symlink("no-such-folder/x.csv", nowhere.constData()) == 0);
        const Run failed = runArrayLens(exportGrid(QFile::decodeName(nowhere)));
        EXPECT_ERROR(failed, 1, QStringList{"cannot write " + QFile::decodeName(nowhere), "No such file or directory"});
        QVERIFY(S_ISLNK(lstatOf(nowhere).st_mode));
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"link.csv", "made.csv", "nowhere.csv"}));
    }

    void linkLoopIsAnError()
    {
        QTemporaryDir folder;
        const QByteArray a = pathIn(folder, "a.csv");
        QVERIFY(::symlink("b.csv", a.constData()) == 0);
        QVERIFY(::symlink("a.csv", pathIn(folder, "b.csv").constData()) == 0);
        const struct stat before = lstatOf(a);
        const Run run = runArrayLens(exportGrid(QFile::decodeName(a)));
        EXPECT_ERROR(run, 1, QStringList{"its symbolic links form a loop (" + QFile::decodeName(a) + " -> b.csv -> a.csv)"});
        QVERIFY2(sameObject(lstatOf(a), before), "the link was replaced");
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"a.csv", "b.csv"}));
    }

    void readOnlyFileIsRefusedForAnOrdinaryUser()
    {
        // The rule of `>` in the shell: refused when the file is not
        // writable for the effective user. As root the test runs the binary
        // as nobody; a writable file beside it shows that only the mode
        // makes the difference.
        QTemporaryDir folder;
        const QByteArray folderPath = QFile::encodeName(folder.path());
        QVERIFY(::chmod(folderPath.constData(), 0777) == 0);
        const QByteArray readOnly = pathIn(folder, "read-only.csv");
        const QByteArray writable = pathIn(folder, "writable.csv");
        QVERIFY(writeFile(readOnly, "keep me\n", 0444));
        QVERIFY(writeFile(writable, "old\n", 0644));
        const bool root = ::geteuid() == 0;
        std::function<void(QProcess&)> asNobody;
        if (root) {
            for (const QByteArray& path : {readOnly, writable})
                QVERIFY(::chown(path.constData(), 65534, 65534) == 0);
            asNobody = [](QProcess& process) {
                process.setChildProcessModifier([] {
                    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
                        ::_exit(120);
                });
            };
        }
        const Run refused = runArrayLens(exportGrid(QFile::decodeName(readOnly)), {}, {}, asNobody);
        EXPECT_ERROR(refused, 1, QStringList{"cannot write " + QFile::decodeName(readOnly) + ": Permission denied"});
        QCOMPARE(contentOf(readOnly), QByteArray("keep me\n"));
        QCOMPARE(int(lstatOf(readOnly).st_mode & 07777), 0444);
        const Run allowed = runArrayLens(exportGrid(QFile::decodeName(writable)), {}, {}, asNobody);
        EXPECT_SUCCESS(allowed);
        QCOMPARE(contentOf(writable), gridCsv());
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"read-only.csv", "writable.csv"}));
    }

    void onlyPermissionBitsAreCopied()
    {
        QTemporaryDir folder;
        const QByteArray path = pathIn(folder, "tool.csv");
        QVERIFY(writeFile(path, "old\n", 06755));
        QCOMPARE(int(lstatOf(path).st_mode & 07777), 06755);
        const Run run = runArrayLens(exportGrid(QFile::decodeName(path)));
        EXPECT_SUCCESS(run);
        QCOMPARE(int(lstatOf(path).st_mode & 07777), 0755);
        QCOMPARE(contentOf(path), gridCsv());
    }

    void longestFileNameWorks()
    {
        // 255 bytes, NAME_MAX: the staging name must not be longer.
        QTemporaryDir folder;
        const QByteArray name = QByteArray(251, 'n') + ".csv";
        for (const bool exists : {false, true}) {
            if (exists)
                QVERIFY(writeFile(pathIn(folder, name), "old\n"));
            const Run run = runArrayLens(exportGrid(QFile::decodeName(pathIn(folder, name))));
            EXPECT_SUCCESS(run);
            QCOMPARE(contentOf(pathIn(folder, name)), gridCsv());
            QCOMPARE(entriesOf(folder), QList<QByteArray>{name});
        }
    }

    void pathsAreBytes()
    {
        // Two names that differ only in a byte that is not UTF-8 are two files.
        QTemporaryDir folder;
        // QTemporaryDir cannot remove names that are not UTF-8; std::filesystem takes bytes.
        const auto removeAll = qScopeGuard([&] {
            std::error_code ignored;
            std::filesystem::remove_all(QFile::encodeName(folder.path()).toStdString(), ignored);
        });
        const QByteArray light = QFile::encodeName(fixturePath("cli_light.py"));
        for (const QByteArray& name : {QByteArray("out\xff.csv"), QByteArray("out\xfe.csv")}) {
            const Run run = runThroughBash("", {"--call", "grid", "--export", pathIn(folder, name), light});
            EXPECT_SUCCESS(run);
        }
        QCOMPARE(entriesOf(folder), (QList<QByteArray>{"out\xfe.csv", "out\xff.csv"}));
        QCOMPARE(contentOf(pathIn(folder, "out\xff.csv")), gridCsv());

        // A script so named opens, and its traceback names it as Python does.
        const QByteArray script = pathIn(folder, "caf\xe9.py");
        QVERIFY(QFile::copy(fixturePath("cli_light.py"), QFile::decodeName(pathIn(folder, "caf.py"))));
        QVERIFY(::rename(pathIn(folder, "caf.py").constData(), script.constData()) == 0);
        const Run exported = runThroughBash("", {"--call", "grid", "--export", "-", script});
        EXPECT_SUCCESS(exported);
        QCOMPARE(exported.out, gridCsv());
        const Run failed = runThroughBash("", {"--call", "fails", "--export", "-", script});
        EXPECT_ERROR(failed, 1, QStringList{"ValueError: boom in the call"});
        QVERIFY2(failed.err.contains("caf\\udce9.py\", line") && !failed.err.contains("unprintable"), failed.describe());
        const Run listed = runThroughBash("", {"--list", script});
        QVERIFY2(listed.exitCode == 0 && listed.out.contains("grid(rows: int = 3, cols: int = 4)"), listed.describe());
        const Run missing = runThroughBash("", {"--list", pathIn(folder, "gone\xe9.py")});
        EXPECT_ERROR(missing, 1, QStringList{"no such script", "gone\\udce9.py"});
        const Run badTarget = runThroughBash("", {"--call", "grid", "--export", pathIn(folder, "no\xe9/x.csv"), light});
        EXPECT_ERROR(badTarget, 1, QStringList{"cannot write", "no\\xe9/x.csv", "No such file or directory"});
        QVERIFY(!badTarget.err.contains("unprintable"));
    }

    void fileSizeLimitIsAnErrorThatLeavesNothing()
    {
        // ulimit -f: the write fails (EFBIG) instead of SIGXFSZ killing the
        // process (status 153) with its temporary file left behind.
        QTemporaryDir folder;
        const QByteArray path = pathIn(folder, "big.csv");
        QVERIFY(writeFile(path, "precious\n"));
        const Run run = runThroughBash("ulimit -f 100;", {"--call", "long_table", "--arg", "40000", "--export", path,
                                                          QFile::encodeName(arraysScript())});
        EXPECT_ERROR(run, 1, QStringList{"cannot write " + QFile::decodeName(path), "File too large", "unchanged"});
        QCOMPARE(contentOf(path), QByteArray("precious\n"));
        QCOMPARE(entriesOf(folder), QList<QByteArray>{"big.csv"});
    }

    void signalMidExportLeavesNothing_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::addColumn<bool>("oldFile");
        for (const int signalNumber : {SIGTERM, SIGINT, SIGHUP})
            for (const bool oldFile : {true, false})
                QTest::addRow("%s, %s", sigabbrev_np(signalNumber), oldFile ? "old file" : "new name")
                    << signalNumber << oldFile;
    }
    void signalMidExportLeavesNothing()
    {
        // The process still dies of the signal; the old file is as it was
        // and no temporary file is left (there were 50-100 MB of them).
        QFETCH(int, signalNumber);
        QFETCH(bool, oldFile);
        QTemporaryDir folder;
        const QByteArray path = pathIn(folder, "out.csv");
        if (oldFile)
            QVERIFY(writeFile(path, "precious\n"));
        const Run run = runArrayLens({"--call", "signalled", "--arg", QString("'SIG%1'").arg(sigabbrev_np(signalNumber)),
                                      "--export", QFile::decodeName(path), fixturePath("cli_interrupts.py")});
        QVERIFY2(run.finished && run.exitStatus == QProcess::CrashExit && run.exitCode == signalNumber, run.describe());
        QCOMPARE(contentOf(path), oldFile ? QByteArray("precious\n") : QByteArray("<missing>"));
        QCOMPARE(entriesOf(folder), oldFile ? QList<QByteArray>{"out.csv"} : QList<QByteArray>{});
    }

    void osExitMidExportLeavesNothing_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("os._exit(0)") << 0;
        QTest::newRow("os._exit(7)") << 7;
    }
    void osExitMidExportLeavesNothing()
    {
        // os._exit() ends the process at once, as in Python, with the
        // script's status (nothing can intercept _exit, so no message); the
        // export is abandoned whole: the old file stays, no temporary file is
        // left (there was one of 107 MB).
        QFETCH(int, code);
        QTemporaryDir folder;
        const QByteArray path = pathIn(folder, "out.csv");
        QVERIFY(writeFile(path, "precious\n"));
        const Run run = runArrayLens({"--call", "exits", "--arg", QString::number(code), "--export",
                                      QFile::decodeName(path), fixturePath("cli_interrupts.py")});
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == code, run.describe());
        QVERIFY(run.out.isEmpty());
        QCOMPARE(contentOf(path), QByteArray("precious\n"));
        QCOMPARE(entriesOf(folder), QList<QByteArray>{"out.csv"});
    }

    // ---------------------------------------------------------------- standard output carries only the CSV

    void standardOutputCarriesOnlyTheResult_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<QByteArray>("noise"); // what stderr must show instead; empty: nothing
        QTest::newRow("os.write(1, …)") << "os_write" << QByteArray("noise from os.write(1)\n");
        QTest::newRow("print(file=sys.__stdout__)") << "dunder_stdout" << QByteArray("noise from print(file=sys.__stdout__)\n");
        QTest::newRow("C code") << "c_code" << QByteArray("noise from C write(1)\n");
        QTest::newRow("a child process") << "child_process" << QByteArray("noise from a child process\n");
        QTest::newRow("os.fork() in the call") << "forks" << QByteArray();
        QTest::newRow("os.fork(), the child fails") << "forks_and_fails" << QByteArray();
        QTest::newRow("os.dup2(fd, 1)") << "moves_descriptor_1" << QByteArray();
    }
    void standardOutputCarriesOnlyTheResult()
    {
        QFETCH(QString, function);
        QFETCH(QByteArray, noise);
        QTemporaryDir folder;
        const QString moved = folder.filePath("descriptor-1.txt");
        const QStringList literal = function == "moves_descriptor_1" ? QStringList{"'" + moved + "'"} : QStringList{};
        const QString script = fixturePath("cli_stdout_noise.py");
        for (const QString& target : {QString("-"), QString("/dev/stdout")}) {
            const Run run = runArrayLens(callArguments(function, literal) << "--export" << target << script);
            QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, run.describe());
            QCOMPARE(run.out, QByteArray("0,1\n2,3\n4,5\n"));
            QVERIFY2(run.err.contains(noise), run.describe()); // the noise was made, and went to stderr
            if (noise.isEmpty())
                QVERIFY2(run.err.isEmpty(), run.describe());
            if (function == "moves_descriptor_1")
                QCOMPARE(contentOf(QFile::encodeName(moved)), QByteArray("noise after dup2\n"));
        }
        // --info too: one JSON object, nothing else.
        const Run info = runArrayLens(callArguments(function, literal) << "--info" << script);
        QVERIFY2(info.exitCode == 0, info.describe());
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(info.out, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError && json.object().value("shape") == QJsonArray({3, 2}),
                 info.describe());
    }

    void forkAtImportCallsOnce()
    {
        // A script that forks as it is imported: the child ends when it comes
        // back to ArrayLens, before the call, the listing or any output.
        const QString script = fixturePath("cli_forks_at_import.py");
        const Run exported = runArrayLens({"--call", "grid", "--export", "-", script});
        QVERIFY2(exported.exitCode == 0, exported.describe());
        QCOMPARE(exported.out, QByteArray("1,2\n3,4\n"));
        QCOMPARE(exported.err, QByteArray("called in the parent\n"));
        const Run info = runArrayLens({"--call", "grid", "--info", script});
        QVERIFY2(info.exitCode == 0 && info.out.count('\n') == 1, info.describe());
        QCOMPARE(info.err, QByteArray("called in the parent\n"));
        const Run list = runArrayLens({"--list", script});
        QVERIFY2(list.exitCode == 0 && list.out.count("Functions (") == 1, list.describe());
    }

    // ---------------------------------------------------------------- errors

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");            // 2: usage, 1: the run failed
        QTest::addColumn<QStringList>("firstLine");   // fragments of the first stderr line
        QTest::addColumn<QStringList>("rest");        // fragments of the lines after it
        QTest::addColumn<bool>("traceback");          // a "Traceback (most recent call last):" follows

        // Most rows use cli_light.py, which starts fast (no NumPy).
        const QString script = fixturePath("cli_light.py");
        const QString arrays = arraysScript();
        const QString listing = fixturePath("cli_listing.py");
        const QStringList nothing;
        const QStringList usage{"(arraylens --help shows the usage)"};
        // clang-format off
        // Usage errors: found before any Python runs.
        QTest::newRow("unknown flag") << QStringList{"--bogus", script} << 2 << QStringList{"Unknown option 'bogus'"} << usage << false;
        QTest::newRow("unknown single-dash flag") << QStringList{"-q", "--list", script} << 2 << QStringList{"Unknown option 'q'"} << usage << false;
        QTest::newRow("--export without --call") << QStringList{"--export", "-", script} << 2 << QStringList{"--export needs --call NAME"} << usage << false;
        QTest::newRow("--info without --call") << QStringList{"--info", script} << 2 << QStringList{"--info needs --call NAME"} << usage << false;
        QTest::newRow("--call with empty NAME") << QStringList{"--call", "", "--info", script} << 2 << QStringList{"--call needs a function or variable NAME"} << usage << false;
        QTest::newRow("--list and --info") << QStringList{"--list", "--call", "grid", "--info", script} << 2 << QStringList{"choose one of --list, --info, --export"} << usage << false;
        QTest::newRow("--list with --call") << QStringList{"--list", "--call", "grid", script} << 2 << QStringList{"--list takes no --call"} << usage << false;
        QTest::newRow("--arg without --call") << QStringList{"--list", "--arg", "1", script} << 2 << QStringList{"--arg is given but no --call"} << usage << false;
        QTest::newRow("--arg without value") << QStringList{"--call", "grid", "--info", arrays, "--arg"} << 2 << QStringList{"Missing value after '--arg'"} << usage << false;
        QTest::newRow("--slice without --export") << QStringList{"--call", "cube", "--info", "--slice", "1", script} << 2 << QStringList{"--slice and --field apply to --export"} << usage << false;
        QTest::newRow("--field without --export") << QStringList{"--call", "people", "--info", "--field", "pos", script} << 2 << QStringList{"--slice and --field apply to --export"} << usage << false;
        QTest::newRow("--header without --export") << QStringList{"--call", "grid", "--info", "--header", script} << 2 << QStringList{"apply to --export"} << usage << false;
        QTest::newRow("--export with empty PATH") << QStringList{"--call", "grid", "--export", "", script} << 2 << QStringList{"--export needs a PATH"} << usage << false;
        QTest::newRow("--list without SCRIPT") << QStringList{"--list"} << 2 << QStringList{"a SCRIPT is needed"} << usage << false;
        QTest::newRow("two scripts") << QStringList{"--list", arrays, listing} << 2 << QStringList{"expected one SCRIPT, got 2"} << usage << false;
        QTest::newRow("--delimiter '\"'") << QStringList{"--call", "grid", "--export", "-", "--delimiter", "\"", script} << 2 << QStringList{"--delimiter takes one printable character"} << usage << false;
        QTest::newRow("--delimiter of two characters") << QStringList{"--call", "grid", "--export", "-", "--delimiter", ";;", script} << 2 << QStringList{"--delimiter", "';;'"} << usage << false;

        // The script cannot be loaded.
        QTest::newRow("missing script") << QStringList{"--list", "/nonexistent-arraylens/cli_missing.py"} << 1
            << QStringList{"FileNotFoundError", "no such script", "/nonexistent-arraylens/cli_missing.py"} << nothing << false;
        QTest::newRow("script is a folder") << QStringList{"--list", QString(ARRAYLENS_FIXTURES_DIR)} << 1
            << QStringList{"FileNotFoundError", "no such script"} << nothing << false;
        QTest::newRow("SyntaxError") << QStringList{"--call", "broken", "--info", fixturePath("cli_syntax_error.py")} << 1
            << QStringList{"SyntaxError", "'(' was never closed", "cli_syntax_error.py, line 6"}
            << QStringList{"cli_syntax_error.py\", line 6", "return np.zeros((2, 2)", "^", "SyntaxError: '(' was never closed"} << false;
        QTest::newRow("exception at import") << QStringList{"--list", fixturePath("cli_import_error.py")} << 1
            << QStringList{"RuntimeError: cannot configure at import"}
            << QStringList{"cli_import_error.py\", line 13, in <module>", "in _configure", "raise RuntimeError", "RuntimeError: cannot configure at import"} << true;
        QTest::newRow("sys.exit(3) at import") << QStringList{"--call", "ok", "--export", "-", fixturePath("cli_exit_at_import.py")} << 1
            << QStringList{"SystemExit", "sys.exit(3)"} << QStringList{"cli_exit_at_import.py\", line 11, in <module>"} << true;

        // The call fails.
        QTest::newRow("exception in the call") << QStringList{"--call", "fails", "--export", "-", script} << 1
            << QStringList{"ValueError: boom in the call"}
            << QStringList{"cli_light.py\", line", ", in fails", "return _helper()", ", in _helper", "raise ValueError(\"boom in the call\")"} << true;
        QTest::newRow("sys.exit(3) in the call") << QStringList{"--call", "quits", "--info", script} << 1
            << QStringList{"SystemExit", "sys.exit(3)"} << QStringList{", in quits", "sys.exit(3)"} << true;
        QTest::newRow("too many arguments") << QStringList{"--call", "grid", "--arg", "1", "--arg", "2", "--arg", "3", "--info", script} << 1
            << QStringList{"TypeError", "grid()", "3 were given"} << nothing << false;
        QTest::newRow("arguments to a variable") << QStringList{"--call", "blob", "--arg", "1", "--info", script} << 1
            << QStringList{"'blob' is a variable, not a function"} << nothing << false;
        QTest::newRow("bad --arg literal") << QStringList{"--call", "grid", "--arg", "abc", "--info", script} << 1
            << QStringList{"ValueError", "argument 1 'abc' is not a Python literal", "'quoted strings'"} << nothing << false;
        QTest::newRow("unbalanced --arg literal") << QStringList{"--call", "grid", "--arg", "1", "--arg", "(1,", "--export", "-", script} << 1
            << QStringList{"argument 2 '(1,' is not a Python literal"} << nothing << false;
        QTest::newRow("expression is not a literal") << QStringList{"--call", "grid", "--arg", "__import__('os')", "--info", script} << 1
            << QStringList{"is not a Python literal"} << nothing << false;
        QTest::newRow("unknown NAME") << QStringList{"--call", "missing", "--info", script} << 1
            << QStringList{"AttributeError", "the script has no function or variable named 'missing'"} << nothing << false;

        // The result is not something ArrayLens reads.
        QTest::newRow("returns str") << QStringList{"--call", "make_text", "--info", script} << 1
            << QStringList{"make_text() returned a 'str' object", "does not support the buffer protocol"} << nothing << false;
        QTest::newRow("returns str, export") << QStringList{"--call", "make_text", "--export", "-", script} << 1
            << QStringList{"make_text() returned a 'str' object", "does not support the buffer protocol"} << nothing << false;
        QTest::newRow("returns None") << QStringList{"--call", "nothing", "--export", "-", script} << 1
            << QStringList{"nothing() returned a 'NoneType' object", "does not support the buffer protocol"} << nothing << false;
        QTest::newRow("unknown field") << QStringList{"--call", "people", "--field", "pos.z", "--export", "-", arrays} << 1
            << QStringList{"no field 'pos.z'", "name, pos.x, pos.y, v[0], v[1], ok, tag"} << nothing << false;
        QTest::newRow("field of a plain array") << QStringList{"--call", "dates", "--field", "x", "--export", "-", arrays} << 1
            << QStringList{"no fields to choose 'x' from", "datetime64[D]"} << nothing << false;
        QTest::newRow("empty --field") << QStringList{"--call", "record_grid", "--field", "", "--export", "-", arrays} << 2
            << QStringList{"--field needs a field NAME"} << usage << false;
        QTest::newRow("ctypes union") << QStringList{"--call", "union_array", "--info", arrays} << 1
            << QStringList{"Number is a ctypes Union", "share the same bytes"} << nothing << false;
        QTest::newRow("ctypes _pack_") << QStringList{"--call", "packed_array", "--export", "-", arrays} << 1
            << QStringList{"Packed is a ctypes Structure packed with _pack_ = 1"} << nothing << false;
        QTest::newRow("str variable") << QStringList{"--call", "label", "--info", script} << 1
            << QStringList{"'label' is a 'str' object", "does not support the buffer protocol"} << nothing << false;

        // The slice does not fit.
        QTest::newRow("3-D export without --slice") << QStringList{"--call", "cube", "--export", "-", script} << 1
            << QStringList{"3-dimensional with shape (2, 3, 4)", "--slice"} << nothing << false;
        QTest::newRow("bad slice: not an integer") << QStringList{"--call", "cube", "--export", "-", "--slice", "1,:,x", script} << 1
            << QStringList{"'x' in slice '1,:,x' is not an integer"} << nothing << false;
        QTest::newRow("bad slice: empty item") << QStringList{"--call", "cube", "--export", "-", "--slice", "1,,:", script} << 1
            << QStringList{"empty item in slice '1,,:'"} << nothing << false;
        QTest::newRow("bad slice: zero step") << QStringList{"--call", "cube", "--export", "-", "--slice", "1,::0", script} << 1
            << QStringList{"slice step cannot be zero"} << nothing << false;
        QTest::newRow("bad slice: too many colons") << QStringList{"--call", "cube", "--export", "-", "--slice", "1,0:1:1:1", script} << 1
            << QStringList{"too many ':'"} << nothing << false;
        QTest::newRow("bad slice: two ellipses") << QStringList{"--call", "cube", "--export", "-", "--slice", "...,0,...", script} << 1
            << QStringList{"single ellipsis"} << nothing << false;
        QTest::newRow("bad slice: newaxis") << QStringList{"--call", "cube", "--export", "-", "--slice", "0,None", script} << 1
            << QStringList{"newaxis"} << nothing << false;
        QTest::newRow("slice index out of bounds") << QStringList{"--call", "cube", "--export", "-", "--slice", "5,:,:", script} << 1
            << QStringList{"index 5 is out of bounds for axis 0 with size 2"} << nothing << false;
        QTest::newRow("negative index out of bounds") << QStringList{"--call", "cube", "--export", "-", "--slice", ":,-4", script} << 1
            << QStringList{"index -4 is out of bounds for axis 1 with size 3"} << nothing << false;
        QTest::newRow("too many indices") << QStringList{"--call", "cube", "--export", "-", "--slice", "1,1,1,1", script} << 1
            << QStringList{"too many indices for array: array is 3-dimensional, but 4 were indexed"} << nothing << false;
        QTest::newRow("index into 0-d") << QStringList{"--call", "scalar", "--export", "-", "--slice", "0", arrays} << 1
            << QStringList{"too many indices for array: array is 0-dimensional, but 1 were indexed"} << nothing << false;
        QTest::newRow("too many indices, 1-D") << QStringList{"--call", "vector", "--export", "-", "--slice", "0,0", script} << 1
            << QStringList{"too many indices for array: array is 1-dimensional, but 2 were indexed"} << nothing << false;
        QTest::newRow("slice keeps 3 axes") << QStringList{"--call", "cube", "--export", "-", "--slice", ":,:,:", script} << 1
            << QStringList{"keeps 3 axes", "(2, 3, 4)"} << nothing << false;

        // The export cannot be written.
        QTest::newRow("unwritable path in /proc") << QStringList{"--call", "grid", "--export", "/proc/x.csv", script} << 1
            << QStringList{"cannot write /proc/x.csv"} << nothing << false;
        QTest::newRow("no such folder") << QStringList{"--call", "grid", "--export", "/nonexistent-arraylens/dir/x.csv", script} << 1
            << QStringList{"cannot write /nonexistent-arraylens/dir/x.csv", "No such file or directory"} << nothing << false;
        QTest::newRow("path is a folder") << QStringList{"--call", "grid", "--export", QString(ARRAYLENS_FIXTURES_DIR), script} << 1
            << QStringList{"cannot write", "it is a folder"} << nothing << false;
        // clang-format on
    }

    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QStringList, firstLine);
        QFETCH(QStringList, rest);
        QFETCH(bool, traceback);
        const Run run = runArrayLens(arguments);
        EXPECT_ERROR(run, exitCode, firstLine);
        const QString after = run.errorRest();
        for (const QString& fragment : rest)
            QVERIFY2(after.contains(fragment), "stderr after the first line lacks \"" + fragment.toUtf8() + "\"\n" +
                                                   run.describe());
        QCOMPARE(after.startsWith("Traceback (most recent call last):\n"), traceback);
        if (!traceback)
            QVERIFY2(!run.err.contains("Traceback"), run.describe());
        if (rest.isEmpty())
            QVERIFY2(after.isEmpty(), "one line only\n" + run.describe());
    }

    // ---------------------------------------------------------------- exporters that lie

    void lyingExportersAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("firstLine");
        const QString lying = fixturePath("cli_lying.py");
        QString plane; // fixes 68 of the 70 axes: the view follows the suboffsets
        for (int k = 0; k < 68; ++k)
            plane += "0,";
        plane += ":,:";
        const QString invalid = "a 'arraylens_lying_exporter.Exporter' object exports an invalid buffer: ";
        // clang-format off
        QTest::newRow("ndim 70 + suboffsets, --info") << QStringList{"--call", "too_many_dimensions", "--info", lying}
            << QStringList{invalid + "the exporter reports ndim 70; at most 64 dimensions are supported"};
        QTest::newRow("ndim 70 + suboffsets, --export a plane") << QStringList{"--call", "too_many_dimensions", "--export", "-", "--slice", plane, lying}
            << QStringList{invalid + "the exporter reports ndim 70"};
        QTest::newRow("itemsize 0, no shape, --info") << QStringList{"--call", "no_itemsize", "--info", lying}
            << QStringList{invalid + "the exporter reports itemsize 0"};
        QTest::newRow("itemsize 0, no shape, variable --export") << QStringList{"--call", "no_itemsize_global", "--export", "-", lying}
            << QStringList{invalid + "the exporter reports itemsize 0"};
        QTest::newRow("shape [-5], --info") << QStringList{"--call", "negative_extent", "--info", lying}
            << QStringList{invalid + "shape[0] is -5"};
        QTest::newRow("shape [-5], --export") << QStringList{"--call", "negative_extent", "--export", "-", lying}
            << QStringList{invalid + "shape[0] is -5"};
        QTest::newRow("shape (2**62, 2**62), --info") << QStringList{"--call", "too_many_elements", "--info", lying}
            << QStringList{invalid + "shape (4611686018427387904, 4611686018427387904) has more elements than fit in 64 bits"};
        QTest::newRow("extents past len, --export") << QStringList{"--call", "past_len", "--export", "-", lying}
            << QStringList{invalid + "the exporter reports len 16, less than the 800 bytes that shape (100,) of 8-byte elements takes"};
        QTest::newRow("extents past len, --info") << QStringList{"--call", "past_len", "--info", lying}
            << QStringList{invalid + "the exporter reports len 16"};
        // clang-format on
    }

    void lyingExportersAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, firstLine);
        const Run run = runArrayLens(arguments);
        EXPECT_ERROR(run, 1, firstLine);
        QVERIFY2(run.errorRest().isEmpty(), "one line only\n" + run.describe());
    }

    void lyingExportersAreListedWithTheReason()
    {
        // --list lists a buffer variable it cannot export with the reason, as
        // it does for datetime64: the listing itself succeeds.
        const Run run = runArrayLens({"--list", fixturePath("cli_lying.py")});
        EXPECT_SUCCESS(run);
        const QStringList lines = QString::fromUtf8(run.out).split('\n');
        const QString type = "arraylens_lying_exporter.Exporter";
        const QString itemsize = lines.filter(QRegularExpression("^  no_itemsize_global: ")).value(0);
        QVERIFY2(itemsize.startsWith("  no_itemsize_global: " + type + " (cannot export: ") &&
                     itemsize.contains("the exporter reports itemsize 0"),
                 run.out);
        const QString extent = lines.filter(QRegularExpression("^  negative_extent_global: ")).value(0);
        QVERIFY2(extent.startsWith("  negative_extent_global: " + type + " (cannot export: ") &&
                     extent.contains("shape[0] is -5"),
                 run.out);
        QVERIFY2(!lines.filter(QRegularExpression("^  honest\\(\\)  # ")).isEmpty(), run.out);
    }

    void honestExporterExports()
    {
        // The same exporter with true fields: the refusals above are about the lies.
        const Run run = runArrayLens({"--call", "honest", "--export", "-", fixturePath("cli_lying.py")});
        EXPECT_SUCCESS(run);
        QCOMPARE(run.out, QByteArray("0.0\n0.0\n"));
    }

    void usageErrorsRunNoPython()
    {
        // The command line and the slice are checked before the script runs.
        const QString script = fixturePath("cli_prints.py");
        const Run usage = runArrayLens({"--call", "chatty", "--info", "--header", script});
        EXPECT_ERROR(usage, 2, QStringList{"apply to --export"});
        QVERIFY2(!usage.err.contains("loading cli_prints"), usage.describe());
        const Run slice = runArrayLens({"--call", "chatty", "--export", "-", "--slice", "0,x", script});
        EXPECT_ERROR(slice, 1, QStringList{"'x' in slice '0,x' is not an integer"});
        QVERIFY2(!slice.err.contains("loading cli_prints"), slice.describe());
    }

    void failedExportLeavesFileUnchanged_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("arguments"); // before --export PATH SCRIPT
        const QString script = fixturePath("cli_light.py");
        QTest::newRow("exception in the call") << script << QStringList{"--call", "fails"};
        QTest::newRow("sys.exit in the call") << script << QStringList{"--call", "quits"};
        QTest::newRow("returns str") << script << QStringList{"--call", "make_text"};
        QTest::newRow("unknown field") << arraysScript() << QStringList{"--call", "records", "--field", "nope"};
        QTest::newRow("N-D without --slice") << script << QStringList{"--call", "cube"};
        QTest::newRow("bad slice syntax") << script << QStringList{"--call", "cube", "--slice", "1;2"};
        QTest::newRow("slice out of bounds") << script << QStringList{"--call", "cube", "--slice", "2"};
        QTest::newRow("unknown NAME") << script << QStringList{"--call", "missing"};
        QTest::newRow("bad --arg") << script << QStringList{"--call", "grid", "--arg", "x"};
        QTest::newRow("SyntaxError") << fixturePath("cli_syntax_error.py") << QStringList{"--call", "broken"};
    }

    void failedExportLeavesFileUnchanged()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, arguments);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath("precious.csv");
        const QByteArray content = "precious,data\n1,2\n";
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const Run run = runArrayLens(arguments << "--export" << path << script);
        EXPECT_ERROR(run, 1, QStringList{});
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"precious.csv"});
    }

    void sliceHintsWork_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("slice"); // empty: none given
        QTest::addColumn<QString>("hintPattern");
        QTest::newRow("3-D without --slice") << "cube" << "" << "--slice '([^']*)'";
        QTest::newRow("4-D without --slice") << "hypercube" << "" << "--slice '([^']*)'";
        QTest::newRow("3-D, slice keeps 3 axes") << "cube" << ":,:,:" << "e\\.g\\. '([^']*)'";
        QTest::newRow("4-D, slice keeps 3 axes") << "hypercube" << "0" << "e\\.g\\. '([^']*)'";
        QTest::newRow("4-D, slice keeps 4 axes") << "hypercube" << "..." << "e\\.g\\. '([^']*)'";
    }

    void sliceHintsWork()
    {
        // The example slice an error message suggests must work when copied.
        QFETCH(QString, name);
        QFETCH(QString, slice);
        QFETCH(QString, hintPattern);
        QStringList arguments = callArguments(name, {}) << "--export" << "-";
        if (!slice.isEmpty())
            arguments << "--slice" << slice;
        const Run failed = runArrayLens(QStringList(arguments) << fixturePath("cli_light.py"));
        EXPECT_ERROR(failed, 1, QStringList{});
        const QRegularExpressionMatch hint = QRegularExpression(hintPattern).match(failed.firstErrorLine());
        QVERIFY2(hint.hasMatch(), failed.describe());
        QStringList retry = callArguments(name, {}) << "--export" << "-" << "--slice" << hint.captured(1) << fixturePath("cli_light.py");
        const Run followed = runArrayLens(retry);
        QVERIFY2(followed.exitCode == 0, "the suggested --slice '" + hint.captured(1).toUtf8() + "' fails\n" +
                                              followed.describe());
    }
};

ARRAYLENS_TEST_MAIN(test_command_line_suite)
#include "test_command_line.moc"
