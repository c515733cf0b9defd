// SPDX-License-Identifier: MIT
// PyBuffer: the seed's typed accessors on real NumPy arrays, every error
// path, strides of every kind and write-through.
#include "test_support.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/python_error.h"
#include "core/strided_view.h"

#include <limits>

using namespace arraylens;

namespace {

using Reason = BufferAccessError::Reason;

template <class Function>
QString accessError(Function&& function, Reason expected)
{
    try {
        function();
    } catch (const BufferAccessError& error) {
        if (error.reason() != expected)
            return "wrong reason: " + QString(error.what());
        return QString(error.what());
    }
    return {};
}

// Checks a 1-D and a 2-D array of one seed row against NumPy's values,
// through the named accessors and asSpan<T>().
template <class T, class Span1, class Span1ReadOnly, class Span2, class Span2ReadOnly>
void checkRow(const char* dtype, Span1 span1, Span1ReadOnly readOnly1, Span2 span2, Span2ReadOnly readOnly2)
{
    const std::string values = std::string("np.array([0, 1, 2, 100, 127], dtype='") + dtype + "')";
    const auto oneD = testing::buffer(values);
    QVERIFY(oneD->isScalar());
    QCOMPARE(oneD->elementType().name, std::string(dtype));
    const auto writable = (oneD.get()->*span1)();
    const auto readable = (oneD.get()->*readOnly1)();
    QCOMPARE(writable.size(), std::int64_t{5});
    for (std::int64_t i = 0; i < 5; ++i) {
        const std::string expected = testing::str(values + "[" + std::to_string(i) + "].item()");
        QCOMPARE(readable[i], static_cast<T>(writable.get(i)));
        QCOMPARE(readable[i], oneD->asReadOnlySpan<T>()[i]);
        if constexpr (std::is_same_v<T, bool>)
            QCOMPARE(readable[i] ? std::string("True") : std::string("False"), expected);
        else
            QCOMPARE(static_cast<double>(readable[i]), std::stod(expected));
    }

    const std::string matrix = std::string("np.array([[1, 2, 3], [4, 5, 6]], dtype='") + dtype + "')";
    const auto twoD = testing::buffer(matrix);
    const auto span = (twoD.get()->*span2)();
    const auto view = (twoD.get()->*readOnly2)();
    QCOMPARE(span.rows(), std::int64_t{2});
    QCOMPARE(span.cols(), std::int64_t{3});
    for (std::int64_t r = 0; r < 2; ++r)
        for (std::int64_t c = 0; c < 3; ++c) {
            const T expected = static_cast<T>(r * 3 + c + 1);
            QCOMPARE(view(r, c), expected);
            QCOMPARE(static_cast<T>(span(r, c)), expected);
        }
}

} // namespace

class PyBufferTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seedExampleBoolArray()
    {
        // The seed document's first example, verbatim in Python.
        const auto buffer = testing::buffer("np.array([True, False, True, False, False], dtype=np.bool_)");
        QVERIFY(buffer->isScalar());
        const auto result = buffer->asBoolSpan();
        QCOMPARE(result.get(0), true);
        QCOMPARE(result.get(4), false);
        QCOMPARE(buffer->asBoolReadOnlySpan()[2], true);
    }

    void seedExample2D()
    {
        const auto buffer = testing::buffer("np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)");
        QCOMPARE(buffer->dimensions(), 2);
        QCOMPARE(buffer->shape(), (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(buffer->asIntSpan2D().get(0, 0), 1);
        QCOMPARE(buffer->asIntReadOnlySpan2D()(1, 2), 6);
    }

    void everySeedRow()
    {
        checkRow<bool>("bool", &PyBuffer::asBoolSpan, &PyBuffer::asBoolReadOnlySpan, &PyBuffer::asBoolSpan2D,
                       &PyBuffer::asBoolReadOnlySpan2D);
        checkRow<std::int8_t>("int8", &PyBuffer::asSByteSpan, &PyBuffer::asSByteReadOnlySpan, &PyBuffer::asSByteSpan2D,
                              &PyBuffer::asSByteReadOnlySpan2D);
        checkRow<std::int16_t>("int16", &PyBuffer::asShortSpan, &PyBuffer::asShortReadOnlySpan,
                               &PyBuffer::asShortSpan2D, &PyBuffer::asShortReadOnlySpan2D);
        checkRow<std::int32_t>("int32", &PyBuffer::asIntSpan, &PyBuffer::asIntReadOnlySpan, &PyBuffer::asIntSpan2D,
                               &PyBuffer::asIntReadOnlySpan2D);
        checkRow<std::int64_t>("int64", &PyBuffer::asLongSpan, &PyBuffer::asLongReadOnlySpan, &PyBuffer::asLongSpan2D,
                               &PyBuffer::asLongReadOnlySpan2D);
        checkRow<std::uint8_t>("uint8", &PyBuffer::asByteSpan, &PyBuffer::asByteReadOnlySpan, &PyBuffer::asByteSpan2D,
                               &PyBuffer::asByteReadOnlySpan2D);
        checkRow<std::uint16_t>("uint16", &PyBuffer::asUShortSpan, &PyBuffer::asUShortReadOnlySpan,
                                &PyBuffer::asUShortSpan2D, &PyBuffer::asUShortReadOnlySpan2D);
        checkRow<std::uint32_t>("uint32", &PyBuffer::asUIntSpan, &PyBuffer::asUIntReadOnlySpan,
                                &PyBuffer::asUIntSpan2D, &PyBuffer::asUIntReadOnlySpan2D);
        checkRow<std::uint64_t>("uint64", &PyBuffer::asULongSpan, &PyBuffer::asULongReadOnlySpan,
                                &PyBuffer::asULongSpan2D, &PyBuffer::asULongReadOnlySpan2D);
        checkRow<float>("float32", &PyBuffer::asFloatSpan, &PyBuffer::asFloatReadOnlySpan, &PyBuffer::asFloatSpan2D,
                        &PyBuffer::asFloatReadOnlySpan2D);
        checkRow<double>("float64", &PyBuffer::asDoubleSpan, &PyBuffer::asDoubleReadOnlySpan,
                         &PyBuffer::asDoubleSpan2D, &PyBuffer::asDoubleReadOnlySpan2D);
    }

    void beyondTheSeed()
    {
        const auto half = testing::buffer("np.array([0.5, -2, 65504], dtype=np.float16)");
        QCOMPARE(half->asHalfReadOnlySpan()[1].toDouble(), -2.0);
        QCOMPARE(half->asHalfReadOnlySpan()[2].toDouble(), 65504.0);
        const auto c64 = testing::buffer("np.array([1+2j, -3j], dtype=np.complex64)");
        QCOMPARE(c64->asComplexFloatReadOnlySpan()[0], std::complex<float>(1, 2));
        const auto c128 = testing::buffer("np.array([[1+2j], [-3j]], dtype=np.complex128)");
        QCOMPARE(c128->asComplexDoubleReadOnlySpan2D()(1, 0), std::complex<double>(0, -3));
        const auto ld = testing::buffer("np.array([1.5, -0.25], dtype=np.longdouble)");
        QCOMPARE(ld->asLongDoubleReadOnlySpan()[1], -0.25L);

        // 'n' and 'N' (ssize_t, size_t) come from memoryview.cast; signed and unsigned the right way round.
        const auto ssize = testing::buffer("memoryview(np.array([-1, 2], dtype=np.int64).tobytes()).cast('n')");
        QCOMPARE(ssize->format(), std::string("n"));
        QCOMPARE(ssize->asSSizeReadOnlySpan()[0], Py_ssize_t{-1});
        const auto size = testing::buffer("memoryview(np.array([-1, 2], dtype=np.int64).tobytes()).cast('N')");
        QCOMPARE(size->asSizeReadOnlySpan()[0], std::numeric_limits<std::size_t>::max());
        QVERIFY(!accessError([&] { (void)size->asSSizeReadOnlySpan(); }, Reason::ItemType).isEmpty());
    }

    void metadata()
    {
        const auto buffer = testing::buffer("np.zeros((3, 4), dtype='>i4').T");
        QCOMPARE(buffer->format(), std::string(">i"));
        QCOMPARE(buffer->itemSize(), std::int64_t{4});
        QCOMPARE(buffer->shape(), (std::vector<std::int64_t>{4, 3}));
        QCOMPARE(buffer->strides(), (std::vector<std::int64_t>{4, 16}));
        QVERIFY(!buffer->isCContiguous());
        QVERIFY(buffer->isFContiguous());
        QVERIFY(!buffer->isReadOnly());
        QCOMPARE(buffer->elementCount(), std::int64_t{12});
        QCOMPARE(buffer->exporterType(), std::string("numpy.ndarray"));
        QVERIFY(buffer->elementType().swapped);

        const auto scalar = testing::buffer("np.array(3.5)");
        QCOMPARE(scalar->dimensions(), 0);
        QVERIFY(!scalar->isScalar()); // "scalar" is the seed's word for one-dimensional
        QCOMPARE(scalar->element<double>({}), 3.5);
    }

    void wrongItemTypeNamesBoth()
    {
        const auto buffer = testing::buffer("np.zeros(3, dtype=np.float32)");
        const QString message = accessError([&] { (void)buffer->asDoubleSpan(); }, Reason::ItemType);
        QVERIFY2(message.contains("float64") && message.contains("float32"), qPrintable(message));
        QVERIFY(!accessError([&] { (void)buffer->asIntReadOnlySpan(); }, Reason::ItemType).isEmpty());
        QVERIFY(!accessError([&] { (void)buffer->element<int>(std::vector<std::int64_t>{0}); }, Reason::ItemType).isEmpty());
    }

    void wrongDimensionsNamesBoth()
    {
        const auto matrix = testing::buffer("np.zeros((2, 3), dtype=np.int32)");
        const QString message = accessError([&] { (void)matrix->asIntSpan(); }, Reason::Dimensions);
        QVERIFY2(message.contains("1-dimensional") && message.contains("2-dimensional") && message.contains("(2, 3)"),
                 qPrintable(message));
        const auto vector = testing::buffer("np.zeros(3, dtype=np.int32)");
        QVERIFY(!accessError([&] { (void)vector->asIntReadOnlySpan2D(); }, Reason::Dimensions).isEmpty());
        const auto cube = testing::buffer("np.zeros((2, 2, 2), dtype=np.int32)");
        QVERIFY(!accessError([&] { (void)cube->asIntSpan2D(); }, Reason::Dimensions).isEmpty());
    }

    void nonNativeByteOrderIsRefusedByTypedSpans()
    {
        const auto buffer = testing::buffer("np.arange(3, dtype='>i4')");
        const QString message = accessError([&] { (void)buffer->asIntReadOnlySpan(); }, Reason::ByteOrder);
        QVERIFY2(message.contains("big-endian") && message.contains("'>i'"), qPrintable(message));
        // …while an explicit '<' on this little-endian machine is native (the seed refuses even that).
        const auto ctypesArray = testing::buffer("(ctypes.c_int32 * 3)(1, 2, 3)");
        QCOMPARE(ctypesArray->format(), std::string("<i"));
        QCOMPARE(ctypesArray->asIntReadOnlySpan()[2], 3);
    }

    void readOnlyIsRefusedForWriting()
    {
        const auto bytes = testing::buffer("b'abc'");
        QVERIFY(bytes->isReadOnly());
        QCOMPARE(bytes->asByteReadOnlySpan()[1], std::uint8_t{'b'});
        const QString message = accessError([&] { (void)bytes->asByteSpan(); }, Reason::ReadOnly);
        QVERIFY2(message.contains("read-only") && message.contains("bytes"), qPrintable(message));

        const auto frozen = testing::buffer("_a", "_a = np.arange(4.0)\n_a.flags.writeable = False");
        QVERIFY(frozen->isReadOnly());
        QVERIFY(!accessError([&] { (void)frozen->asDoubleSpan(); }, Reason::ReadOnly).isEmpty());
        QVERIFY(!accessError([&] { (void)frozen->writableElementPointer(std::vector<std::int64_t>{0}); }, Reason::ReadOnly)
                     .isEmpty());
        const auto broadcast = testing::buffer("np.broadcast_to(np.arange(3), (4, 3))");
        QVERIFY(broadcast->isReadOnly());
        QCOMPARE(broadcast->strides()[0], std::int64_t{0});
        QCOMPARE(broadcast->asLongReadOnlySpan2D()(3, 2), std::int64_t{2});
    }

    void stridesOfEveryKind()
    {
        // transposed: the seed's bridge refuses this; we read it in place
        const auto transposed = testing::buffer("np.arange(6, dtype=np.int32).reshape(2, 3).T");
        auto t = transposed->asIntReadOnlySpan2D();
        QCOMPARE(t.rows(), std::int64_t{3});
        QCOMPARE(t(2, 1), 5);
        // negative strides
        const auto reversed = testing::buffer("np.arange(12, dtype=np.int16).reshape(3, 4)[::-1, ::-2]");
        auto r = reversed->asShortReadOnlySpan2D();
        QVERIFY(r.rowStride() < 0 && r.colStride() < 0);
        QCOMPARE(r(0, 0), std::int16_t{11});
        QCOMPARE(r(2, 1), std::int16_t{1});
        // zero stride (broadcast)
        const auto zero = testing::buffer("np.broadcast_to(np.float64(7.5), (1000,))");
        QCOMPARE(zero->strides()[0], std::int64_t{0});
        QCOMPARE(zero->asDoubleReadOnlySpan()[999], 7.5);
        // not a multiple of the itemsize, and misaligned
        testing::exec("_raw = np.arange(40, dtype=np.uint8)\n"
                      "_odd = np.ndarray(shape=(5,), dtype=np.int16, buffer=_raw, offset=1, strides=(3,))");
        const auto odd = testing::buffer("_odd");
        QCOMPARE(odd->strides()[0], std::int64_t{3});
        auto o = odd->asShortSpan();
        for (std::int64_t i = 0; i < 5; ++i)
            QCOMPARE(static_cast<long>(o[i]), std::stol(testing::str("_odd[" + std::to_string(i) + "]")));
        o[2] = std::int16_t{-12345};
        QCOMPARE(testing::str("_odd[2]"), std::string("-12345"));
        QVERIFY(!o.contiguous().has_value());
        // a packed span also converts to std::span
        const auto packed = testing::buffer("np.arange(4, dtype=np.int32)");
        QVERIFY(packed->asIntSpan().contiguous().has_value());
        QCOMPARE(packed->asIntSpan().contiguous()->size(), std::size_t{4});
    }

    void writeThroughIsSeenByPython()
    {
        testing::exec("_target = np.zeros((2, 3), dtype=np.float64)\n"
                      "def _read(r, c):\n    return float(_target[r, c])\n");
        const auto buffer = testing::buffer("_target");
        buffer->asDoubleSpan2D()(1, 2) = 2.75;
        buffer->setElement<double>(std::vector<std::int64_t>{0, -1}, -1.5);
        QCOMPARE(testing::str("_read(1, 2)"), std::string("2.75"));
        QCOMPARE(testing::str("_read(0, 2)"), std::string("-1.5"));
        // And the other way: Python writes, the span sees it with no reload.
        testing::exec("_target[0, 0] = 9.0");
        QCOMPARE(buffer->asDoubleReadOnlySpan2D()(0, 0), 9.0);
    }

    void elementPointerChecksIndices()
    {
        const auto buffer = testing::buffer("np.arange(6).reshape(2, 3)");
        QCOMPARE(buffer->element<std::int64_t>(std::vector<std::int64_t>{-1, -1}), std::int64_t{5});
        QVERIFY(accessError([&] { (void)buffer->elementPointer(std::vector<std::int64_t>{2, 0}); }, Reason::Index)
                    .contains("out of bounds for axis 0 with size 2"));
        QVERIFY(accessError([&] { (void)buffer->elementPointer(std::vector<std::int64_t>{0}); }, Reason::Index)
                    .contains("expected 2 indices"));
    }

    void notExportableObjects()
    {
        const auto failure = [](const std::string& expression) -> QString {
            try {
                (void)testing::buffer(expression);
            } catch (const Error& error) {
                return error.what();
            }
            return {};
        };
        QVERIFY(failure("'text'").contains("'str' object does not support the buffer protocol"));
        QVERIFY(failure("None").contains("'NoneType' object does not support the buffer protocol"));
        QVERIFY(failure("[1, 2]").contains("'list'"));
        QVERIFY(failure("np.array([object()])").contains("object"));
        // A date refuses the buffer protocol and offers no array interface
        // ArrayLens reads when it is a Python object.
        QVERIFY(failure("__import__('datetime').date(2020, 1, 1)").contains("does not support the buffer protocol"));
    }

    /// Strings, records and (through __array_interface__) dates, read where
    /// they lie.
    void everyElementTypeIsRead_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<bool>("arrayInterface");
        QTest::newRow("U3") << "np.array(['abc', 'é'])" << "U3" << false;
        QTest::newRow("S3") << "np.array([b'abc', b'x'])" << "S3" << false;
        QTest::newRow("record") << "np.zeros(2, dtype=[('a', 'i4'), ('b', 'f8')])" << "void96" << false;
        QTest::newRow("datetime64[D]") << "np.array(['2020-01-01'], dtype='datetime64[D]')" << "datetime64[D]" << true;
        QTest::newRow("timedelta64[s]") << "np.array([5, -3], dtype='timedelta64[s]')" << "timedelta64[s]" << true;
    }
    void everyElementTypeIsRead()
    {
        QFETCH(QString, expression);
        QFETCH(QString, dtype);
        QFETCH(bool, arrayInterface);
        GilGuard gil;
        testing::exec("_typed = " + expression.toStdString());
        auto buffer = testing::buffer("_typed");
        QCOMPARE(QString::fromStdString(buffer->elementType().name), dtype);
        QCOMPARE(buffer->isArrayInterface(), arrayInterface);
        // Zero-copy: the very memory NumPy holds, pinned while the buffer lives.
        QCOMPARE(std::to_string(reinterpret_cast<std::uintptr_t>(buffer->layout().base())),
                 testing::str("_typed.__array_interface__['data'][0]"));
        if (arrayInterface) {
            // Held as an export is: NumPy refuses to resize an array that is referenced.
            QVERIFY_THROWS_EXCEPTION(PythonError, testing::exec("_typed.resize(5)"));
            buffer.reset();
            testing::exec("_typed.resize(5)");
            QCOMPARE(testing::str("len(_typed)"), std::string("5"));
        }
    }

    void releaseUnpinsTheExporter()
    {
        testing::exec("_grow = bytearray(b'abc')");
        auto buffer = testing::buffer("_grow");
        QVERIFY_THROWS_EXCEPTION(PythonError, testing::exec("_grow.extend(b'd')"));
        buffer.reset();
        testing::exec("_grow.extend(b'd')");
        QCOMPARE(testing::str("bytes(_grow)"), std::string("b'abcd'"));
    }

    void viewOverBufferHoldsIt()
    {
        testing::exec("import weakref\n_owner = np.arange(6.0).reshape(2, 3)\n_ref = weakref.ref(_owner)");
        {
            StridedView view(testing::buffer("_owner"), SliceSpec::parse("::-1, 1:"));
            testing::exec("del _owner");
            QCOMPARE(testing::str("_ref() is None"), std::string("False"));
            QCOMPARE(view.rows(), std::int64_t{2});
            QCOMPARE(view.cols(), std::int64_t{2});
            QCOMPARE(view.rowLabel(0), std::int64_t{1});
            double value;
            std::memcpy(&value, view.pointer(0, 1), sizeof value);
            QCOMPARE(value, 5.0);
        }
        QCOMPARE(testing::str("_ref() is None"), std::string("True"));
    }
};

ARRAYLENS_TEST_MAIN(PyBufferTest)
#include "test_py_buffer.moc"
