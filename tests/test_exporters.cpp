// SPDX-License-Identifier: MIT
// Exporters other than NumPy (fixture tests/fixtures/exporters.py), through
// PyBuffer and StridedView: bytes, bytearray, array.array, ctypes arrays
// (NULL strides), memoryview slices and casts, mmap, _testbuffer.ndarray with
// PIL-style suboffsets, Fortran order and negative strides. Values are checked
// against what Python reads from the same object; writes against what a Python
// function called afterwards reads; pinning against BufferError; read-only
// exporters against BufferAccessError(ReadOnly).
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/python_error.h"
#include "core/slice_spec.h"
#include "core/strided_view.h"

#include <cstring>
#include <string>
#include <vector>

using namespace arraylens;

namespace {

std::string quotedPy(const std::string& text)
{
    return "'" + text + "'"; // only plain names, slices and paths without quotes
}

bool truth(const std::string& expression)
{
    PyObjectRef value = testing::eval(expression);
    return PyObject_IsTrue(value.get()) == 1;
}

std::vector<std::int64_t> intsOf(const PyObjectRef& object)
{
    std::vector<std::int64_t> result;
    PyObjectRef sequence = checked(PySequence_Fast(object.get(), "expected a sequence"));
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(sequence.get()); ++i) {
        const long long value = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(sequence.get(), i));
        if (value == -1 && PyErr_Occurred())
            PythonError::raise();
        result.push_back(value);
    }
    return result;
}

std::vector<std::int64_t> ints(const std::string& expression)
{
    return intsOf(testing::eval(expression));
}

QString joinedProblems(const QStringList& problems)
{
    QStringList shown = problems.mid(0, 6);
    if (problems.size() > shown.size())
        shown << QString("… and %1 more").arg(problems.size() - shown.size());
    return shown.join("\n    ");
}

/// Python's verdict on texts the core wrote: check_texts(expected values, texts, format).
QStringList pythonVerdict(const PyObjectRef& expected, const std::vector<std::string>& texts, const std::string& format)
{
    PyObjectRef list = checked(PyList_New(static_cast<Py_ssize_t>(texts.size())));
    for (std::size_t i = 0; i < texts.size(); ++i)
        PyList_SET_ITEM(list.get(), static_cast<Py_ssize_t>(i), checked(PyUnicode_FromString(texts[i].c_str())).release());
    PyObjectRef check = testing::eval("exporters.check_texts");
    PyObjectRef problems =
        checked(PyObject_CallFunction(check.get(), "OOs", expected.get(), list.get(), format.c_str()));
    QStringList result;
    for (Py_ssize_t i = 0; i < PyList_Size(problems.get()); ++i)
        result << PyUnicode_AsUTF8(PyList_GetItem(problems.get(), i));
    return result;
}

/// Every element through elementPointer (C order) against what Python reads
/// from `object` (a Python expression). Returns the number of elements seen.
std::int64_t expectElements(const PyBuffer& buffer, const std::string& object, QStringList& problems)
{
    const std::int64_t n = buffer.elementCount();
    std::vector<std::string> texts;
    for (std::int64_t flat = 0; flat < n; ++flat)
        texts.push_back(CellCodec::format(buffer.elementPointer(testing::unravel(flat, buffer.shape())), buffer.elementType()));
    for (const QString& problem :
         pythonVerdict(testing::eval("exporters.values(" + object + ")"), texts, buffer.format()))
        problems << "elementPointer: " + problem;
    return n;
}

/// A StridedView of `slice` (transposed or not) against Python's values of
/// object[slice]; an index NumPy refuses must be a SliceError.
void expectView(const std::shared_ptr<PyBuffer>& buffer, const std::string& object, const std::string& slice,
                bool transpose, QStringList& problems)
{
    const QString what = QString("slice '%1'%2").arg(QString::fromStdString(slice), transpose ? " transposed" : "");
    PyObjectRef oracle = testing::eval("exporters.sliced_values(" + object + ", " + quotedPy(slice) + ", " +
                                       (transpose ? "True" : "False") + ")");
    if (oracle.get() == Py_None) {
        try {
            StridedView view(buffer, SliceSpec::parse(slice), transpose);
            problems << what + ": accepted, NumPy raises IndexError";
        } catch (const SliceError&) {
        }
        return;
    }
    PyObjectRef expected = PyObjectRef::borrow(PyTuple_GetItem(oracle.get(), 0));
    const std::vector<std::int64_t> shape = intsOf(PyObjectRef::borrow(PyTuple_GetItem(oracle.get(), 1)));
    if (shape.size() > 2) {
        try {
            StridedView view(buffer, SliceSpec::parse(slice), transpose);
            problems << what + ": accepted, but it keeps more than 2 axes";
        } catch (const SliceError&) {
        }
        return;
    }
    StridedView view(buffer, SliceSpec::parse(slice), transpose);
    std::int64_t rows = 1;
    std::int64_t cols = 1;
    if (shape.size() == 2) {
        rows = shape[0];
        cols = shape[1];
    } else if (shape.size() == 1) {
        (transpose ? cols : rows) = shape[0];
    }
    if (view.rows() != rows || view.cols() != cols) {
        problems << what + QString(": view is %1×%2, expected %3×%4").arg(view.rows()).arg(view.cols()).arg(rows).arg(cols);
        return;
    }
    std::vector<std::string> texts;
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c) {
            const std::byte* p = view.pointer(r, c);
            if (p != buffer->elementPointer(view.sourceIndex(r, c)))
                problems << what + QString(": cell (%1, %2) is not the element sourceIndex() names").arg(r).arg(c);
            texts.push_back(CellCodec::format(p, view.columnType(0)));
        }
    for (const QString& problem : pythonVerdict(expected, texts, buffer->format()))
        problems << what + ": " + problem;
}

template <class F>
bool refusedForReadOnly(F&& write)
{
    try {
        write();
    } catch (const BufferAccessError& error) {
        return error.reason() == BufferAccessError::Reason::ReadOnly;
    }
    return false;
}

} // namespace

class test_exporters_suite : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        testing::exec("import sys\nsys.path.insert(0, " + quotedPy(testing::fixture("")) +
                      ")\nimport exporters\nimport numpy as np\n");
    }

    // ------------------------------------------------------------ bytes, bytearray

    void bytesAreReadOnly()
    {
        GilGuard gil;
        testing::exec("b = bytes(range(250, 256)) + b'xyz'");
        auto buffer = testing::buffer("b");
        QCOMPARE(buffer->format(), std::string("B"));
        QCOMPARE(buffer->exporterType(), std::string("bytes"));
        QCOMPARE(buffer->shape(), std::vector<std::int64_t>{9});
        QCOMPARE(buffer->strides(), std::vector<std::int64_t>{1});
        QVERIFY(buffer->isReadOnly());
        QVERIFY(buffer->isCContiguous());
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "b", problems), 9);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));
        const auto span = buffer->asByteReadOnlySpan();
        QCOMPARE(span.get(0), std::uint8_t{250});
        QCOMPARE(span[8], std::uint8_t{'z'});
    }

    void bytearrayWritesThrough()
    {
        GilGuard gil;
        testing::exec("ba = bytearray(range(10))");
        auto buffer = testing::buffer("ba");
        QCOMPARE(buffer->exporterType(), std::string("bytearray"));
        QVERIFY(!buffer->isReadOnly());
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "ba", problems), 10);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        auto span = buffer->asByteSpan();
        span[1] = 200;                                     // ElementRef
        span.set(2, 255);                                  // set()
        buffer->setElement<std::uint8_t>(std::vector<std::int64_t>{-1}, 77); // negative index
        StridedView view(buffer, SliceSpec::parse("::-1"));
        CellCodec::store(view.writablePointer(1, 0), CellCodec::parse("0x7f", buffer->elementType())); // ba[8]
        QCOMPARE(testing::str("list(ba)"), std::string("[0, 200, 255, 3, 4, 5, 6, 7, 127, 77]"));
        QVERIFY_THROWS_EXCEPTION(CellTextError, (void)CellCodec::parse("256", buffer->elementType()));
    }

    /// Holding a PyBuffer pins the bytearray; dropping the last owner unpins it.
    void bytearrayIsPinnedWhileHeld()
    {
        GilGuard gil;
        testing::exec("pinned = bytearray(b'abcdef')");
        auto buffer = testing::buffer("pinned");
        const std::string refused = testing::str("exporters.try_resize(pinned, 'extend')");
        QVERIFY2(refused.starts_with("BufferError"), refused.c_str());
        // A view shares ownership: the memory stays pinned while it lives.
        auto view = std::make_unique<StridedView>(buffer, SliceSpec());
        buffer.reset();
        QVERIFY(testing::str("exporters.try_resize(pinned, 'extend')").starts_with("BufferError"));
        QCOMPARE(CellCodec::format(view->pointer(5, 0), view->columnType(0)), std::string("102")); // 'f'
        view.reset();
        QCOMPARE(testing::str("exporters.try_resize(pinned, 'extend')"), std::string("ok"));
        QCOMPARE(testing::str("bytes(pinned)"), std::string("b'abcdefxyz'"));
    }

    // ------------------------------------------------------------ array.array

    void arrayTypecodes_data()
    {
        QTest::addColumn<QString>("typecode");
        for (const char* code : {"b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"})
            QTest::newRow(code) << QString(code);
    }
    void arrayTypecodes()
    {
        QFETCH(QString, typecode);
        GilGuard gil;
        const std::string tc = typecode.toStdString();
        testing::exec("arr = exporters.array_of(" + quotedPy(tc) + ")");
        auto buffer = testing::buffer("arr");
        QCOMPARE(buffer->format(), tc);
        QCOMPARE(buffer->exporterType(), std::string("array.array"));
        QCOMPARE(buffer->itemSize(), ints("[arr.itemsize]")[0]);
        QCOMPARE(buffer->strides(), std::vector<std::int64_t>{buffer->itemSize()});
        QVERIFY(!buffer->isReadOnly());
        QStringList problems;
        QVERIFY(expectElements(*buffer, "arr", problems) >= 5);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        // Write element 1 with the cell codec; Python reads the new value.
        const std::string text = testing::str("exporters.new_value_text(" + quotedPy(tc) + ")");
        CellCodec::store(buffer->writableElementPointer(std::vector<std::int64_t>{1}),
                         CellCodec::parse(text, buffer->elementType()));
        QVERIFY2(truth("arr[1] == float(exporters.new_value_text(" + quotedPy(tc) + "))"),
                 testing::str("arr").c_str());
        QVERIFY(truth("arr[0] == exporters.array_of(" + quotedPy(tc) + ")[0]"));
    }

    void arrayTypedSpansWriteThrough()
    {
        GilGuard gil;
        testing::exec("ad = array.array('d', [0.5, 1.5, 2.5])\nai = array.array('i', [1, 2, 3, 4])");
        auto doubles = testing::buffer("ad");
        auto span = doubles->asDoubleSpan();
        QCOMPARE(span.get(2), 2.5);
        span[0] = -0.0;
        span[1] = 1e300;
        QVERIFY(span.contiguous().has_value());
        QCOMPARE(testing::str("ad.tolist()"), std::string("[-0.0, 1e+300, 2.5]"));
        auto integers = testing::buffer("ai");
        auto ispan = integers->asIntSpan();
        for (auto ref : ispan)
            ref = static_cast<std::int32_t>(ref) * -10;
        QCOMPARE(testing::str("ai.tolist()"), std::string("[-10, -20, -30, -40]"));
        QVERIFY(testing::str("exporters.try_resize(ai, 'append')").starts_with("BufferError"));
        integers.reset();
        QCOMPARE(testing::str("exporters.try_resize(ai, 'append')"), std::string("ok"));
    }

    /// array('u') exports 'w' (wchar_t, UCS-4 here): one character per cell,
    /// edited as text.
    void arrayUnicodeIsText()
    {
        GilGuard gil;
        testing::exec("au = array.array('u', 'aé€😀')");
        auto buffer = testing::buffer("au");
        QCOMPARE(buffer->elementType().name, std::string("U1"));
        StridedView view(buffer, SliceSpec::parse(":"));
        QCOMPARE(CellCodec::format(view.pointer(1, 0), view.columnType(0)), std::string("é"));
        QCOMPARE(CellCodec::format(view.pointer(3, 0), view.columnType(0)), std::string("😀"));
        CellCodec::store(view.writablePointer(2, 0), CellCodec::parse("ß", view.columnType(0)));
        QCOMPARE(testing::str("au.tounicode()"), std::string("aéß😀"));
        try {
            (void)CellCodec::parse("ab", view.columnType(0));
            QFAIL("two characters went into a U1 field");
        } catch (const CellTextError& error) {
            QVERIFY2(std::string(error.what()).find("at most 1") != std::string::npos, error.what());
        }
    }

    // ------------------------------------------------------------ ctypes

    /// (c_int32 * 3 * 2)(): format '<i', NULL strides, C order computed.
    void ctypesGridHasComputedStrides()
    {
        GilGuard gil;
        testing::exec("grid = exporters.ctypes_grid()");
        auto buffer = testing::buffer("grid");
        QCOMPARE(buffer->format(), std::string("<i"));
        QCOMPARE(buffer->shape(), (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(buffer->strides(), (std::vector<std::int64_t>{12, 4}));
        QVERIFY(buffer->isCContiguous());
        QVERIFY(!buffer->isFContiguous());
        QVERIFY(!buffer->elementType().swapped);
        QCOMPARE(buffer->elementType().name, std::string("int32"));
        QVERIFY(!buffer->isReadOnly());
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "grid", problems), 6);
        for (const char* slice : {":,:", "::-1,::2", "1,:", ":,-1", "-1,-2", "5,:"})
            for (bool transpose : {false, true})
                expectView(buffer, "grid", slice, transpose, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        // Write through a typed 2-D span, an ElementRef and the cell codec.
        auto span = buffer->asIntSpan2D();
        QCOMPARE(span.get(1, 2), 12);
        span(1, 2) = -7;
        span.transposed()(0, 1) = 1234567;                   // grid[1][0]
        CellCodec::store(StridedView(buffer, SliceSpec()).writablePointer(0, 1),
                         CellCodec::parse("-2147483648", buffer->elementType()));
        QCOMPARE(testing::str("[list(row) for row in grid]"), std::string("[[0, -2147483648, 2], [1234567, -11, -7]]"));
        QVERIFY_THROWS_EXCEPTION(CellTextError, (void)CellCodec::parse("2147483648", buffer->elementType()));
    }

    void ctypesTypes_data()
    {
        QTest::addColumn<QString>("ctype");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("newText");
        QTest::newRow("c_bool") << "c_bool" << "<?" << "True";
        QTest::newRow("c_int8") << "c_int8" << "<b" << "-128";
        QTest::newRow("c_uint8") << "c_uint8" << "<B" << "255";
        QTest::newRow("c_int16") << "c_int16" << "<h" << "-32768";
        QTest::newRow("c_uint16") << "c_uint16" << "<H" << "65535";
        QTest::newRow("c_uint32") << "c_uint32" << "<I" << "4294967295";
        QTest::newRow("c_int64") << "c_int64" << "<q" << "-9223372036854775808";
        QTest::newRow("c_uint64") << "c_uint64" << "<Q" << "18446744073709551615";
        QTest::newRow("c_long") << "c_long" << "<q" << "9223372036854775807";
        QTest::newRow("c_size_t") << "c_size_t" << "<Q" << "12345678901234567890";
        QTest::newRow("c_float") << "c_float" << "<f" << "-1.25";
        QTest::newRow("c_double") << "c_double" << "<d" << "2.2250738585072014e-308";
        QTest::newRow("c_longdouble") << "c_longdouble" << "<g" << "-0.1";
    }
    /// Explicit '<' on a little-endian machine is native: read, write, typed spans.
    void ctypesTypes()
    {
        QFETCH(QString, ctype);
        QFETCH(QString, format);
        QFETCH(QString, newText);
        GilGuard gil;
        testing::exec("carr = exporters.ctypes_array(" + quotedPy(ctype.toStdString()) + ")");
        auto buffer = testing::buffer("carr");
        QCOMPARE(QString::fromStdString(buffer->format()), format);
        QCOMPARE(buffer->shape(), std::vector<std::int64_t>{4});
        QCOMPARE(buffer->strides(), std::vector<std::int64_t>{buffer->itemSize()});
        QVERIFY(!buffer->elementType().swapped);
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "carr", problems), 4);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        CellCodec::store(buffer->writableElementPointer(std::vector<std::int64_t>{2}),
                         CellCodec::parse(newText.toStdString(), buffer->elementType()));
        // ctypes reads a c_longdouble as a Python float, rounded from the long double.
        const std::string expected =
            ctype == "c_longdouble" ? "float(np.longdouble('-0.1'))" : newText.toStdString();
        QVERIFY2(truth("carr[2] == " + expected), testing::str("list(carr)").c_str());
        // The element after it is untouched (only the element's own bytes are written).
        QVERIFY(truth("carr[3] == exporters.ctypes_array(" + quotedPy(ctype.toStdString()) + ")[3]"));
    }

    void ctypesTypedSpans()
    {
        GilGuard gil;
        testing::exec("cd = exporters.ctypes_array('c_double', 5)\ncb = exporters.ctypes_array('c_bool', 3)\n"
                      "cq = exporters.ctypes_array('c_ssize_t', 3)");
        auto doubles = testing::buffer("cd");
        auto span = doubles->asDoubleSpan();
        QCOMPARE(span.get(4), 0.625);
        span[4] = 3.5;
        QCOMPARE(testing::str("cd[4]"), std::string("3.5"));
        auto bools = testing::buffer("cb");
        auto bspan = bools->asBoolSpan();
        QCOMPARE(bspan.get(1), true);
        bspan[0] = true;
        bspan.set(1, false);
        QCOMPARE(testing::str("list(cb)"), std::string("[True, False, False]"));
        auto sizes = testing::buffer("cq");
        auto sspan = sizes->asSSizeSpan(); // '<q' is int64, as Py_ssize_t is here
        QCOMPARE(sspan.get(1), Py_ssize_t{-40});
        sspan[2] = -5;
        QCOMPARE(testing::str("list(cq)"), std::string("[3, -40, -5]"));
    }

    /// ctypes characters are bytes (c_char, S1) and text (c_wchar, U1);
    /// a Structure array is a record array, one column per field.
    void ctypesCharactersAndStructures_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("cells");
        QTest::newRow("c_char") << "(ctypes.c_char * 3)(b'a', b'\\\\', b'\\x07')" << "S1" << "a \\\\ \\x07 ";
        QTest::newRow("c_wchar") << "(ctypes.c_wchar * 3)('x', 'é', '€')" << "U1" << "x é € ";
        QTest::newRow("structure") << "exporters_struct()" << "void128" << "1 2.5 -3 0.125 ";
    }
    void ctypesCharactersAndStructures()
    {
        QFETCH(QString, expression);
        QFETCH(QString, dtype);
        QFETCH(QString, cells);
        GilGuard gil;
        testing::exec("class _S(ctypes.Structure):\n    _fields_ = [('a', ctypes.c_int), ('b', ctypes.c_double)]\n"
                      "def exporters_struct():\n    return (_S * 2)((1, 2.5), (-3, 0.125))\n");
        auto buffer = testing::buffer(expression.toStdString());
        QCOMPARE(QString::fromStdString(buffer->elementType().name), dtype);
        StridedView view(buffer, SliceSpec::parse(":"));
        std::string text;
        for (std::int64_t r = 0; r < view.rows(); ++r)
            for (std::int64_t c = 0; c < view.cols(); ++c)
                text += CellCodec::format(view.pointer(r, c), view.columnType(c)) + " ";
        QCOMPARE(QString::fromStdString(text), cells);
    }

    // ------------------------------------------------------------ memoryview

    void memoryviews_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("writable");
        QTest::newRow("bytearray") << "mv = memoryview(bytearray(range(20)))" << "B" << true;
        QTest::newRow("step 3") << "mv = memoryview(bytearray(range(20)))[1::3]" << "B" << true;
        QTest::newRow("negative step") << "mv = memoryview(bytearray(range(20)))[::-2]" << "B" << true;
        QTest::newRow("bytes slice") << "mv = memoryview(b'0123456789')[8:1:-3]" << "B" << false;
        QTest::newRow("toreadonly") << "mv = memoryview(bytearray(range(6))).toreadonly()" << "B" << false;
        QTest::newRow("cast i") << "mv = memoryview(bytearray(struct.pack('6i', 1, -2, 3, -4, 2**31 - 1, -2**31))).cast('i')"
                                << "i" << true;
        QTest::newRow("cast i 2x3") << "mv = memoryview(bytearray(struct.pack('6i', *range(-3, 3)))).cast('i', shape=[2, 3])"
                                    << "i" << true;
        QTest::newRow("cast d 3x1") << "mv = memoryview(bytearray(struct.pack('3d', 0.1, -0.0, 1e-310))).cast('d', [3, 1])"
                                    << "d" << true;
        QTest::newRow("cast n") << "mv = memoryview(bytearray(struct.pack('3n', -1, 0, 2**63 - 1))).cast('n')" << "n" << true;
        QTest::newRow("cast N") << "mv = memoryview(bytearray(struct.pack('3N', 0, 1, 2**64 - 1))).cast('N')" << "N" << true;
        QTest::newRow("cast ?") << "mv = memoryview(bytearray([0, 1, 0, 1])).cast('?')" << "?" << true;
        QTest::newRow("cast q slice") << "mv = memoryview(bytearray(struct.pack('5q', *range(5)))).cast('q')[::-2]" << "q"
                                      << true;
        QTest::newRow("of numpy 2-D") << "mv = memoryview(np.arange(12, dtype=np.int16).reshape(3, 4)[::-1, ::2])" << "h"
                                      << true;
        QTest::newRow("of numpy big-endian") << "mv = memoryview(np.arange(-3, 3, dtype='>i4'))" << ">i" << true;
        QTest::newRow("of numpy float16") << "mv = memoryview(np.array([0.5, -65504, 6e-8], dtype=np.float16))" << "e"
                                          << true;
        QTest::newRow("of ctypes grid") << "mv = memoryview(exporters.ctypes_grid())" << "<i" << true;
        QTest::newRow("of array.array") << "mv = memoryview(array.array('H', [1, 65535, 7]))[1:]" << "H" << true;
    }
    /// Elements, views and (when writable) a write through a memoryview.
    void memoryviews()
    {
        QFETCH(QString, setup);
        QFETCH(QString, format);
        QFETCH(bool, writable);
        GilGuard gil;
        testing::exec(setup.toStdString());
        auto buffer = testing::buffer("mv");
        QCOMPARE(QString::fromStdString(buffer->format()), format);
        QCOMPARE(buffer->exporterType(), std::string("memoryview"));
        QCOMPARE(buffer->shape(), ints("mv.shape"));
        QCOMPARE(buffer->strides(), ints("mv.strides"));
        QCOMPARE(buffer->isReadOnly(), !writable);
        QCOMPARE(buffer->isCContiguous(), truth("mv.c_contiguous"));
        QCOMPARE(buffer->isFContiguous(), truth("mv.f_contiguous"));
        QStringList problems;
        QVERIFY(expectElements(*buffer, "mv", problems) > 0);
        const bool twoD = buffer->dimensions() == 2;
        for (const char* slice : twoD ? std::vector<const char*>{":,:", "::-1,:", "1,::-1", ":,0", "-1,-1"}
                                      : std::vector<const char*>{":", "::-1", "1::2", "-1", "10"})
            for (bool transpose : {false, true})
                expectView(buffer, "mv", slice, transpose, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        // Write the last element with the text of the first; Python sees it.
        const std::vector<std::int64_t> first(static_cast<std::size_t>(buffer->dimensions()), 0);
        const std::vector<std::int64_t> last(static_cast<std::size_t>(buffer->dimensions()), -1);
        const std::string text = CellCodec::format(buffer->elementPointer(first), buffer->elementType());
        const ElementBytes bytes = CellCodec::parse(text, buffer->elementType());
        if (!writable) {
            QVERIFY(refusedForReadOnly([&] { CellCodec::store(buffer->writableElementPointer(last), bytes); }));
            return;
        }
        QVERIFY(!truth("exporters.values(mv)[-1] == exporters.values(mv)[0]"));
        CellCodec::store(buffer->writableElementPointer(last), bytes);
        QVERIFY2(truth("exporters.values(mv)[-1] == exporters.values(mv)[0]"),
                 testing::str("exporters.values(mv)").c_str());
    }

    void memoryviewSizeTypes()
    {
        GilGuard gil;
        testing::exec("mvn = memoryview(bytearray(struct.pack('3n', -1, 0, 5))).cast('n')\n"
                      "mvN = memoryview(bytearray(struct.pack('2N', 2**64 - 1, 3))).cast('N')");
        auto ssize = testing::buffer("mvn");
        QCOMPARE(ssize->elementType().name, std::string("int64"));
        auto span = ssize->asSSizeSpan();
        QCOMPARE(span.get(0), Py_ssize_t{-1});
        span[1] = -42;
        QCOMPARE(testing::str("mvn.tolist()"), std::string("[-1, -42, 5]"));
        auto size = testing::buffer("mvN");
        QCOMPARE(size->elementType().name, std::string("uint64"));
        QCOMPARE(size->asSizeReadOnlySpan().get(0), std::numeric_limits<std::size_t>::max());
        size->asSizeSpan()[1] = 9;
        QCOMPARE(testing::str("mvN.tolist()"), std::string("[18446744073709551615, 9]"));
    }

    /// A memoryview held by the core cannot be released; afterwards it can.
    void memoryviewIsPinned()
    {
        GilGuard gil;
        testing::exec("under = bytearray(8)\nmvp = memoryview(under)");
        auto buffer = testing::buffer("mvp");
        QVERIFY(testing::str("exporters.try_resize(mvp, 'release')").starts_with("BufferError"));
        QVERIFY(testing::str("exporters.try_resize(under, 'extend')").starts_with("BufferError"));
        buffer.reset();
        QCOMPARE(testing::str("exporters.try_resize(mvp, 'release')"), std::string("ok"));
        QCOMPARE(testing::str("exporters.try_resize(under, 'extend')"), std::string("ok"));
        // A released memoryview exports nothing: reported, not crashed.
        QVERIFY_THROWS_EXCEPTION(PythonError, (void)testing::buffer("mvp"));
    }

    // ------------------------------------------------------------ mmap

    void mmapWritesThroughToTheFile()
    {
        GilGuard gil;
        testing::exec("mm_file = tempfile.NamedTemporaryFile(delete=False)\n"
                      "mm_file.write(bytes(range(64)))\nmm_file.close()\n"
                      "mm_fd = open(mm_file.name, 'r+b')\nmm = mmap.mmap(mm_fd.fileno(), 0)\n");
        auto buffer = testing::buffer("mm");
        QCOMPARE(buffer->format(), std::string("B"));
        QCOMPARE(buffer->exporterType(), std::string("mmap.mmap"));
        QCOMPARE(buffer->shape(), std::vector<std::int64_t>{64});
        QVERIFY(!buffer->isReadOnly());
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "mm", problems), 64);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));

        auto span = buffer->asByteSpan();
        span[0] = 0xAB;
        span.set(63, 0xCD);
        StridedView view(buffer, SliceSpec::parse("10:20:3"));
        QCOMPARE(view.rows(), 4);
        for (std::int64_t r = 0; r < view.rows(); ++r)
            CellCodec::store(view.writablePointer(r, 0), CellCodec::parse("255", view.columnType(0)));
        testing::exec("mm.flush()");
        QCOMPARE(testing::str("list(exporters.file_bytes(mm_file.name)[:20])"),
                 std::string("[171, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 11, 12, 255, 14, 15, 255, 17, 18, 255]"));
        QCOMPARE(testing::str("exporters.file_bytes(mm_file.name)[63]"), std::string("205"));

        // Pinned: no resize, no close while the export is held.
        QVERIFY(testing::str("exporters.try_resize(mm, 'resize')").starts_with("BufferError"));
        QVERIFY(testing::str("exporters.try_resize(mm, 'close')").starts_with("BufferError"));
        buffer.reset();
        QVERIFY(testing::str("exporters.try_resize(mm, 'close')").starts_with("BufferError")); // the view holds it
        view = StridedView();
        QCOMPARE(testing::str("exporters.try_resize(mm, 'close')"), std::string("ok"));
        testing::exec("mm_fd.close()\nos.unlink(mm_file.name)");
    }

    void mmapReadOnlyRefusesWrites()
    {
        GilGuard gil;
        testing::exec("ro_file = tempfile.NamedTemporaryFile(delete=False)\nro_file.write(b'hello')\nro_file.close()\n"
                      "ro_fd = open(ro_file.name, 'rb')\nro_mm = mmap.mmap(ro_fd.fileno(), 0, access=mmap.ACCESS_READ)\n");
        {
            auto buffer = testing::buffer("ro_mm");
            QVERIFY(buffer->isReadOnly());
            QCOMPARE(buffer->asByteReadOnlySpan().get(1), std::uint8_t{'e'});
            QVERIFY(refusedForReadOnly([&] { (void)buffer->asByteSpan(); }));
            QVERIFY(refusedForReadOnly([&] { (void)StridedView(buffer, SliceSpec()).writablePointer(0, 0); }));
        }
        testing::exec("ro_mm.close()\nro_fd.close()\nos.unlink(ro_file.name)");
    }

    // ------------------------------------------------------------ _testbuffer

    void testbuffer_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<bool>("suboffsets");
        QTest::addColumn<QStringList>("slices");
        const QStringList slices2 = {":,:", "::-1,1::2", "1,:", ":,2", "-1,::-1", "1:,-1:0:-2", "3,0", "0,9"};
        const QStringList slices3 = {"0",   "1,:,::-1", ":,2,:", "::-1,:,1", "-1,::2,1::2",
                                     "...,0", "1,2,3", "0,...,::-1", "...", "2,0,0"};
        QTest::newRow("PIL 2-D") << "tb = _testbuffer.ndarray(list(range(12)), shape=[3, 4], format='i', "
                                    "flags=_testbuffer.ND_PIL)"
                                 << true << slices2;
        QTest::newRow("PIL 3-D") << "tb = _testbuffer.ndarray(list(range(-12, 12)), shape=[2, 3, 4], format='i', "
                                    "flags=_testbuffer.ND_PIL)"
                                 << true << slices3;
        QTest::newRow("PIL 3-D sliced") << "tb = _testbuffer.ndarray(list(range(60)), shape=[3, 4, 5], format='i', "
                                           "flags=_testbuffer.ND_PIL)[::-1, 1:, ::2]"
                                        << true << slices3;
        QTest::newRow("PIL 2-D sliced float64")
            << "tb = _testbuffer.ndarray([x / 8 for x in range(-20, 20)], shape=[5, 8], format='d', "
               "flags=_testbuffer.ND_PIL)[::-2, ::-3]"
            << true << slices2;
        QTest::newRow("PIL 2-D big-endian int16")
            << "tb = _testbuffer.ndarray(list(range(-6, 6)), shape=[3, 4], format='>h', flags=_testbuffer.ND_PIL)"
            << true << slices2;
        QTest::newRow("Fortran") << "tb = _testbuffer.ndarray(list(range(12)), shape=[3, 4], format='i', "
                                    "flags=_testbuffer.ND_FORTRAN)"
                                 << false << slices2;
        QTest::newRow("Fortran 3-D") << "tb = _testbuffer.ndarray(list(range(24)), shape=[2, 3, 4], format='q', "
                                        "flags=_testbuffer.ND_FORTRAN)"
                                     << false << slices3;
        QTest::newRow("negative strides") << "tb = _testbuffer.ndarray(list(range(12)), shape=[3, 4], strides=[-16, -4], "
                                             "offset=44, format='i')"
                                          << false << slices2;
        QTest::newRow("sliced negative") << "tb = _testbuffer.ndarray(list(range(20)), shape=[4, 5], format='H')[::-1, 4:0:-2]"
                                         << false << slices2;
        QTest::newRow("big-endian float") << "tb = _testbuffer.ndarray([0.5, -1.25, 3e38, 1e-45], shape=[2, 2], format='>f')"
                                          << false << slices2;
        QTest::newRow("half") << "tb = _testbuffer.ndarray([0.5, -65504.0, 6e-08, 1.0], shape=[4], format='e')" << false
                              << QStringList{":", "::-1", "2", "1::2"};
        QTest::newRow("0-d") << "tb = _testbuffer.ndarray(7, shape=[], format='i')" << false << QStringList{"", "..."};
    }
    /// Every element via elementPointer and via StridedView (slices included),
    /// suboffsets followed; typed spans refuse PIL layouts.
    void testbuffer()
    {
        QFETCH(QString, setup);
        QFETCH(bool, suboffsets);
        QFETCH(QStringList, slices);
        GilGuard gil;
        testing::exec(setup.toStdString());
        auto buffer = testing::buffer("tb");
        QCOMPARE(buffer->exporterType(), std::string("ndarray")); // a static type: Python's own name for it
        QCOMPARE(buffer->shape(), ints("tb.shape"));
        QCOMPARE(buffer->strides(), ints("tb.strides"));
        QCOMPARE(buffer->hasSuboffsets(), suboffsets);
        if (suboffsets)
            QCOMPARE(buffer->suboffsets(), ints("tb.suboffsets"));
        QCOMPARE(buffer->isCContiguous(), truth("_testbuffer.is_contiguous(tb, 'C')"));
        QCOMPARE(buffer->isFContiguous(), truth("_testbuffer.is_contiguous(tb, 'F')"));
        QVERIFY(buffer->isReadOnly()); // no ND_WRITABLE
        QStringList problems;
        QCOMPARE(expectElements(*buffer, "tb", problems), ints("[len(exporters.values(tb))]")[0]);
        for (const QString& slice : slices)
            for (bool transpose : {false, true})
                expectView(buffer, "tb", slice.toStdString(), transpose, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(joinedProblems(problems)));
        if (suboffsets && buffer->elementType().name == "int32") {
            try {
                (void)buffer->asReadOnlySpan2D<std::int32_t>();
                if (buffer->dimensions() == 2)
                    QFAIL("a typed span over PIL-style suboffsets was handed out");
            } catch (const BufferAccessError& error) {
                QVERIFY(error.reason() == (buffer->dimensions() == 2 ? BufferAccessError::Reason::Layout
                                                                     : BufferAccessError::Reason::Dimensions));
            }
        }
    }

    void testbufferTypedSpans()
    {
        GilGuard gil;
        testing::exec("tf = _testbuffer.ndarray(list(range(12)), shape=[3, 4], format='i', flags=_testbuffer.ND_FORTRAN)\n"
                      "tn = _testbuffer.ndarray(list(range(12)), shape=[3, 4], strides=[-16, -4], offset=44, format='i')");
        auto fortran = testing::buffer("tf");
        QVERIFY(fortran->isFContiguous());
        QVERIFY(!fortran->isCContiguous());
        auto span = fortran->asIntReadOnlySpan2D();
        QCOMPARE(span.rowStride(), 4);
        QCOMPARE(span.colStride(), 12);
        auto negative = testing::buffer("tn");
        auto nspan = negative->asIntReadOnlySpan2D();
        QCOMPARE(nspan.rowStride(), -16);
        for (std::int64_t r = 0; r < 3; ++r)
            for (std::int64_t c = 0; c < 4; ++c) {
                QCOMPARE(span(r, c), std::int32_t(r + 3 * c)); // ND_FORTRAN lays the list out column by column
                QCOMPARE(nspan(r, c), std::int32_t(11 - (r * 4 + c)));
                QCOMPARE(nspan.row(r).get(c), nspan.column(c).get(r));
            }
        QVERIFY(refusedForReadOnly([&] { (void)negative->asIntSpan2D(); }));
    }

    /// ND_PIL | ND_WRITABLE: writes land where Python's tolist() reads.
    void testbufferPilWritesThrough()
    {
        GilGuard gil;
        testing::exec("tw = _testbuffer.ndarray(list(range(24)), shape=[2, 3, 4], format='h', "
                      "flags=_testbuffer.ND_PIL | _testbuffer.ND_WRITABLE)");
        auto buffer = testing::buffer("tw");
        QVERIFY(!buffer->isReadOnly());
        QVERIFY(buffer->hasSuboffsets());
        buffer->setElement<std::int16_t>(std::vector<std::int64_t>{1, 2, 3}, -1000);
        StridedView view(buffer, SliceSpec::parse("0,::-1,1"));
        QCOMPARE(view.rows(), 3);
        CellCodec::store(view.writablePointer(0, 0), CellCodec::parse("-32768", view.columnType(0))); // tw[0][2][1]
        StridedView plane(buffer, SliceSpec::parse("1"), true);                                 // transposed: 4×3
        CellCodec::store(plane.writablePointer(3, 0), CellCodec::parse("32767", plane.columnType(0))); // tw[1][0][3]
        QCOMPARE(testing::str("tw.tolist()[1][2][3], tw.tolist()[0][2][1], tw.tolist()[1][0][3], tw.tolist()[0][0][0]"),
                 std::string("(-1000, -32768, 32767, 0)"));
    }

    void emptyBuffersAreContiguous_data()
    {
        QTest::addColumn<QString>("expression");
        const QString base = "_testbuffer.ndarray(list(range(12)), shape=[3, 4], format='i')";
        QTest::newRow("(0, 2) strides (16, 8)") << base + "[0:0, ::2]";
        QTest::newRow("(2, 0) strides (32, 4)") << base + "[::2, 0:0]";
        QTest::newRow("(3, 0) strides (-16, 4)") << base + "[::-1, 4:4]";
        QTest::newRow("numpy (2, 0) strides (0, 4)") << "np.zeros((3, 4), np.int32)[::2, 4:4]";
        QTest::newRow("(0, 4) strides (16, 4)") << base + "[3:]";
    }
    /// An empty buffer is both C- and Fortran-contiguous, whatever its strides
    /// (PyBuffer_IsContiguous: len 0 is contiguous).
    void emptyBuffersAreContiguous()
    {
        QFETCH(QString, expression);
        GilGuard gil;
        testing::exec("empty = " + expression.toStdString());
        auto buffer = testing::buffer("empty");
        QCOMPARE(buffer->elementCount(), 0);
        QCOMPARE(buffer->strides(), ints("memoryview(empty).strides"));
        QVERIFY(truth("memoryview(empty).c_contiguous and memoryview(empty).f_contiguous"));
        StridedView view(buffer, SliceSpec());
        QCOMPARE(view.rows() * view.cols(), 0);
        QVERIFY(buffer->isCContiguous());
        QVERIFY(buffer->isFContiguous());
    }

    void testbufferExportFailureIsReported()
    {
        GilGuard gil;
        try {
            (void)testing::buffer("_testbuffer.ndarray([1, 2], shape=[2], format='i', flags=_testbuffer.ND_GETBUF_FAIL)");
            QFAIL("accepted");
        } catch (const PythonError& error) {
            QCOMPARE(error.typeName(), std::string("BufferError"));
            QVERIFY2(std::string(error.what()).find("forced test exception") != std::string::npos, error.what());
        }
        QVERIFY_THROWS_EXCEPTION(PythonError, (void)testing::buffer("42"));
    }

    // ------------------------------------------------------------ NumPy writes, read-only exporters

    void numpyWritesThrough()
    {
        GilGuard gil;
        testing::exec("nd = np.zeros((3, 4))\nndt = nd.T\nnbe = np.zeros(4, dtype='>i4')\nnb = np.zeros(3, dtype=bool)\n"
                      "nc = np.zeros(2, dtype=np.complex64)\n"
                      "def read_back():\n"
                      "    return (nd[2, 1], nbe.tolist(), nb.tolist(), nc[1])\n");
        auto transposed = testing::buffer("ndt");
        transposed->asDoubleSpan2D()(1, 2) = 0.1;   // nd[2, 1]
        auto bigEndian = testing::buffer("nbe");
        QVERIFY(bigEndian->elementType().swapped);
        StridedView view(bigEndian, SliceSpec::parse("::-1"));
        CellCodec::store(view.writablePointer(0, 0), CellCodec::parse("-123456", view.columnType(0))); // nbe[3]
        CellCodec::store(bigEndian->writableElementPointer(std::vector<std::int64_t>{0}),
                         CellCodec::parse("16909060", bigEndian->elementType()));
        auto bools = testing::buffer("nb");
        bools->asBoolSpan()[2] = true;
        auto complex = testing::buffer("nc");
        complex->setElement<std::complex<float>>(std::vector<std::int64_t>{1}, {1.5f, -2.0f});
        QCOMPARE(testing::str("read_back()"),
                 std::string("(0.1, [16909060, 0, 0, -123456], [False, False, True], (1.5-2j))"));
        QCOMPARE(testing::str("nbe.tobytes()[:4]"), std::string("b'\\x01\\x02\\x03\\x04'"));
    }

    void readOnlyExportersRefuseWrites_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("typeName");
        QTest::newRow("bytes") << "b'abc'" << "bytes";
        QTest::newRow("memoryview.toreadonly") << "memoryview(bytearray(3)).toreadonly()" << "memoryview";
        QTest::newRow("numpy non-writeable") << "exporters_readonly_numpy()" << "numpy.ndarray";
        QTest::newRow("numpy broadcast_to") << "np.broadcast_to(np.arange(3, dtype=np.uint8), (2, 3))" << "numpy.ndarray";
        QTest::newRow("_testbuffer") << "_testbuffer.ndarray([1, 2, 3], shape=[3], format='B')" << "ndarray";
        QTest::newRow("_testbuffer PIL") << "_testbuffer.ndarray([1, 2, 3, 4], shape=[2, 2], format='B', "
                                            "flags=_testbuffer.ND_PIL)"
                                         << "ndarray";
    }
    void readOnlyExportersRefuseWrites()
    {
        QFETCH(QString, expression);
        QFETCH(QString, typeName);
        GilGuard gil;
        testing::exec("def exporters_readonly_numpy():\n    a = np.arange(3, dtype=np.uint8)\n"
                      "    a.setflags(write=False)\n    return a\n");
        testing::exec("ro = " + expression.toStdString() + "\nro_before = exporters.values(ro)");
        auto buffer = testing::buffer("ro");
        QVERIFY(buffer->isReadOnly());
        const std::vector<std::int64_t> first(static_cast<std::size_t>(buffer->dimensions()), 0);
        try {
            buffer->requireWritable();
            QFAIL("requireWritable() passed");
        } catch (const BufferAccessError& error) {
            QVERIFY(error.reason() == BufferAccessError::Reason::ReadOnly);
            QVERIFY2(QString(error.what()).contains("'" + typeName + "'"), error.what());
        }
        QVERIFY(refusedForReadOnly([&] { (void)buffer->writableElementPointer(first); }));
        QVERIFY(refusedForReadOnly([&] { buffer->setElement<std::uint8_t>(first, 9); }));
        QVERIFY(refusedForReadOnly([&] { (void)StridedView(buffer, SliceSpec::parse("0")).writablePointer(0, 0); }));
        if (!buffer->hasSuboffsets()) {
            if (buffer->dimensions() == 1)
                QVERIFY(refusedForReadOnly([&] { (void)buffer->asByteSpan(); }));
            else
                QVERIFY(refusedForReadOnly([&] { (void)buffer->asByteSpan2D(); }));
        }
        QVERIFY(truth("exporters.values(ro) == ro_before"));
    }
};

ARRAYLENS_TEST_MAIN(test_exporters_suite)
#include "test_exporters.moc"
