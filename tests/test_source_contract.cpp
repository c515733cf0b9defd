// SPDX-License-Identifier: MIT
// The contract of the source seam (core/array_source.h), run against every
// implementation over the same arrays, as Okteta runs one suite against all
// its byte-array models. Each source must show exactly what its values are
// as a NumPy array seen through the same slice and field (the reference is
// a StridedView over that array, itself checked against NumPy by
// test_oracle), hand out tiles that hold what was asked, refuse ranges
// outside it, and write where it is writable and nowhere else.
#include "test_support.h"

#include "core/array_data.h"
#include "core/buffer_source.h"
#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_array.h"

#include <functional>
#include <string_view>

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
    // NumPy writes native-aligned formats for one element: 'T{f:t:H:n:}' for 6 bytes.
    {"packed record, one element", "np.array([(1.5, 7)], dtype=[('t', 'f4'), ('n', 'u2')])", "", "", true},
    {"records plane, one field", "np.zeros((2, 3), dtype=[('t', 'f4'), ('n', 'u2')])", "", "n", true},
    {"unicode", "np.array(['x', 'yz', ''], dtype='U3')", "", "", true},
    {"datetime64[s]", "np.array(['2024-02-29T12:00:01', 'NaT'], dtype='M8[s]')", "", "", true},
    {"masked", "np.ma.masked_array([1.5, 2.5, 3.5], mask=[0, 1, 0])", "", "", true},
    {"0-d", "np.array(7.25)", "", "", true},
    {"empty", "np.zeros((0, 3))", "", "", true},
    {"bytes (read-only)", "b'abc'", "", "", false},
    {"broadcast (read-only)", "np.broadcast_to(np.arange(3.0), (4, 3))", "", "", false},
};

/// One implementation of the seam, over a real object made from the case's
/// NumPy value (`_source_value`): the array itself, or the same values in
/// an h5py dataset, a zarr array, a dask array, an xarray DataArray.
struct Implementation {
    const char* name;
    /// Python statements making `_source_object` from `_source_value`.
    const char* wrap;
    /// Python expression: the object's values now, as a NumPy array (the reference).
    const char* values;
    /// Whether the case applies (the library can hold such values).
    std::function<bool(const SourceCase&)> applies;
    /// Whether the source must take writes.
    std::function<bool(const SourceCase&)> writable;
    bool lazy;
};

bool isPlainArray(const SourceCase& c)
{
    return std::string_view(c.expression).starts_with("np.") && !std::string_view(c.name).starts_with("masked");
}

// h5py holds no NumPy unicode nor datetime64.
bool h5pyHolds(const SourceCase& c)
{
    const std::string_view e = c.expression;
    return isPlainArray(c) && e.find("'U") == e.npos && e.find("M8") == e.npos;
}

std::vector<Implementation> implementations()
{
    const auto always = [](const SourceCase&) { return true; };
    const auto never = [](const SourceCase&) { return false; };
    const auto asCase = [](const SourceCase& c) { return c.writable; };
    return {
        {"buffer", "_source_object = _source_value", "_source_object", always, asCase, false},
        {"h5py r+",
         "_source_file = h5py.File(io.BytesIO(), 'w')\n"
         "_source_object = _source_file.create_dataset('v', data=_source_value)",
         "_source_object[()]", h5pyHolds, always, true},
        {"h5py r",
         "_source_bytes = io.BytesIO()\n"
         "with h5py.File(_source_bytes, 'w') as f: f.create_dataset('v', data=_source_value)\n"
         "_source_file = h5py.File(_source_bytes, 'r')\n"
         "_source_object = _source_file['v']",
         "_source_object[()]", h5pyHolds, never, true},
        {"zarr", "_source_object = zarr.array(_source_value, chunks=2)", "_source_object[...]", isPlainArray, always,
         true},
        {"dask", "_source_object = dask.array.from_array(_source_value, chunks=2)",
         "numpy.asarray(_source_object.compute())", isPlainArray, never, true},
        {"xarray", "_source_object = xarray.DataArray(_source_value)", "_source_object.values", isPlainArray, asCase,
         true},
        // A DataFrame of one number block: its own memory, with labels.
        {"pandas (one block)", "_source_object = pandas.DataFrame(_source_value)", "_source_object.to_numpy()",
         [](const SourceCase& c) {
             const std::string_view name = c.name;
             return name == "float64 2-D" || name == "transposed";
         },
         always, false},
    };
}

/// The source under test: over `_source_object`, through the case's slice and field.
std::shared_ptr<ArraySource> makeSource(const Implementation& implementation, const SourceCase& c)
{
    testing::exec(std::string("_source_value = ") + c.expression);
    testing::exec(implementation.wrap);
    // What a call returning the object would show: through ArrayData, as the app opens it.
    GilGuard gil;
    const std::shared_ptr<ArrayData> array =
        ArrayData::fromObject(PyHandle(testing::eval("_source_object").get()), "_source_object is ");
    if (array->isLazy() != implementation.lazy)
        throw Error(std::string(implementation.name) + ": read the wrong way (lazy or not)");
    return array->makeSource(SliceSpec::parse(c.slice), false, c.field);
}

/// What the source must show: the object's values now, as a NumPy array,
/// through the same slice and field.
StridedView referenceOf(const Implementation& implementation, const SourceCase& c)
{
    testing::exec(std::string("_source_reference = ") + implementation.values);
    return StridedView(testing::buffer("_source_reference"), SliceSpec::parse(c.slice), false, c.field);
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
                if (all[i].applies(kCases[k]))
                    QTest::addRow("%s: %s", all[i].name, kCases[k].name) << int(i) << int(k);
    }

    void initTestCase()
    {
        testing::exec("import io, numpy, h5py, zarr, dask.array, xarray, pandas");
    }

    void cleanupTestCase()
    {
        // An h5py file on a BytesIO must be closed while io still works:
        // finalization tears io down first, and h5py's close then crashes.
        testing::exec("for _name in ('_source_object', '_source_reference', '_source_value'):\n"
                      "    globals().pop(_name, None)\n"
                      "if '_source_file' in globals():\n"
                      "    _source_file.close()\n"
                      "    del _source_file");
    }

    void contract()
    {
        QFETCH(int, implementation);
        QFETCH(int, index);
        try {
            checkContract(implementation, index);
        } catch (const std::exception& error) {
            QFAIL(error.what()); // the source's own words, not "unhandled exception"
        }
    }

private:
    void checkContract(int implementation, int index)
    {
        const SourceCase& c = kCases[index];
        const std::vector<Implementation> known = implementations();
        const Implementation& how = known[std::size_t(implementation)];
        const std::shared_ptr<ArraySource> source = makeSource(how, c);
        const StridedView reference = referenceOf(how, c);
        const bool writable = how.writable(c);
        QCOMPARE(source->isLazy(), how.lazy);

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
        QCOMPARE(source->isReadOnly(), !writable);
        QCOMPARE(source->readOnlyReason().empty(), writable);

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
        if (!writable) {
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
        const StridedView after = referenceOf(how, c);
        QCOMPARE(cellText(after.pointer(lastRow, lastCol), type), written);
    }
};

ARRAYLENS_TEST_MAIN(SourceContractTest)
#include "test_source_contract.moc"
