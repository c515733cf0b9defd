// SPDX-License-Identifier: MIT
// BufferLayout and PlaneLayout on raw Py_buffer fields, with no exporter:
// the normalisation of DESIGN.md decision 2, every check with its message,
// the byte extents, and what real exporters report (the reason len bounds
// only contiguous layouts).
#include "test_support.h"

#include "core/buffer_layout.h"
#include "core/errors.h"
#include "core/plane_layout.h"

#include <array>
#include <cstring>
#include <limits>

using namespace arraylens;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

/// Fields over `memory` with the given arrays (empty vector: NULL).
struct Fields {
    std::vector<std::int64_t> shape, strides, suboffsets;
    bool noShape = false, noStrides = false;
    BufferFields fields;

    Fields(void* memory, std::int64_t len, std::int64_t itemSize, const char* format, std::vector<std::int64_t> shape_,
           std::vector<std::int64_t> strides_ = {}, std::vector<std::int64_t> suboffsets_ = {})
        : shape(std::move(shape_)), strides(std::move(strides_)), suboffsets(std::move(suboffsets_))
    {
        fields.buf = memory;
        fields.len = len;
        fields.itemSize = itemSize;
        fields.ndim = static_cast<int>(shape.size());
        fields.format = format;
        point();
    }
    void point()
    {
        fields.shape = shape.empty() || noShape ? nullptr : shape.data();
        fields.strides = strides.empty() || noStrides ? nullptr : strides.data();
        fields.suboffsets = suboffsets.empty() ? nullptr : suboffsets.data();
    }
};

/// The InvalidBufferError (or FormatError) message for `fields`, "" if accepted.
QString refusal(const BufferFields& fields)
{
    try {
        (void)BufferLayout(fields);
    } catch (const InvalidBufferError& error) {
        return QString::fromUtf8(error.what());
    } catch (const FormatError& error) {
        return "FormatError: " + QString::fromUtf8(error.what());
    }
    return {};
}

QString selectionRefusal(const BufferLayout& layout, std::vector<AxisSelection> axes)
{
    try {
        (void)PlaneLayout(layout, std::move(axes), false);
    } catch (const SliceError& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

} // namespace

class BufferLayoutTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalisesAsDecisionTwoSays()
    {
        std::array<std::byte, 48> memory{};
        // NULL format is "B"; NULL strides are C order.
        Fields c(memory.data(), 24, 4, "<i", {2, 3});
        const BufferLayout cOrder(c.fields);
        QCOMPARE(cOrder.strides(), (std::vector<std::int64_t>{12, 4}));
        QCOMPARE(cOrder.elementCount(), std::int64_t{6});
        QVERIFY(cOrder.isContiguous(true) && !cOrder.isContiguous(false));
        QCOMPARE(cOrder.lowOffset(), std::int64_t{0});
        QCOMPARE(cOrder.highOffset(), std::int64_t{24});
        Fields bytes(memory.data(), 5, 1, nullptr, {5});
        QCOMPARE(BufferLayout(bytes.fields).format(), std::string("B"));
        QCOMPARE(BufferLayout(bytes.fields).elementType().name, std::string("uint8"));
        // A NULL shape: ndim 0 is a scalar, ndim 1 is len / itemsize elements.
        Fields scalar(memory.data(), 8, 8, "d", {});
        const BufferLayout zeroD(scalar.fields);
        QCOMPARE(zeroD.dimensions(), 0);
        QCOMPARE(zeroD.elementCount(), std::int64_t{1});
        QCOMPARE(zeroD.highOffset(), std::int64_t{8});
        Fields flat(memory.data(), 48, 8, "d", {99});
        flat.noShape = true;
        flat.point();
        QCOMPARE(BufferLayout(flat.fields).shape(), (std::vector<std::int64_t>{6}));
        // Suboffsets that are all negative are none.
        Fields unused(memory.data(), 6, 1, "B", {2, 3}, {3, 1}, {-1, -1});
        QVERIFY(!BufferLayout(unused.fields).hasSuboffsets());
        QVERIFY(BufferLayout(unused.fields).isContiguous(true));
        // readonly is the exporter's.
        unused.fields.readOnly = false;
        QVERIFY(!BufferLayout(unused.fields).isReadOnly());
    }

    void extentsOfEveryStride()
    {
        std::array<std::byte, 64> memory{};
        std::byte* middle = memory.data() + 32;
        // Negative strides: buf at the first element, the rest below it.
        Fields reversed(middle, 32, 8, "d", {4}, {-8});
        const BufferLayout r(reversed.fields);
        QCOMPARE(r.lowOffset(), std::int64_t{-24});
        QCOMPARE(r.highOffset(), std::int64_t{8});
        QVERIFY(!r.isContiguous(true));
        // Broadcast: less than len is touched.
        Fields broadcast(middle, 8000, 8, "d", {1000}, {0});
        QCOMPARE(BufferLayout(broadcast.fields).highOffset(), std::int64_t{8});
        // Gaps: more than len is touched, as in NumPy's a[::2].
        Fields gapped(memory.data(), 16, 4, "i", {2, 2}, {32, 8});
        QCOMPARE(BufferLayout(gapped.fields).highOffset(), std::int64_t{44});
        // Mixed: both ends move.
        Fields mixed(middle, 24, 4, "i", {2, 3}, {-16, 4});
        const BufferLayout m(mixed.fields);
        QCOMPARE(m.lowOffset(), std::int64_t{-16});
        QCOMPARE(m.highOffset(), std::int64_t{12});
        // Empty: no extent at all, whatever the strides.
        Fields empty(memory.data(), 0, 8, "d", {0, 3}, {-24, 8});
        QCOMPARE(BufferLayout(empty.fields).highOffset(), std::int64_t{0});
        QVERIFY(BufferLayout(empty.fields).isContiguous(true));
    }

    void refusals_data()
    {
        QTest::addColumn<int>("ndim");
        QTest::addColumn<qint64>("itemsize");
        QTest::addColumn<qint64>("len");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QList<qint64>>("shape");   // empty with ndim > 0: NULL
        QTest::addColumn<QList<qint64>>("strides"); // empty: NULL
        QTest::addColumn<QString>("message");
        using L = QList<qint64>;
        const qint64 big = qint64{1} << 62;
        // clang-format off
        QTest::newRow("ndim 70") << 70 << qint64{1} << qint64{1} << "B" << L(70, 1) << L() << "the exporter reports ndim 70; at most 64 dimensions are supported";
        QTest::newRow("ndim 65") << 65 << qint64{1} << qint64{1} << "B" << L(65, 1) << L() << "the exporter reports ndim 65; at most 64";
        QTest::newRow("ndim -1") << -1 << qint64{1} << qint64{1} << "B" << L() << L() << "the exporter reports ndim -1; a buffer has 0 or more dimensions";
        QTest::newRow("ndim INT_MIN") << std::numeric_limits<int>::min() << qint64{1} << qint64{1} << "B" << L() << L() << "ndim -2147483648";
        QTest::newRow("itemsize 0") << 1 << qint64{0} << qint64{3} << "B" << L() << L() << "the exporter reports itemsize 0; an element takes at least one byte";
        QTest::newRow("itemsize INT64_MIN") << 1 << std::numeric_limits<qint64>::min() << qint64{3} << "B" << L{3} << L() << "itemsize -9223372036854775808";
        QTest::newRow("len -3") << 1 << qint64{1} << qint64{-3} << "B" << L{0} << L() << "the exporter reports len -3; a length cannot be negative";
        QTest::newRow("itemsize 3 for 'i'") << 1 << qint64{3} << qint64{3} << "i" << L{1} << L() << "FormatError: format 'i' says int32 (4 bytes) but the buffer's itemsize is 3";
        QTest::newRow("unsupported format") << 1 << qint64{1} << qint64{3} << "O" << L{1} << L() << "FormatError: format 'O' is not supported";
        QTest::newRow("no shape, 2 dimensions") << 2 << qint64{1} << qint64{4} << "B" << L() << L() << "the exporter reports ndim 2 but no shape; without a shape only 0 or 1 dimensions make sense";
        QTest::newRow("no shape, len 7 of int32") << 1 << qint64{4} << qint64{7} << "i" << L() << L() << "the exporter reports no shape and len 7, which is not a multiple of itemsize 4";
        QTest::newRow("shape [-5]") << 1 << qint64{1} << qint64{0} << "B" << L{-5} << L{1} << "shape[0] is -5 in shape (-5,); an extent cannot be negative";
        QTest::newRow("shape [3, INT64_MIN]") << 2 << qint64{1} << qint64{0} << "B" << L{3, std::numeric_limits<qint64>::min()} << L() << "shape[1] is -9223372036854775808";
        QTest::newRow("(2**62, 2**62)") << 2 << qint64{1} << qint64{8} << "B" << L{big, big} << L() << "shape (4611686018427387904, 4611686018427387904) has more elements than fit in 64 bits";
        QTest::newRow("(2**62, 2**62) with a 0") << 3 << qint64{1} << qint64{0} << "B" << L{big, 0, big} << L{0, 0, 0} << "has more elements than fit in 64 bits";
        QTest::newRow("(2**61, 2) of int16") << 2 << qint64{2} << qint64{kMax} << "h" << L{big / 2, 2} << L() << "shape (2305843009213693952, 2) of 2-byte elements has more bytes than fit in 64 bits";
        QTest::newRow("len 5 for 6 bytes") << 2 << qint64{1} << qint64{5} << "B" << L{2, 3} << L() << "the exporter reports len 5, less than the 6 bytes that shape (2, 3) of 1-byte elements takes";
        QTest::newRow("0-d, len 4 for a float64") << 0 << qint64{8} << qint64{4} << "d" << L() << L() << "len 4, less than the 8 bytes that shape () of 8-byte elements takes";
        QTest::newRow("reach (2**62 - 1) × 4") << 1 << qint64{1} << big << "B" << L{big} << L{4} << "strides[0] is 4 over shape[0] of 4611686018427387904: its byte offsets do not fit in 64 bits";
        QTest::newRow("reach 3 × INT64_MIN/2") << 1 << qint64{1} << qint64{4} << "B" << L{4} << L{std::numeric_limits<qint64>::min() / 2} << "strides[0] is -4611686018427387904";
        QTest::newRow("reach in an empty buffer") << 2 << qint64{1} << qint64{0} << "B" << L{3, 0} << L{kMax, 1} << "strides[0] is 9223372036854775807 over shape[0] of 3";
        QTest::newRow("reaches summing past 64 bits") << 2 << qint64{1} << qint64{4} << "B" << L{2, 2} << L{kMax / 2 + 1, kMax / 2 + 1} << "strides (4611686018427387904, 4611686018427387904) over shape (2, 2) reach byte offsets that do not fit in 64 bits";
        QTest::newRow("negative reaches summing past 64 bits") << 2 << qint64{1} << qint64{4} << "B" << L{2, 2} << L{-big * 2 + 1, -big * 2 + 1} << "reach byte offsets that do not fit in 64 bits";
        QTest::newRow("reach plus itemsize past 64 bits") << 1 << qint64{8} << qint64{16} << "d" << L{2} << L{kMax - 4} << "reach byte offsets that do not fit in 64 bits";
        QTest::newRow("below address 0") << 1 << qint64{1} << qint64{2} << "B" << L{2} << L{-big} << "strides (-4611686018427387904,) over shape (2,) from buf 0x";
        // clang-format on
    }

    void refusals()
    {
        QFETCH(int, ndim);
        QFETCH(qint64, itemsize);
        QFETCH(qint64, len);
        QFETCH(QString, format);
        QFETCH(QList<qint64>, shape);
        QFETCH(QList<qint64>, strides);
        QFETCH(QString, message);
        std::array<std::byte, 64> memory{};
        const std::vector<std::int64_t> shapeValues(shape.begin(), shape.end());
        const std::vector<std::int64_t> strideValues(strides.begin(), strides.end());
        const std::string formatText = format.toStdString();
        BufferFields fields;
        fields.buf = memory.data();
        fields.len = len;
        fields.itemSize = itemsize;
        fields.ndim = ndim;
        fields.format = formatText.c_str();
        fields.shape = shapeValues.empty() ? nullptr : shapeValues.data();
        fields.strides = strideValues.empty() ? nullptr : strideValues.data();
        const QString refused = refusal(fields);
        QVERIFY2(refused.contains(message), qPrintable("expected \"…" + message + "…\", got \"" + refused + "\""));
    }

    void bufNullOnlyMattersWithElements()
    {
        Fields none(nullptr, 0, 8, "d", {0, 4});
        QVERIFY(refusal(none.fields).isEmpty());
        Fields one(nullptr, 8, 8, "d", {1});
        QCOMPARE(refusal(one.fields), QString("the exporter reports buf NULL for 1 element"));
    }

    void limitsThatAreAccepted()
    {
        std::array<std::byte, 8> memory{};
        // 64 dimensions, PyBUF_MAX_NDIM.
        Fields ndim64(memory.data(), 1, 1, "B", std::vector<std::int64_t>(64, 1), std::vector<std::int64_t>(64, 0));
        QCOMPARE(BufferLayout(ndim64.fields).dimensions(), 64);
        // INT64_MAX one-byte elements: every offset and the end still fit (nothing is read here).
        Fields huge(memory.data(), kMax, 1, "B", {kMax});
        const BufferLayout h(huge.fields);
        QCOMPARE(h.elementCount(), kMax);
        QCOMPARE(h.highOffset(), kMax);
        // Zero extents aside, as NumPy counts: (2**62, 0) is empty and fine.
        Fields empty(memory.data(), 0, 1, "B", {std::int64_t{1} << 62, 0});
        QCOMPARE(BufferLayout(empty.fields).elementCount(), std::int64_t{0});
        // len longer than the elements need: harmless, kept as reported.
        Fields longer(memory.data(), 8, 4, "i", {1});
        QCOMPARE(BufferLayout(longer.fields).byteLength(), std::int64_t{8});
    }

    void elementPointerFollowsSuboffsets()
    {
        // Two row pointers (at 0 and 8) to rows of two int32 (at 16 and 24),
        // the second row read from its second element on (suboffset 4).
        alignas(8) std::array<std::byte, 40> memory{};
        const std::int32_t values[6] = {10, 11, 12, 20, 21, 22};
        std::memcpy(memory.data() + 16, values, sizeof values);
        const std::byte* rows[2] = {memory.data() + 16, memory.data() + 24};
        std::memcpy(memory.data(), rows, sizeof rows);
        Fields pil(memory.data(), 16, 4, "i", {2, 2}, {8, 4}, {4, -1});
        const BufferLayout layout(pil.fields);
        QVERIFY(layout.hasSuboffsets());
        QVERIFY(!layout.isContiguous(true) && !layout.isContiguous(false));
        QCOMPARE(layout.lowOffset(), std::int64_t{0}); // not knowable with pointers
        QCOMPARE(layout.highOffset(), std::int64_t{0});
        const auto at = [&](std::int64_t r, std::int64_t c) {
            std::int32_t value;
            std::memcpy(&value, layout.elementPointer(std::vector<std::int64_t>{r, c}), sizeof value);
            return value;
        };
        QCOMPARE(at(0, 0), 11);
        QCOMPARE(at(0, 1), 12);
        QCOMPARE(at(1, 1), 21);
        QCOMPARE(at(-1, -2), 20);
        QVERIFY_THROWS_EXCEPTION(BufferAccessError, (void)layout.elementPointer(std::vector<std::int64_t>{2, 0}));
        QVERIFY_THROWS_EXCEPTION(BufferAccessError, (void)layout.elementPointer(std::vector<std::int64_t>{0}));

        // The plane walks the same pointers, transposed and reversed.
        const PlaneLayout plane(layout, SliceSpec::parse("::-1, :").resolve(layout.shape()), true);
        QCOMPARE(plane.rows(), std::int64_t{2});
        std::int32_t value;
        std::memcpy(&value, plane.pointer(0, 0), sizeof value); // element (1, 0)
        QCOMPARE(value, 20);
        std::memcpy(&value, plane.pointer(1, 1), sizeof value);
        QCOMPARE(value, 12);
    }

    void planeOverSixtyFourIndirectDimensions()
    {
        // Every axis but the last follows the pointer at 0 back to 8; the
        // index of a cell is never materialised in a fixed-size array.
        alignas(8) std::array<std::byte, 24> memory{};
        const std::byte* target = memory.data() + 8;
        std::memcpy(memory.data(), &target, sizeof target);
        const std::int32_t values[2] = {7, 8};
        std::memcpy(memory.data() + 8, values, sizeof values);
        std::vector<std::int64_t> shape(64, 1);
        shape[63] = 2;
        std::vector<std::int64_t> strides(64, 0);
        strides[63] = 4;
        std::vector<std::int64_t> suboffsets(64, -1);
        suboffsets[0] = 0;
        Fields fields(memory.data(), 8, 4, "i", shape, strides, suboffsets);
        const BufferLayout layout(fields.fields);
        std::vector<AxisSelection> axes(64, AxisSelection{true, 0, 1, 1});
        axes[62] = AxisSelection{false, 0, 1, 1};
        axes[63] = AxisSelection{false, 0, 2, 1};
        const PlaneLayout plane(layout, axes, false);
        QCOMPARE(plane.cols(), std::int64_t{2});
        std::int32_t value;
        std::memcpy(&value, plane.pointer(0, 1), sizeof value);
        QCOMPARE(value, 8);
        QCOMPARE(plane.sourceIndex(0, 1)[63], std::int64_t{1});
    }

    void planeSelectionsStayInsideTheShape()
    {
        std::array<std::byte, 24> memory{};
        Fields fields(memory.data(), 24, 1, "B", {4, 6});
        const BufferLayout layout(fields.fields);
        const AxisSelection all4{false, 0, 4, 1};
        QVERIFY(selectionRefusal(layout, {all4, {false, 0, 6, 1}}).isEmpty());
        QVERIFY(selectionRefusal(layout, {all4, {false, 5, 6, -1}}).isEmpty());
        QVERIFY(selectionRefusal(layout, {all4, {false, 0, 0, 1}}).isEmpty());
        QVERIFY(selectionRefusal(layout, {all4}).contains("the selection has 1 axes, the buffer 2"));
        QVERIFY(selectionRefusal(layout, {{true, 4, 1, 1}, {false, 0, 6, 1}}).contains("index 4 is out of bounds on axis 0"));
        QVERIFY(selectionRefusal(layout, {{true, -1, 1, 1}, {false, 0, 6, 1}}).contains("index -1 is out of bounds"));
        QVERIFY(selectionRefusal(layout, {all4, {false, 0, 7, 1}}).contains("leaves the axis on axis 1 with size 6"));
        QVERIFY(selectionRefusal(layout, {all4, {false, 2, 2, -3}}).contains("leaves the axis"));
        QVERIFY(selectionRefusal(layout, {all4, {false, 1, 3, kMax}}).contains("leaves the axis"));
        QVERIFY(selectionRefusal(layout, {all4, {false, 0, -1, 1}}).contains("-1 elements"));
        // One element: the step is never used, however large.
        QVERIFY(selectionRefusal(layout, {all4, {false, 3, 1, kMax}}).isEmpty());
    }

    // ---------------------------------------------------------------- real exporters

    void realExportersReportLenAsCountTimesItemsize_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("lenBoundsTheElements"); // all in [buf, buf + len)
        // clang-format off
        QTest::newRow("numpy C") << "np.arange(12.0).reshape(3, 4)" << true;
        QTest::newRow("numpy Fortran") << "np.asfortranarray(np.arange(12.0).reshape(3, 4))" << true;
        QTest::newRow("numpy 0-d") << "np.array(3.5)" << true;
        QTest::newRow("numpy empty") << "np.empty((2**40, 0))" << true;
        QTest::newRow("numpy a[::2]") << "np.arange(10)[::2]" << false;
        QTest::newRow("numpy a[::-1]") << "np.arange(10)[::-1]" << false;
        QTest::newRow("numpy columns") << "np.arange(40).reshape(4, 10)[:, :3]" << false;
        QTest::newRow("numpy broadcast") << "np.broadcast_to(np.float64(7.5), (1000,))" << true;
        QTest::newRow("numpy transposed") << "np.zeros((3, 4), dtype='>i4').T" << true;
        QTest::newRow("ctypes 2-D") << "(ctypes.c_int32 * 3 * 2)()" << true;
        QTest::newRow("ctypes scalar") << "ctypes.c_double(1.0)" << true;
        QTest::newRow("array.array") << "array.array('i', [1, 2, 3])" << true;
        QTest::newRow("mmap") << "mmap.mmap(-1, 100)" << true;
        QTest::newRow("bytes") << "b'abc'" << true;
        QTest::newRow("bytearray") << "bytearray(5)" << true;
        QTest::newRow("memoryview cast") << "memoryview(bytes(24)).cast('d', (3,))" << true;
        QTest::newRow("memoryview [::-2]") << "memoryview(bytes(range(20))).cast('h')[::-2]" << false;
        QTest::newRow("PickleBuffer") << "__import__('pickle').PickleBuffer(np.arange(10)[::2])" << false;
        QTest::newRow("_testbuffer PIL") << "_testbuffer.ndarray(list(range(12)), shape=[3, 4], format='b', flags=_testbuffer.ND_PIL)" << false;
        QTest::newRow("_testbuffer PIL 1-D reversed") << "_testbuffer.ndarray(list(range(12)), shape=[12], format='i', flags=_testbuffer.ND_PIL)[::-1]" << false;
        QTest::newRow("_testbuffer negative strides") << "_testbuffer.ndarray(list(range(12)), shape=[3, 4], format='i', strides=[-16, 4], offset=32)" << false;
        // clang-format on
    }

    void realExportersReportLenAsCountTimesItemsize()
    {
        // What the checks rest on: PEP 3118's len, count × itemsize, is what
        // every exporter reports. For contiguous layouts that bounds the
        // elements; for gapped or reversed ones the elements lie outside
        // [buf, buf + len), which is why only representability is checked there.
        QFETCH(QString, expression);
        QFETCH(bool, lenBoundsTheElements);
        const auto buffer = testing::buffer(expression.toStdString());
        const BufferLayout& layout = buffer->layout();
        QCOMPARE(layout.byteLength(), layout.elementCount() * layout.itemSize());
        const bool inside = !layout.hasSuboffsets() && layout.lowOffset() >= 0 && layout.highOffset() <= layout.byteLength();
        QCOMPARE(inside, lenBoundsTheElements);
        if (layout.isContiguous(true) || layout.isContiguous(false))
            QVERIFY(inside);
    }
};

ARRAYLENS_TEST_MAIN(BufferLayoutTest)
#include "test_buffer_layout.moc"
