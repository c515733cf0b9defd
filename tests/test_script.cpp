// SPDX-License-Identifier: MIT
// Scripts: loading, listing, calling, the Buffer ABC, and every way a
// script can fail without ending the process.
#include "test_support.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/python_error.h"
#include "core/script.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>

using namespace arraylens;

namespace {

template <class Function>
PythonError pythonError(Function&& function)
{
    try {
        function();
    } catch (const PythonError& error) {
        return error;
    }
    return PythonError("<none>", "no exception was raised", {});
}

std::string callText(const Script& script, const std::string& name, const std::vector<std::string>& arguments = {})
{
    GilGuard gil;
    PyObjectRef result = script.call(name, arguments);
    PyObjectRef text = checked(PyObject_Repr(result.get()));
    return PyUnicode_AsUTF8(text.get());
}

const FunctionInfo* findFunction(const std::vector<FunctionInfo>& functions, const std::string& name)
{
    for (const FunctionInfo& function : functions)
        if (function.name == name)
            return &function;
    return nullptr;
}

/// Replaces the support module's describe_* functions with ones returning
/// `garbage` (a Python expression) while it lives, as a hostile script can.
class ReplacedHelpers {
public:
    explicit ReplacedHelpers(const std::string& garbage)
    {
        GilGuard gil;
        PyObject* helpers = PyModule_GetDict(Interpreter::supportModule());
        for (const char* name : kNames)
            saved_.push_back(PyObjectRef::borrow(PyDict_GetItemString(helpers, name)));
        PyObjectRef replacement = testing::eval("lambda module: " + garbage);
        for (const char* name : kNames)
            PyDict_SetItemString(helpers, name, replacement.get());
    }
    ~ReplacedHelpers()
    {
        GilGuard gil;
        PyObject* helpers = PyModule_GetDict(Interpreter::supportModule());
        for (std::size_t i = 0; i < saved_.size(); ++i)
            PyDict_SetItemString(helpers, kNames[i], saved_[i].get());
        saved_.clear();
    }

private:
    static constexpr const char* kNames[] = {"describe_functions", "describe_buffer_globals"};
    std::vector<PyObjectRef> saved_;
};

template <class Function>
std::string errorText(Function&& function)
{
    try {
        function();
    } catch (const Error& error) {
        return error.what();
    }
    return "no error";
}

} // namespace

class ScriptTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seedStyleScriptLoadsOn311()
    {
        // collections.abc.Buffer is Python 3.12; the seed's import must still work.
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        QCOMPARE(script.moduleName(), std::string("seed_examples"));
        QCOMPARE(script.path(), testing::fixture("seed_examples.py"));
        QCOMPARE(callText(script, "example_array_2d"), std::string("array([[1, 2, 3],\n       [4, 5, 6]], dtype=int32)"));
    }

    void bufferAbcFollowsPep688_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("exports");
        for (const char* yes : {"ndarray", "bytes", "bytearray", "memoryview", "array", "ctypes", "subclass"})
            QTest::newRow(yes) << yes << true;
        for (const char* no : {"str", "int", "list", "none"})
            QTest::newRow(no) << no << false;
    }
    void bufferAbcFollowsPep688()
    {
        QFETCH(QString, name);
        QFETCH(bool, exports);
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const std::string literal = QString("'%1'").arg(name).toStdString();
        QCOMPARE(callText(script, "is_buffer", {literal}), std::string(exports ? "True" : "False"));
    }

    void bufferAbcIsAnAbc()
    {
        testing::exec("import collections.abc");
        QCOMPARE(testing::str("issubclass(bytes, collections.abc.Buffer)"), std::string("True"));
        QCOMPARE(testing::str("issubclass(str, collections.abc.Buffer)"), std::string("False"));
        QCOMPARE(testing::str("collections.abc.Buffer.__module__ + '.' + collections.abc.Buffer.__qualname__"),
                 std::string("collections.abc.Buffer"));
        QCOMPARE(testing::str("'Buffer' in collections.abc.__all__"), std::string("True"));
    }

    void listsFunctionsWithSignatures()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const auto functions = script.functions();
        QVERIFY(!findFunction(functions, "scale_of")); // imported, not defined here
        const FunctionInfo* example = findFunction(functions, "example_array");
        QVERIFY(example);
        QVERIFY(example->returnsBuffer);
        QCOMPARE(example->signature, std::string("() -> Buffer"));
        QCOMPARE(example->summary, std::string("The seed's bool example."));

        const FunctionInfo* scaled = findFunction(functions, "scaled");
        QVERIFY(scaled);
        QCOMPARE(scaled->signature, std::string("(n: int = 4, factor: float = 0.5, *, label='x') -> Buffer"));
        QCOMPARE(scaled->parameters.size(), std::size_t{3});
        QCOMPARE(scaled->parameters[0].name, std::string("n"));
        QCOMPARE(scaled->parameters[0].annotation, std::string("int"));
        QCOMPARE(scaled->parameters[0].defaultLiteral.value_or("?"), std::string("4"));
        QCOMPARE(scaled->parameters[2].kind, std::string("KEYWORD_ONLY"));
        QCOMPARE(scaled->parameters[2].defaultLiteral.value_or("?"), std::string("'x'"));

        const FunctionInfo* echo = findFunction(functions, "echo");
        QVERIFY(echo && !echo->returnsBuffer);
        QVERIFY(!echo->parameters[0].defaultLiteral.has_value());
        QCOMPARE(findFunction(functions, "make_text")->returnAnnotation, std::string("str"));
        QVERIFY(!findFunction(functions, "make_text")->returnsBuffer);
    }

    void stringAnnotationsAreRecognised()
    {
        const Script script = Script::load(testing::fixture("future_annotations.py"));
        const auto functions = script.functions();
        QVERIFY(findFunction(functions, "annotated")->returnsBuffer);
        QCOMPARE(findFunction(functions, "annotated")->signature, std::string("() -> Buffer"));
        QVERIFY(findFunction(functions, "qualified")->returnsBuffer);
        QVERIFY(!findFunction(functions, "plain")->returnsBuffer);
    }

    void listsBufferGlobals()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        std::vector<std::string> names;
        for (const BufferGlobalInfo& global : script.bufferGlobals())
            names.push_back(global.name + ":" + global.typeName);
        QCOMPARE(names, (std::vector<std::string>{"shared:numpy.ndarray", "lookup:numpy.ndarray", "raw:builtins.bytes",
                                                  "_private_bytes:builtins.bytearray"}));
    }

    void callsWithLiteralArguments()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        QCOMPARE(callText(script, "echo", {"(1, -2.5)"}), std::string("array([ 1. , -2.5])"));
        QCOMPARE(callText(script, "scaled", {"2", "3"}), std::string("array([0, 3])"));
        QCOMPARE(callText(script, "echo", {" 'text' "}), std::string("array('text', dtype='<U4')"));
        const auto buffer = script.callForBuffer("lookup", {});
        QCOMPARE(buffer->shape(), (std::vector<std::int64_t>{2, 3}));

        const PythonError badLiteral = pythonError([&] { (void)script.call("echo", {"abc"}); });
        QCOMPARE(badLiteral.typeName(), std::string("ValueError"));
        QVERIFY2(QString::fromStdString(badLiteral.message()).contains("argument 1 'abc' is not a Python literal"),
                 badLiteral.what());
        QVERIFY(pythonError([&] { (void)script.call("echo", {"__import__('os')"}); }).message().find("not a Python literal") !=
                std::string::npos);
        QVERIFY(pythonError([&] { (void)script.call("missing", {}); }).message().find("no function or variable named 'missing'") !=
                std::string::npos);
        QVERIFY(pythonError([&] { (void)script.call("lookup", {"1"}); }).message().find("is a variable") !=
                std::string::npos);
        const PythonError arity = pythonError([&] { (void)script.call("echo", {}); });
        QCOMPARE(arity.typeName(), std::string("TypeError"));
    }

    void nonBufferResultsSayWhatCameBack()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const PythonError text = pythonError([&] { (void)script.callForBuffer("make_text", {}); });
        QCOMPARE(QString::fromStdString(text.message()),
                 QString("make_text() returned a 'str' object, which does not support the buffer protocol"));
        const PythonError none = pythonError([&] { (void)script.callForBuffer("nothing", {}); });
        QVERIFY(none.message().find("returned a 'NoneType' object") != std::string::npos);
        const PythonError variable = pythonError([&] { (void)script.callForBuffer("not_a_buffer", {}); });
        QCOMPARE(QString::fromStdString(variable.message()),
                 QString("'not_a_buffer' is a 'str' object, which does not support the buffer protocol"));
    }

    void exceptionInCallCarriesTheScriptsTraceback()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const PythonError error = pythonError([&] { (void)script.call("fails", {}); });
        QCOMPARE(error.typeName(), std::string("ValueError"));
        QCOMPARE(error.message(), std::string("the script says no"));
        const QString traceback = QString::fromStdString(error.traceback());
        QVERIFY2(traceback.startsWith("Traceback (most recent call last):"), qPrintable(traceback));
        QVERIFY2(traceback.contains("seed_examples.py\", line") && traceback.contains("in helper_that_raises"),
                 qPrintable(traceback));
        QVERIFY2(!traceback.contains("<arraylens>") && !traceback.contains("frozen"), qPrintable(traceback));
    }

    void syntaxErrorIsReported()
    {
        const PythonError error = pythonError([] { (void)Script::load(testing::fixture("syntax_error.py")); });
        QCOMPARE(error.typeName(), std::string("SyntaxError"));
        const QString traceback = QString::fromStdString(error.traceback());
        QVERIFY2(traceback.contains("syntax_error.py\", line 3"), qPrintable(traceback));
        QVERIFY2(!traceback.contains("frozen importlib"), qPrintable(traceback));
    }

    void exceptionAtImportIsReported()
    {
        const PythonError error = pythonError([] { (void)Script::load(testing::fixture("raises_at_import.py")); });
        QCOMPARE(error.typeName(), std::string("RuntimeError"));
        QVERIFY(error.traceback().find("in setup") != std::string::npos);
        QCOMPARE(testing::str("'raises_at_import' in sys.modules"), std::string("False"));
    }

    void sysExitNeverEndsTheProcess()
    {
        const PythonError atImport = pythonError([] { (void)Script::load(testing::fixture("exits_at_import.py")); });
        QCOMPARE(atImport.typeName(), std::string("SystemExit"));
        QCOMPARE(atImport.message(), std::string("the script called sys.exit(leaving early)"));
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const PythonError inCall = pythonError([&] { (void)script.call("leaves", {}); });
        QCOMPARE(inCall.message(), std::string("the script called sys.exit(4)"));
        // still here, and Python still works
        QCOMPARE(callText(script, "echo", {"1"}), std::string("array(1)"));
    }

    void recursionAndMemoryErrorsAreReported()
    {
        const Script script = Script::load(testing::fixture("faults.py"));
        const auto before = script.callForBuffer("kept_values", {});
        const PythonError recursion = pythonError([&] { (void)script.call("recurse", {}); });
        QCOMPARE(recursion.typeName(), std::string("RecursionError"));
        QVERIFY(recursion.traceback().find("in recurse") != std::string::npos);
        const PythonError memory = pythonError([&] { (void)script.call("too_big", {}); });
        QVERIFY2(memory.typeName().find("MemoryError") != std::string::npos, memory.what());
        // Still working, and nothing changed.
        QCOMPARE(callText(script, "kept_values"), std::string("array([0., 1., 2., 3.])"));
        QCOMPARE(before->asDoubleReadOnlySpan()[3], 3.0);
    }

    void missingFile()
    {
        const PythonError error = pythonError([] { (void)Script::load("/nonexistent/nowhere.py"); });
        QCOMPARE(error.typeName(), std::string("FileNotFoundError"));
        QVERIFY(error.message().find("/nonexistent/nowhere.py") != std::string::npos);
    }

    void scriptNamedLikeAStandardModuleDoesNotReplaceIt()
    {
        testing::exec("import array as _array_before");
        const Script script = Script::load(testing::fixture("shadow/array.py"));
        QVERIFY(script.moduleName() != "array");
        QCOMPARE(testing::str("sys.modules['array'] is _array_before"), std::string("True"));
        QCOMPARE(callText(script, "values"), std::string("array([0, 1, 2])"));
    }

    void writeThroughIsSeenByTheNextCall()
    {
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const auto buffer = script.callForBuffer("get_shared", {});
        auto span = buffer->asDoubleSpan();
        span[1] = 2.5;
        span[3] = -1.0;
        QCOMPARE(callText(script, "read_total"), std::string("1.5"));
    }

    void listsEveryEntryOfAHostileScript()
    {
        const Script script = Script::load(testing::fixture("hostile_listing.py"));
        const auto functions = script.functions();
        for (const char* name : {"default_repr_raises", "default_repr_adds_globals", "default_repr_not_text", "plain",
                                 "cannot_be_described"})
            QVERIFY2(findFunction(functions, name), name);
        const FunctionInfo* raises = findFunction(functions, "default_repr_raises");
        QCOMPARE(raises->parameters.at(0).defaultLiteral.value_or("?"),
                 std::string("<unrepresentable hostile_listing.ReprRaises>"));
        QCOMPARE(raises->signature, std::string("(x=<unrepresentable hostile_listing.ReprRaises>, n: int = 2) -> Buffer"));
        QCOMPARE(raises->summary, std::string("Its first default cannot be shown."));
        QCOMPARE(findFunction(functions, "default_repr_not_text")->parameters.at(0).defaultLiteral.value_or("?"),
                 std::string("<unrepresentable hostile_listing.ReprNotText>"));
        QCOMPARE(findFunction(functions, "default_repr_adds_globals")->signature, std::string("(x=ReprAddsGlobals()) -> Buffer"));
        QCOMPARE(findFunction(functions, "plain")->signature, std::string("(n: int = 3) -> Buffer"));
        QCOMPARE(findFunction(functions, "cannot_be_described")->summary,
                 std::string("(cannot describe: RuntimeError: comparison blew up)"));

        std::vector<std::string> globals;
        for (const BufferGlobalInfo& global : script.bufferGlobals())
            globals.push_back(global.name + ":" + global.typeName);
        QVERIFY(std::find(globals.begin(), globals.end(), "module_is_none:ModuleIsNone") != globals.end());
        QVERIFY(std::find(globals.begin(), globals.end(), "after_the_odd_ones:numpy.ndarray") != globals.end());
    }

    void malformedHelperResultsAreErrorsNotCrashes_data()
    {
        QTest::addColumn<QString>("garbage");
        QTest::addColumn<QString>("what");
        QTest::newRow("an int") << "42" << "'int'";
        QTest::newRow("a tuple, not a list") << "((), ())" << "'tuple'";
        QTest::newRow("ints for rows") << "[1, 2, 3]" << "'int'";
        QTest::newRow("rows too short") << "[(1, 2)]" << "'tuple'";
        QTest::newRow("a name that is bytes") << "[(b'f', '()', [], '', False, '')]" << "'bytes'";
        QTest::newRow("parameters not a list") << "[('f', '()', 5, '', False, '')]" << "'int'";
        QTest::newRow("a parameter too short") << "[('f', '()', [(1,)], '', False, '')]" << "'tuple'";
        QTest::newRow("a list subclass") << "type('L', (list,), {})([('f', '()')])" << "'L'";
    }

    void malformedHelperResultsAreErrorsNotCrashes()
    {
        QFETCH(QString, garbage);
        QFETCH(QString, what);
        const Script script = Script::load(testing::fixture("seed_examples.py"));
        const ReplacedHelpers replaced(garbage.toStdString());
        const QString functions = QString::fromStdString(errorText([&] { (void)script.functions(); }));
        QVERIFY2(functions.startsWith("ArrayLens's helper describe_functions() returned a malformed result (a " + what),
                 qPrintable(functions));
        QVERIFY2(functions.endsWith("the script may have replaced it"), qPrintable(functions));
        const QString globals = QString::fromStdString(errorText([&] { (void)script.bufferGlobals(); }));
        QVERIFY2(globals.startsWith("ArrayLens's helper describe_buffer_globals() returned a malformed result"),
                 qPrintable(globals));
    }

    void helperIsNotInSysModules()
    {
        QCOMPARE(testing::str("'_arraylens_support' in __import__('sys').modules"), std::string("False"));
        // Still reachable through frames: the fixture replaces it that way, and
        // the type checks above keep that from reading wild memory.
        // (os.environ, not qputenv: Python read the environment when it started.)
        testing::exec("import os\nos.environ['ARRAYLENS_TEST_GARBAGE'] = \"[('f', 3.5, [], '', False, '')]\"");
        const ReplacedHelpers restoreAfterwards("[]"); // the originals come back when the test ends
        const Script script = Script::load(testing::fixture("replaces_helper.py"));
        testing::exec("del os.environ['ARRAYLENS_TEST_GARBAGE']");
        const QString functions = QString::fromStdString(errorText([&] { (void)script.functions(); }));
        QVERIFY2(functions.contains("returned a malformed result (a 'float'"), qPrintable(functions));
    }

    void reloadPicksUpChangesAndKeepsTheOldModuleOnFailure()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath("live.py");
        const auto write = [&](const char* source) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(source);
        };
        write("def version():\n    return 1\n");
        Script script = Script::load(path.toStdString());
        QCOMPARE(callText(script, "version"), std::string("1"));
        write("def version():\n    return 2\n\ndef added():\n    return 'new'\n");
        script.reload();
        QCOMPARE(callText(script, "version"), std::string("2"));
        QVERIFY(script.hasName("added"));
        write("def version(:\n");
        QCOMPARE(pythonError([&] { script.reload(); }).typeName(), std::string("SyntaxError"));
        QCOMPARE(callText(script, "version"), std::string("2"));
    }
};

ARRAYLENS_TEST_MAIN(ScriptTest)
#include "test_script.moc"
