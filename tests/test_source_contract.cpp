// SPDX-License-Identifier: MIT
// The contract of the source seam (core/array_source.h), run against every
// implementation over the same arrays, as Okteta runs one suite against all
// its byte-array models. Each source must show exactly what its values are
// as a NumPy array seen through the same slice and field (the reference is
// a StridedView over that array, itself checked against NumPy by
// test_oracle), hand out tiles that hold what was asked, refuse ranges
// outside it, and write where it is writable and nowhere else.
#include "test_support.h"

#include "core/buffer_source.h"
#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/gil.h"

#include <functional>

using namespace arraylens;

namespace {

/// One array, one way of looking at it.
struct SourceCase {
    const char* name;
    const char* expression; ///< Python, evaluated in the test namespace
    const char* slice;
    const char* field;
    bool writable;
};

const SourceCase kCases[] = {
    {"float64 2-D", "np.arange(35, dtype='f8').reshape(5, 7) / 8", "", "", true},
    {"big-endian int32, strided plane of 3-D", "np.arange(60, dtype='>i4').reshape(3, 4, 5)", "1, ::-1, 1::2", "", true},
    {"transposed", "np.arange(12, dtype='i2').reshape(3, 4).T", "", "", true},
    {"records 1-D", "np.array([(1, 2.5, 'ab'), (-3, 0.125, 'é')], dtype=[('a', 'i4'), ('b', [('c', '>f8')]), ('s', 'U2')])", "", "", true},
    {"records plane, one field", "np.zeros((2, 3), dtype=[('t', 'f4'), ('n', 'u2')])", "", "n", true},
    {"unicode", "np.array(['x', 'yz', ''], dtype='U3')", "", "", true},
    {"datetime64[s]", "np.array(['2024-02-29T12:00:01', 'NaT'], dtype='M8[s]')", "", "", true},
    {"masked", "np.ma.masked_array([1.5, 2.5, 3.5], mask=[0, 1, 0])", "", "", true},
    {"0-d", "np.array(7.25)", "", "", true},
    {"empty", "np.zeros((0, 3))", "", "", true},
    {"bytes (read-only)", "b'abc'", "", "", false},
    {"broadcast (read-only)", "np.broadcast_to(np.arange(3.0), (4, 3))", "", "", false},
};

/// Makes the source under test for a case; one entry per implementation.
struct Implementation {
    const char* name;
    std::function<std::unique_ptr<ArraySource>(const SourceCase&)> make;
};

std::vector<Implementation> implementations()
{
    return {
        {"buffer",
         [](const SourceCase& c) {
             testing::exec(std::string("_source_value = ") + c.expression);
             return std::make_unique<BufferSource>(
                 StridedView(testing::buffer("_source_value"), SliceSpec::parse(c.slice), false, c.field));
         }},
    };
}

/// What the source must show: the same value as a NumPy array, through the
/// same slice and field. Evaluated after make(), on the very object.
StridedView referenceOf(const SourceCase& c)
{
    return StridedView(testing::buffer("_source_value"), SliceSpec::parse(c.slice), false, c.field);
}

QString cellText(const std::byte* p, const ElementType& type)
{
    return QString::fromStdString(CellCodec::format(p, type));
}

} // namespace

class SourceContractTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void contract_data()
    {
        QTest::addColumn<int>("implementation");
        QTest::addColumn<int>("index");
        const auto all = implementations();
        for (std::size_t i = 0; i < all.size(); ++i)
            for (std::size_t k = 0; k < std::size(kCases); ++k)
                QTest::addRow("%s: %s", all[i].name, kCases[k].name) << int(i) << int(k);
    }

    void contract()
    {
        QFETCH(int, implementation);
        QFETCH(int, index);
        const SourceCase& c = kCases[index];
        std::unique_ptr<ArraySource> source = implementations()[std::size_t(implementation)].make(c);
        const StridedView reference = referenceOf(c);

        // Shape, types, headers, labels: answered at once, as the array has them.
        QCOMPARE(source->rows(), reference.rows());
        QCOMPARE(source->cols(), reference.cols());
        for (std::int64_t col = 0; col < source->cols(); ++col) {
            QCOMPARE(source->columnType(col).name, reference.columnType(col).name);
            QCOMPARE(source->columnHeader(col), reference.columnHeader(col));
        }
        for (std::int64_t row = 0; row < source->rows(); ++row)
            QCOMPARE(source->rowLabel(row), std::to_string(reference.rowLabel(row)));
        QVERIFY(!source->origin().empty());
        QCOMPARE(source->isReadOnly(), !c.writable);
        QCOMPARE(source->readOnlyReason().empty(), c.writable);

        // Every cell, through a tile of the whole and through one-cell tiles.
        const CellRange whole{0, source->rows(), 0, source->cols()};
        const Tile all = source->tile(whole);
        QVERIFY(all.range().rowCount >= whole.rowCount && all.range().columnCount >= whole.columnCount);
        for (std::int64_t row = 0; row < source->rows(); ++row)
            for (std::int64_t col = 0; col < source->cols(); ++col) {
                QVERIFY(all.contains(row, col));
                const QString expected = cellText(reference.pointer(row, col), reference.columnType(col));
                QCOMPARE(cellText(all.pointer(row, col), all.columnType(col)), expected);
                QCOMPARE(all.isMasked(row, col), reference.isMasked(row, col));
                const Tile one = source->tile(CellRange{row, 1, col, 1});
                QVERIFY(one.contains(row, col));
                QCOMPARE(cellText(one.pointer(row, col), one.columnType(col)), expected);
                // What is in memory now is there without waiting.
                const std::optional<Tile> ready = source->tryTile(CellRange{row, 1, col, 1});
                if (ready)
                    QCOMPARE(cellText(ready->pointer(row, col), ready->columnType(col)), expected);
            }
        // An empty range is inside; ranges reaching out are refused.
        (void)source->tile(CellRange{source->rows(), 0, source->cols(), 0});
        QVERIFY_THROWS_EXCEPTION(SliceError, (void)source->tile(CellRange{0, source->rows() + 1, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(SliceError, (void)source->tile(CellRange{-1, 1, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(SliceError, (void)source->tryTile(CellRange{0, 1, source->cols(), 1}));
        if (whole.cellCount() == 0)
            return;

        // Writing: the last cell gets its first cell's value, where writable.
        const std::int64_t lastRow = source->rows() - 1;
        const std::int64_t lastCol = source->cols() - 1;
        const ElementType& type = source->columnType(lastCol);
        const QString before = cellText(all.pointer(lastRow, lastCol), type);
        const ElementBytes bytes =
            CellCodec::parse(cellText(reference.pointer(0, lastCol), type).toStdString(), type);
        if (!c.writable) {
            QVERIFY_THROWS_EXCEPTION(BufferAccessError, source->write(lastRow, lastCol, bytes));
            QCOMPARE(cellText(source->tile(whole).pointer(lastRow, lastCol), type), before);
            return;
        }
        const ElementBytes wrong(bytes.size() + 1);
        QVERIFY_THROWS_EXCEPTION(BufferAccessError, source->write(lastRow, lastCol, wrong));
        QVERIFY_THROWS_EXCEPTION(SliceError, source->write(lastRow + 1, lastCol, bytes));
        source->write(lastRow, lastCol, bytes);
        const QString written = cellText(reference.pointer(0, lastCol), type);
        QCOMPARE(cellText(source->tile(whole).pointer(lastRow, lastCol), type), written);
        // The object itself holds the value: a fresh reference reads it.
        const StridedView after = referenceOf(c);
        QCOMPARE(cellText(after.pointer(lastRow, lastCol), type), written);
    }
};

ARRAYLENS_TEST_MAIN(SourceContractTest)
#include "test_source_contract.moc"
