// SPDX-License-Identifier: MIT
// NumPy as the oracle (fixture tests/fixtures/oracle.py): arrays of every dtype
// of the DtypeTable in every layout the buffer protocol expresses (C, Fortran,
// negative, stepped, transposed, byte-swapped, broadcast, unaligned, 0-d, 1-D,
// 3-D, empty), and for every element
//   (a) its bytes read through PyBuffer::elementPointer and StridedView::pointer,
//       brought to native byte order, equal NumPy's own;
//   (b) CellCodec::format's text, read back by Python (float, int, complex,
//       np.longdouble) and cast to the dtype, is NumPy's element bit for bit;
//   (c) the typed accessors (asSpan<T>, as<Name>ReadOnlySpan2D, …) give the
//       same values for native 1-D and 2-D buffers, and refuse the others
//       with the right reason.
// Every row is named dtype/layout.
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/python_error.h"
#include "core/slice_spec.h"
#include "core/strided_view.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace arraylens;

namespace {

// x87 long double: 10 value bytes in a 16-byte slot; the rest is padding that
// NumPy does not promise anything about.
constexpr int kLongDoubleValueBytes = std::numeric_limits<long double>::digits == 64 ? 10 : sizeof(long double);

using Bytes = std::array<std::byte, 32>;

std::string bytesOf(const PyObjectRef& object)
{
    char* data = nullptr;
    Py_ssize_t size = 0;
    if (PyBytes_AsStringAndSize(object.get(), &data, &size) != 0)
        PythonError::raise();
    return std::string(data, static_cast<std::size_t>(size));
}

std::vector<std::int64_t> intsOf(const PyObjectRef& object)
{
    std::vector<std::int64_t> result;
    PyObjectRef sequence = checked(PySequence_Fast(object.get(), "expected a sequence"));
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence.get());
    for (Py_ssize_t i = 0; i < n; ++i) {
        const long long value = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(sequence.get(), i));
        if (value == -1 && PyErr_Occurred())
            PythonError::raise();
        result.push_back(value);
    }
    return result;
}

bool truth(const std::string& expression)
{
    PyObjectRef value = testing::eval(expression);
    return PyObject_IsTrue(value.get()) == 1;
}

std::string quotedPy(const std::string& text)
{
    return "'" + text + "'"; // tags and slices never hold quotes or backslashes
}

QString hex(const std::byte* p, int size)
{
    QString text;
    for (int i = 0; i < size; ++i)
        text += QString::asprintf("%02x", std::to_integer<unsigned>(p[i]));
    return text;
}

/// One oracle case: the NumPy array (as Python global `case`) and its facts.
struct Case {
    std::string tag;
    std::string layout;
    std::string exportError;        ///< NumPy's refusal, or empty
    std::string coreError;          ///< the core's refusal of what NumPy exports, or empty
    std::string format;             ///< the format NumPy exports
    std::string expected;           ///< native bytes of every element, C order
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> strides;
    int itemSize = 0;
    int componentSize = 0;          ///< the byte-order unit (half an item for complex)
    bool bigEndian = false;
    bool writable = false;
    ElementType type;
    std::shared_ptr<PyBuffer> buffer;

    [[nodiscard]] std::int64_t count() const
    {
        std::int64_t n = 1;
        for (std::int64_t extent : shape)
            n *= extent;
        return n;
    }
    [[nodiscard]] const std::byte* expectedAt(std::int64_t flat) const
    {
        return reinterpret_cast<const std::byte*>(expected.data()) + flat * itemSize;
    }
    [[nodiscard]] QString name() const { return QString::fromStdString(tag + "/" + layout); }
};

/// The element's bytes in native order (component by component for complex).
Bytes nativeBytes(const std::byte* p, const Case& c)
{
    Bytes bytes{};
    std::memcpy(bytes.data(), p, static_cast<std::size_t>(c.itemSize));
    if (c.bigEndian)
        for (int offset = 0; offset < c.itemSize; offset += c.componentSize)
            std::reverse(bytes.begin() + offset, bytes.begin() + offset + c.componentSize);
    return bytes;
}

/// Equal value bytes: long double padding is not part of the value.
bool sameValue(const std::byte* a, const std::byte* b, const ElementType& type, int itemSize)
{
    if (type.kind == ElementKind::Float && itemSize == sizeof(long double))
        return std::memcmp(a, b, kLongDoubleValueBytes) == 0;
    if (type.kind == ElementKind::Complex && itemSize == 2 * sizeof(long double))
        return std::memcmp(a, b, kLongDoubleValueBytes) == 0 &&
               std::memcmp(a + itemSize / 2, b + itemSize / 2, kLongDoubleValueBytes) == 0;
    return std::memcmp(a, b, static_cast<std::size_t>(itemSize)) == 0;
}

QString indexText(const std::vector<std::int64_t>& index)
{
    QStringList parts;
    for (std::int64_t i : index)
        parts << QString::number(i);
    return "[" + parts.join(", ") + "]";
}

/// Builds the case in Python and exports it through the core. The GIL must be held.
Case loadCase(const std::string& tag, const std::string& layout)
{
    Case c;
    c.tag = tag;
    c.layout = layout;
    testing::exec("case = oracle.make(" + quotedPy(tag) + ", " + quotedPy(layout) + ")");
    c.exportError = testing::str("oracle.export_error(case)");
    c.shape = intsOf(testing::eval("case.shape"));
    c.itemSize = static_cast<int>(intsOf(testing::eval("[case.dtype.itemsize]"))[0]);
    c.componentSize = static_cast<int>(intsOf(testing::eval("[oracle.component_size(case)]"))[0]);
    if (!c.exportError.empty())
        return c;
    c.expected = bytesOf(testing::eval("oracle.native_bytes(case)"));
    c.strides = intsOf(testing::eval("oracle.exported_layout(case)[1]"));
    c.format = testing::str("memoryview(case).format");
    c.bigEndian = truth("oracle.is_big_endian(case)");
    c.writable = truth("case.flags.writeable");
    try {
        c.buffer = PyBuffer::acquire(testing::eval("case"));
    } catch (const Error& error) {
        c.coreError = error.what();
        return c;
    }
    c.type = c.buffer->elementType();
    return c;
}

/// Ends the test when the core did not export what NumPy exports.
#define REQUIRE_CORE_EXPORTS(c)                                                                    \
    do {                                                                                           \
        if (!(c).coreError.empty()) {                                                              \
            QVERIFY2((c).coreError.empty(), qPrintable((c).name() + " (format '" +                 \
                                                       QString::fromStdString((c).format) +        \
                                                       "'): " + QString::fromStdString((c).coreError))); \
        }                                                                                          \
    } while (false)

void addCaseRows()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("layout");
    GilGuard gil;
    PyObjectRef cases = testing::eval("oracle.cases()");
    const Py_ssize_t n = PyList_Size(cases.get());
    for (Py_ssize_t i = 0; i < n; ++i) {
        PyObject* pair = PyList_GetItem(cases.get(), i);
        const QString tag = PyUnicode_AsUTF8(PyTuple_GetItem(pair, 0));
        const QString layout = PyUnicode_AsUTF8(PyTuple_GetItem(pair, 1));
        QTest::newRow(qPrintable(tag + "/" + layout)) << tag << layout;
    }
}

QString firstFew(const QStringList& problems)
{
    QStringList shown = problems.mid(0, 6);
    if (problems.size() > shown.size())
        shown << QString("… and %1 more").arg(problems.size() - shown.size());
    return shown.join("\n    ");
}

// ------------------------------------------------------------------ typed accessors

template <class T>
Bytes valueBytes(const T& value)
{
    Bytes bytes{};
    if constexpr (std::is_same_v<T, bool>)
        bytes[0] = std::byte{static_cast<unsigned char>(value ? 1 : 0)};
    else
        std::memcpy(bytes.data(), &value, sizeof(T));
    return bytes;
}

/// A type that is surely not T (for the ItemType refusal).
template <class T>
using OtherType = std::conditional_t<std::is_same_v<T, std::int8_t>, std::uint8_t, std::int8_t>;

template <class T>
using Named1D = StridedSpan<const T> (PyBuffer::*)() const;
template <class T>
using Named2D = StridedSpan2D<const T> (PyBuffer::*)() const;

template <class F>
BufferAccessError::Reason refusal(F&& access, bool* threw)
{
    *threw = false;
    try {
        access();
    } catch (const BufferAccessError& error) {
        *threw = true;
        return error.reason();
    }
    return BufferAccessError::Reason::Index;
}

#define EXPECT_REFUSAL(expression, wantedReason)                                                            \
    do {                                                                                                     \
        bool threw_ = false;                                                                                 \
        const auto reason_ = refusal([&] { (void)(expression); }, &threw_);                                  \
        QVERIFY2(threw_, #expression " did not throw BufferAccessError");                                    \
        QVERIFY2(reason_ == (wantedReason), #expression " threw BufferAccessError for another reason");     \
    } while (false)

template <class T>
void checkTyped(const Case& c, Named1D<T> named1D, Named2D<T> named2D)
{
    PyBuffer& buffer = *c.buffer;
    const int ndim = static_cast<int>(c.shape.size());
    EXPECT_REFUSAL(buffer.asReadOnlySpan<OtherType<T>>(), BufferAccessError::Reason::ItemType);
    if (ndim != 1)
        EXPECT_REFUSAL((buffer.*named1D)(), BufferAccessError::Reason::Dimensions);
    if (ndim != 2)
        EXPECT_REFUSAL((buffer.*named2D)(), BufferAccessError::Reason::Dimensions);
    if (ndim != 1 && ndim != 2)
        return;
    if (c.bigEndian) {
        if (ndim == 1)
            EXPECT_REFUSAL((buffer.*named1D)(), BufferAccessError::Reason::ByteOrder);
        else
            EXPECT_REFUSAL((buffer.*named2D)(), BufferAccessError::Reason::ByteOrder);
        return;
    }
    QStringList problems;
    auto compare = [&](const T& value, std::int64_t flat, const char* how) {
        const Bytes bytes = valueBytes(value);
        if (!sameValue(bytes.data(), c.expectedAt(flat), c.type, c.itemSize))
            problems << QString("%1 element %2: %3, NumPy has %4")
                            .arg(how, indexText(testing::unravel(flat, c.shape)), hex(bytes.data(), c.itemSize),
                                 hex(c.expectedAt(flat), c.itemSize));
    };

    if (ndim == 1) {
        const StridedSpan<const T> span = (buffer.*named1D)();
        const StridedSpan<const T> generic = buffer.asReadOnlySpan<T>();
        QCOMPARE(span.size(), c.shape[0]);
        QCOMPARE(span.byteStride(), c.strides[0]);
        QCOMPARE(generic.data(), span.data());
        for (std::int64_t i = 0; i < span.size(); ++i) {
            compare(span.get(i), i, "get");
            compare(span[i], i, "operator[]");
        }
        std::int64_t i = 0;
        for (T value : span)
            compare(value, i++, "iterator");
        QCOMPARE(i, span.size());
        const bool packed = span.size() <= 1 || span.byteStride() == static_cast<std::int64_t>(sizeof(T));
        const bool aligned = reinterpret_cast<std::uintptr_t>(span.data()) % alignof(T) == 0;
        const auto contiguous = span.contiguous();
        QCOMPARE(contiguous.has_value(), packed && aligned);
        if (contiguous)
            for (std::size_t k = 0; k < contiguous->size(); ++k)
                compare((*contiguous)[k], static_cast<std::int64_t>(k), "contiguous()");
        if (c.writable) {
            const StridedSpan<T> writable = buffer.asSpan<T>();
            for (std::int64_t k = 0; k < writable.size(); ++k)
                compare(static_cast<T>(writable[k]), k, "asSpan ElementRef");
        } else {
            EXPECT_REFUSAL(buffer.asSpan<T>(), BufferAccessError::Reason::ReadOnly);
        }
    } else {
        const StridedSpan2D<const T> span = (buffer.*named2D)();
        QCOMPARE(span.rows(), c.shape[0]);
        QCOMPARE(span.cols(), c.shape[1]);
        QCOMPARE(span.rowStride(), c.strides[0]);
        QCOMPARE(span.colStride(), c.strides[1]);
        const auto transposed = span.transposed();
        for (std::int64_t r = 0; r < span.rows(); ++r)
            for (std::int64_t col = 0; col < span.cols(); ++col) {
                const std::int64_t flat = r * span.cols() + col;
                compare(span.get(r, col), flat, "get");
                compare(span(r, col), flat, "operator()");
                compare(span.row(r).get(col), flat, "row()");
                compare(span.column(col).get(r), flat, "column()");
                compare(transposed.get(col, r), flat, "transposed()");
            }
        if (c.writable) {
            const StridedSpan2D<T> writable = buffer.asSpan2D<T>();
            for (std::int64_t r = 0; r < writable.rows(); ++r)
                for (std::int64_t col = 0; col < writable.cols(); ++col)
                    compare(static_cast<T>(writable(r, col)), r * writable.cols() + col, "asSpan2D ElementRef");
        } else {
            EXPECT_REFUSAL(buffer.asSpan2D<T>(), BufferAccessError::Reason::ReadOnly);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(c.name() + ":\n    " + firstFew(problems)));
}

// The typed accessors of each dtype name, as the seed's table names them.
using TypedCheck = void (*)(const Case&);
const std::pair<std::string_view, TypedCheck> kTypedChecks[] = {
    {"bool", [](const Case& c) { checkTyped<bool>(c, &PyBuffer::asBoolReadOnlySpan, &PyBuffer::asBoolReadOnlySpan2D); }},
    {"int8", [](const Case& c) { checkTyped<std::int8_t>(c, &PyBuffer::asSByteReadOnlySpan, &PyBuffer::asSByteReadOnlySpan2D); }},
    {"int16", [](const Case& c) { checkTyped<std::int16_t>(c, &PyBuffer::asShortReadOnlySpan, &PyBuffer::asShortReadOnlySpan2D); }},
    {"int32", [](const Case& c) { checkTyped<std::int32_t>(c, &PyBuffer::asIntReadOnlySpan, &PyBuffer::asIntReadOnlySpan2D); }},
    {"int64", [](const Case& c) { checkTyped<std::int64_t>(c, &PyBuffer::asLongReadOnlySpan, &PyBuffer::asLongReadOnlySpan2D); }},
    {"uint8", [](const Case& c) { checkTyped<std::uint8_t>(c, &PyBuffer::asByteReadOnlySpan, &PyBuffer::asByteReadOnlySpan2D); }},
    {"uint16", [](const Case& c) { checkTyped<std::uint16_t>(c, &PyBuffer::asUShortReadOnlySpan, &PyBuffer::asUShortReadOnlySpan2D); }},
    {"uint32", [](const Case& c) { checkTyped<std::uint32_t>(c, &PyBuffer::asUIntReadOnlySpan, &PyBuffer::asUIntReadOnlySpan2D); }},
    {"uint64", [](const Case& c) { checkTyped<std::uint64_t>(c, &PyBuffer::asULongReadOnlySpan, &PyBuffer::asULongReadOnlySpan2D); }},
    {"float16", [](const Case& c) { checkTyped<Float16>(c, &PyBuffer::asHalfReadOnlySpan, &PyBuffer::asHalfReadOnlySpan2D); }},
    {"float32", [](const Case& c) { checkTyped<float>(c, &PyBuffer::asFloatReadOnlySpan, &PyBuffer::asFloatReadOnlySpan2D); }},
    {"float64", [](const Case& c) { checkTyped<double>(c, &PyBuffer::asDoubleReadOnlySpan, &PyBuffer::asDoubleReadOnlySpan2D); }},
    {"longdouble",
     [](const Case& c) {
         checkTyped<long double>(c, &PyBuffer::asLongDoubleReadOnlySpan, &PyBuffer::asLongDoubleReadOnlySpan2D);
     }},
    {"complex64",
     [](const Case& c) {
         checkTyped<std::complex<float>>(c, &PyBuffer::asComplexFloatReadOnlySpan, &PyBuffer::asComplexFloatReadOnlySpan2D);
     }},
    {"complex128",
     [](const Case& c) {
         checkTyped<std::complex<double>>(c, &PyBuffer::asComplexDoubleReadOnlySpan,
                                          &PyBuffer::asComplexDoubleReadOnlySpan2D);
     }},
    // The seed's table has no name for it: the generic accessors only.
    {"clongdouble",
     [](const Case& c) {
         checkTyped<std::complex<long double>>(c, &PyBuffer::asReadOnlySpan<std::complex<long double>>,
                                               &PyBuffer::asReadOnlySpan2D<std::complex<long double>>);
     }},
};

void checkTypedFor(const Case& c)
{
    for (const auto& [name, check] : kTypedChecks)
        if (name == c.type.name)
            return check(c);
    QFAIL(qPrintable("no typed accessor check for " + QString::fromStdString(c.type.name)));
}

// ------------------------------------------------------------------ slices

std::vector<std::string> slicesFor(std::size_t ndim)
{
    switch (ndim) {
    case 0: return {"", "..."};
    case 1: return {":", "::-1", "1::3", "-2::-2", "2:-1", "3", "-1", "...", "::100", "::-100", "-100:2", "100:", "5:2"};
    case 2: return {":,:", "::-1,::2", "1::2,-1::-3", "2,:", ":,1", "-1,-1", "...,::-1", "1:3", "-1", "5:,:", "::-1,5:2",
                    "-100:100:7,-1:-100:-2"};
    default: return {"0", "1,:,::-1", ":,2,:", "::-1,:,1", "-1,::2,1::2", "...,0", "1,2,3", "0,...,::-1", "...", "::2"};
    }
}

} // namespace

class test_oracle_suite : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        GilGuard gil;
        testing::exec("import sys\nsys.path.insert(0, " + quotedPy(testing::fixture("")) + ")\nimport oracle\n");
        QVERIFY(truth("len(oracle.cases()) > 300"));
    }

    /// Every item type of the DtypeTable has arrays in the oracle.
    void everyTableTypeIsCovered()
    {
        GilGuard gil;
        for (const DtypeRow& row : DtypeTable::rows()) {
            const std::string name(row.numpyName);
            QVERIFY2(truth(quotedPy(name) + " in oracle.TABLE_NAMES.values()"),
                     qPrintable(QString::fromUtf8(row.code.data(), static_cast<qsizetype>(row.code.size()))));
        }
    }

    void elements_data() { addCaseRows(); }
    /// (a) bytes through elementPointer, (b) cell text read back by Python.
    void elements()
    {
        QFETCH(QString, tag);
        QFETCH(QString, layout);
        GilGuard gil;
        const Case c = loadCase(tag.toStdString(), layout.toStdString());
        if (!c.exportError.empty()) {
            // NumPy itself refuses (e.g. '>g'): the core must say so, not guess.
            try {
                (void)PyBuffer::acquire(testing::eval("case"));
                QFAIL("acquire() exported a buffer NumPy refuses to export");
            } catch (const PythonError& error) {
                QVERIFY2(std::string(error.what()).find(c.exportError) != std::string::npos, error.what());
                QVERIFY2(std::string(error.what()).find("numpy.ndarray") != std::string::npos, error.what());
            }
            return;
        }
        REQUIRE_CORE_EXPORTS(c);
        const PyBuffer& buffer = *c.buffer;

        // The metadata the core copied is NumPy's.
        QCOMPARE(buffer.shape(), c.shape);
        QCOMPARE(buffer.strides(), c.strides);
        QCOMPARE(buffer.itemSize(), c.itemSize);
        QCOMPARE(buffer.isReadOnly(), !c.writable);
        QCOMPARE(buffer.elementCount(), c.count());
        QVERIFY(!buffer.hasSuboffsets());
        QCOMPARE(QString::fromStdString(buffer.elementType().name),
                 QString::fromStdString(testing::str("oracle.TABLE_NAMES[" + quotedPy(c.tag) + "]")));
        QCOMPARE(buffer.elementType().swapped, c.bigEndian);
        // Contiguity as the buffer protocol defines it (PyBuffer_IsContiguous).
        QCOMPARE(buffer.isCContiguous(), truth("memoryview(case).c_contiguous"));
        QCOMPARE(buffer.isFContiguous(), truth("memoryview(case).f_contiguous"));
        QCOMPARE(buffer.exporterType(), std::string("numpy.ndarray"));

        const std::int64_t n = c.count();
        QStringList problems;
        std::vector<std::string> texts;
        texts.reserve(static_cast<std::size_t>(n));
        for (std::int64_t flat = 0; flat < n; ++flat) {
            const std::vector<std::int64_t> index = testing::unravel(flat, c.shape);
            const std::byte* p = buffer.elementPointer(index);
            // (a) bytes
            const Bytes bytes = nativeBytes(p, c);
            if (!sameValue(bytes.data(), c.expectedAt(flat), c.type, c.itemSize))
                problems << QString("element %1: bytes %2, NumPy has %3")
                                .arg(indexText(index), hex(bytes.data(), c.itemSize), hex(c.expectedAt(flat), c.itemSize));
            // Negative indices count from the end, as in NumPy.
            std::vector<std::int64_t> negative = index;
            for (std::size_t k = 0; k < negative.size(); ++k)
                negative[k] -= c.shape[k];
            if (buffer.elementPointer(negative) != p)
                problems << QString("element %1: the negative index %2 points elsewhere")
                                .arg(indexText(index), indexText(negative));
            // (b) text, and the core's own round trip: parse(format(x)) is x's bytes.
            texts.push_back(CellCodec::format(p, buffer.elementType()));
            try {
                const ElementBytes parsed = CellCodec::parse(texts.back(), buffer.elementType());
                if (parsed.size() != std::size_t(c.itemSize) || !sameValue(parsed.data(), p, c.type, c.itemSize))
                    problems << QString("element %1: CellCodec::parse('%2') gives %3, the buffer holds %4")
                                    .arg(indexText(index), QString::fromStdString(texts.back()),
                                         hex(parsed.data(), int(parsed.size())), hex(p, c.itemSize));
            } catch (const CellTextError& error) {
                problems << QString("element %1: CellCodec::parse('%2') refuses its own text: %3")
                                .arg(indexText(index), QString::fromStdString(texts.back()), error.what());
            }
            const ElementBytes loaded = CellCodec::load(p, buffer.elementType());
            if (loaded.size() != std::size_t(c.itemSize) || std::memcmp(loaded.data(), p, static_cast<std::size_t>(c.itemSize)) != 0)
                problems << QString("element %1: CellCodec::load differs from the buffer").arg(indexText(index));
        }
        if (n > 0) {
            const std::vector<std::int64_t> outside(c.shape.size(), c.shape.empty() ? 0 : c.shape[0]);
            if (!c.shape.empty())
                EXPECT_REFUSAL(buffer.elementPointer(outside), BufferAccessError::Reason::Index);
        }
        EXPECT_REFUSAL(buffer.elementPointer(std::vector<std::int64_t>(c.shape.size() + 1, 0)),
                       BufferAccessError::Reason::Index);

        // Python reads every text back.
        PyObjectRef list = checked(PyList_New(static_cast<Py_ssize_t>(texts.size())));
        for (std::size_t i = 0; i < texts.size(); ++i)
            PyList_SET_ITEM(list.get(), static_cast<Py_ssize_t>(i),
                            checked(PyUnicode_FromString(texts[i].c_str())).release());
        PyObjectRef parse = testing::eval("oracle.parse_texts");
        PyObjectRef parsed = checked(PyObject_CallFunction(parse.get(), "sO", c.tag.c_str(), list.get()));
        PyObjectRef reprs = checked(PyObject_CallFunction(testing::eval("oracle.python_reprs").get(), "O",
                                                          testing::eval("case").get()));
        for (std::int64_t flat = 0; flat < n; ++flat) {
            const auto i = static_cast<Py_ssize_t>(flat);
            const QString text = QString::fromStdString(texts[static_cast<std::size_t>(flat)]);
            const QString where = indexText(testing::unravel(flat, c.shape));
            PyObject* item = PyList_GetItem(parsed.get(), i);
            if (item == Py_None) {
                problems << QString("element %1: Python cannot read the text '%2' as %3")
                                .arg(where, text, QString::fromStdString(c.tag));
                continue;
            }
            const auto* back = reinterpret_cast<const std::byte*>(PyBytes_AsString(item));
            if (!sameValue(back, c.expectedAt(flat), c.type, c.itemSize))
                problems << QString("element %1: the text '%2' reads back as %3, NumPy has %4")
                                .arg(where, text, hex(back, c.itemSize), hex(c.expectedAt(flat), c.itemSize));
            if (reprs.get() != Py_None) {
                const QString repr = PyUnicode_AsUTF8(PyList_GetItem(reprs.get(), i));
                if (repr != text)
                    problems << QString("element %1: the text '%2' is not Python's repr '%3'").arg(where, text, repr);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(c.name() + ":\n    " + firstFew(problems)));
    }

    void views_data() { addCaseRows(); }
    /// (a) through StridedView: every slice of the buffer, as NumPy slices it.
    void views()
    {
        QFETCH(QString, tag);
        QFETCH(QString, layout);
        GilGuard gil;
        const Case c = loadCase(tag.toStdString(), layout.toStdString());
        if (!c.exportError.empty())
            QSKIP("NumPy does not export this array (checked in elements())");
        REQUIRE_CORE_EXPORTS(c);
        QStringList problems;
        for (const std::string& sliceText : slicesFor(c.shape.size())) {
            for (const bool transpose : {false, true}) {
                const QString what = QString("slice '%1'%2").arg(QString::fromStdString(sliceText),
                                                                 transpose ? " transposed" : "");
                PyObjectRef oracle = checked(PyObject_CallFunction(testing::eval("oracle.sliced_bytes").get(), "Osi",
                                                                   testing::eval("case").get(), sliceText.c_str(),
                                                                   transpose ? 1 : 0));
                const bool numpyRefuses = oracle.get() == Py_None;
                std::vector<std::int64_t> shape;
                std::string expected;
                if (!numpyRefuses) {
                    expected = bytesOf(PyObjectRef::borrow(PyTuple_GetItem(oracle.get(), 0)));
                    shape = intsOf(PyObjectRef::borrow(PyTuple_GetItem(oracle.get(), 1)));
                }
                if (numpyRefuses || shape.size() > 2) {
                    // An index out of bounds, or more than two axes kept.
                    try {
                        StridedView view(c.buffer, SliceSpec::parse(sliceText), transpose);
                        problems << what + ": accepted, NumPy " +
                                        (numpyRefuses ? "raises IndexError" : "keeps more than 2 axes");
                    } catch (const SliceError&) {
                    }
                    continue;
                }
                StridedView view(c.buffer, SliceSpec::parse(sliceText), transpose);
                std::int64_t rows = 1;
                std::int64_t cols = 1;
                if (shape.size() == 2) {
                    rows = shape[0];
                    cols = shape[1];
                } else if (shape.size() == 1) {
                    // One kept axis is a column; transposed, a row.
                    (transpose ? cols : rows) = shape[0];
                }
                if (view.rows() != rows || view.cols() != cols ||
                    view.keptDimensions() != static_cast<int>(shape.size())) {
                    problems << what + QString(": view is %1×%2 keeping %3 axes, NumPy's slice has shape %4")
                                           .arg(view.rows())
                                           .arg(view.cols())
                                           .arg(view.keptDimensions())
                                           .arg(indexText(shape));
                    continue;
                }
                QCOMPARE(view.isReadOnly(), !c.writable);
                for (std::int64_t r = 0; r < rows; ++r)
                    for (std::int64_t col = 0; col < cols; ++col) {
                        const std::byte* p = view.pointer(r, col);
                        const std::int64_t flat = r * cols + col;
                        const Bytes bytes = nativeBytes(p, c);
                        const auto* want = reinterpret_cast<const std::byte*>(expected.data()) + flat * c.itemSize;
                        if (!sameValue(bytes.data(), want, c.type, c.itemSize))
                            problems << what + QString(": cell (%1, %2) holds %3, NumPy has %4")
                                                   .arg(r)
                                                   .arg(col)
                                                   .arg(hex(bytes.data(), c.itemSize), hex(want, c.itemSize));
                        const std::vector<std::int64_t> source = view.sourceIndex(r, col);
                        if (c.buffer->elementPointer(source) != p)
                            problems << what + QString(": cell (%1, %2) is not element %3 (sourceIndex)")
                                                   .arg(r)
                                                   .arg(col)
                                                   .arg(indexText(source));
                        if (c.writable && view.writablePointer(r, col) != p)
                            problems << what + QString(": writablePointer(%1, %2) differs from pointer()").arg(r).arg(col);
                    }
                if (!c.writable && rows * cols > 0)
                    EXPECT_REFUSAL(view.writablePointer(0, 0), BufferAccessError::Reason::ReadOnly);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(c.name() + ":\n    " + firstFew(problems)));
    }

    void typedAccessors_data() { addCaseRows(); }
    /// (c) the typed spans, for native 1-D and 2-D buffers; the refusals for the rest.
    void typedAccessors()
    {
        QFETCH(QString, tag);
        QFETCH(QString, layout);
        GilGuard gil;
        const Case c = loadCase(tag.toStdString(), layout.toStdString());
        if (!c.exportError.empty())
            QSKIP("NumPy does not export this array (checked in elements())");
        REQUIRE_CORE_EXPORTS(c);
        checkTypedFor(c);
    }

    void writeThrough_data() { addCaseRows(); }
    /// Every element rewritten through the cell codec (the texts reversed):
    /// NumPy sees the new values, in the buffer's own byte order.
    void writeThrough()
    {
        QFETCH(QString, tag);
        QFETCH(QString, layout);
        GilGuard gil;
        Case c = loadCase(tag.toStdString(), layout.toStdString());
        if (!c.exportError.empty())
            QSKIP("NumPy does not export this array (checked in elements())");
        REQUIRE_CORE_EXPORTS(c);
        const std::int64_t n = c.count();
        if (!c.writable) {
            if (n > 0)
                EXPECT_REFUSAL(c.buffer->writableElementPointer(testing::unravel(0, c.shape)), BufferAccessError::Reason::ReadOnly);
            return;
        }
        std::vector<ElementBytes> values;
        for (std::int64_t flat = 0; flat < n; ++flat) {
            const std::byte* p = c.buffer->elementPointer(testing::unravel(flat, c.shape));
            values.push_back(CellCodec::parse(CellCodec::format(p, c.buffer->elementType()), c.buffer->elementType()));
        }
        for (std::int64_t flat = 0; flat < n; ++flat)
            CellCodec::store(c.buffer->writableElementPointer(testing::unravel(flat, c.shape)),
                             values[static_cast<std::size_t>(n - 1 - flat)]);
        const std::string after = bytesOf(testing::eval("oracle.native_bytes(case)"));
        QStringList problems;
        for (std::int64_t flat = 0; flat < n; ++flat) {
            const auto* got = reinterpret_cast<const std::byte*>(after.data()) + flat * c.itemSize;
            const std::byte* want = c.expectedAt(n - 1 - flat);
            if (!sameValue(got, want, c.type, c.itemSize))
                problems << QString("element %1: NumPy reads %2 after the write, expected %3")
                                .arg(indexText(testing::unravel(flat, c.shape)), hex(got, c.itemSize), hex(want, c.itemSize));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(c.name() + ":\n    " + firstFew(problems)));
    }
};

ARRAYLENS_TEST_MAIN(test_oracle_suite)
#include "test_oracle.moc"
