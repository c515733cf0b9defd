// SPDX-License-Identifier: MIT
// NumPy basic-index text and the 2-D views it selects, checked against
// NumPy's own indexing on the same array.
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/strided_view.h"

using namespace arraylens;

namespace {

QString sliceError(const std::string& text, const std::vector<std::int64_t>& shape)
{
    try {
        (void)SliceSpec::parse(text).resolve(shape);
    } catch (const SliceError& error) {
        return error.what();
    }
    return {};
}

// Every cell of the view as text, row by row, the way Python prints a[...]'s items.
std::string viewText(const StridedView& view)
{
    std::string text;
    for (std::int64_t r = 0; r < view.rows(); ++r)
        for (std::int64_t c = 0; c < view.cols(); ++c)
            text += CellCodec::format(view.pointer(r, c), view.columnType(0)) + " ";
    return text;
}

} // namespace

class SlicingTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        testing::exec("_a = np.arange(2 * 3 * 4 * 5, dtype=np.int64).reshape(2, 3, 4, 5)\n"
                      "def _items(x):\n"
                      "    x = np.asarray(x)\n"
                      "    x = x.reshape(1, 1) if x.ndim == 0 else x.reshape(-1, 1) if x.ndim == 1 else x\n"
                      "    return ''.join(f'{v} ' for v in x.ravel())\n");
    }

    void matchesNumPy_data()
    {
        QTest::addColumn<QString>("index");
        for (const char* text :
             {"0,0", "1,2", "-1,-1", "0,:,0,:", ":,1,:,2", "1,...,2", "...,0,0", "1,2,3", "1,2,3,4", "0,0,::-1",
              "0,0,::-1,::-2", "1,1:3,0", "0,0,1:3,-2:", "0,0,10:,:", "0,0,:,7:2:-1", "0,0,-100:100:3,::4",
              "0,0,3:0:-1,:", "-2,-3,-4:,-5:", "0,0,:,:", "0,0,::2", "(1, 1)", "0,0,", " 1 , 2 ", "0,0,:,::-1",
              "0,0,::-3,1::2", "0,0,1:1,:", "0,...,0"})
            QTest::newRow(text) << QString(text);
    }
    void matchesNumPy()
    {
        QFETCH(QString, index);
        const std::string text = index.toStdString();
        const StridedView view(testing::buffer("_a"), SliceSpec::parse(text));
        const std::string expected = testing::str("_items(_a[" + text + "])");
        QCOMPARE(QString::fromStdString(viewText(view)), QString::fromStdString(expected));
        // the true indices along each kept axis, as NumPy's np.arange(n)[slice] gives them
        if (view.rowAxis() >= 0) {
            const auto& axis = view.axes()[static_cast<std::size_t>(view.rowAxis())];
            QCOMPARE(view.rows(), axis.count);
            QCOMPARE(view.rowLabel(view.rows() - 1), axis.indexAt(view.rows() - 1));
        }
    }

    void labelsAreTrueIndices()
    {
        const StridedView view(testing::buffer("np.arange(10)"), SliceSpec::parse("8:1:-3"));
        QCOMPARE(view.rows(), std::int64_t{3});
        QCOMPARE(view.cols(), std::int64_t{1});
        QCOMPARE(view.keptDimensions(), 1);
        QCOMPARE(view.rowLabel(0), std::int64_t{8});
        QCOMPARE(view.rowLabel(2), std::int64_t{2});
        QCOMPARE(view.sourceIndex(1, 0), (std::vector<std::int64_t>{5}));
    }

    void transposedView()
    {
        const StridedView view(testing::buffer("_a"), SliceSpec::parse("1,:,2,:"), true);
        QCOMPARE(view.rows(), std::int64_t{5});
        QCOMPARE(view.cols(), std::int64_t{3});
        QCOMPARE(view.rowAxis(), 3);
        QCOMPARE(view.colAxis(), 1);
        QCOMPARE(QString::fromStdString(viewText(view)), QString::fromStdString(testing::str("_items(_a[1,:,2,:].T)")));
    }

    void zeroDimensionalIsOneCell()
    {
        const StridedView view(testing::buffer("np.array(2.5)"), SliceSpec());
        QCOMPARE(view.rows(), std::int64_t{1});
        QCOMPARE(view.cols(), std::int64_t{1});
        QCOMPARE(view.keptDimensions(), 0);
        QCOMPARE(CellCodec::format(view.pointer(0, 0), view.columnType(0)), std::string("2.5"));
    }

    void emptySelections()
    {
        const StridedView view(testing::buffer("np.zeros((0, 4))"), SliceSpec());
        QCOMPARE(view.rows(), std::int64_t{0});
        QCOMPARE(view.cols(), std::int64_t{4});
        const StridedView none(testing::buffer("np.arange(5)"), SliceSpec::parse("3:1"));
        QCOMPARE(none.rows(), std::int64_t{0});
    }

    void tooManyKeptAxes()
    {
        try {
            const StridedView view(testing::buffer("_a"), SliceSpec::parse("0"));
            QFAIL("no error");
        } catch (const SliceError& error) {
            QVERIFY2(QString(error.what()).contains("keeps 3 axes"), error.what());
        }
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("letters") << "a,:" << "'a' in slice 'a,:' is not an integer";
        QTest::newRow("float") << "1.5" << "is not an integer";
        QTest::newRow("zero step") << "::0" << "slice step cannot be zero";
        QTest::newRow("four colons") << "1:2:3:4" << "too many ':'";
        QTest::newRow("two ellipses") << "...,..." << "single ellipsis";
        QTest::newRow("empty item") << "1,,2" << "empty item";
        QTest::newRow("newaxis") << "None,:" << "newaxis";
        QTest::newRow("huge") << "99999999999999999999" << "too large";
        QTest::newRow("list") << "[1,2]" << "not an integer";
        QTest::newRow("too many") << "0,0,0,0,0" << "too many indices for array: array is 4-dimensional, but 5 were indexed";
        QTest::newRow("out of bounds") << "2" << "index 2 is out of bounds for axis 0 with size 2";
        QTest::newRow("negative out of bounds") << "0,-4" << "index -4 is out of bounds for axis 1 with size 3";
    }
    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const QString error = sliceError(text.toStdString(), {2, 3, 4, 5});
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void textRoundTrips()
    {
        for (const char* text : {"1,:,::-1", "...,2", "1:5:2,-1", ":"}) {
            const SliceSpec spec = SliceSpec::parse(text);
            QCOMPARE(SliceSpec::parse(spec.toString()).toString(), spec.toString());
        }
        QCOMPARE(SliceSpec::parse(" 1 , : , ::-1 ").toString(), std::string("1,:,::-1"));
    }
};

ARRAYLENS_TEST_MAIN(SlicingTest)
#include "test_slicing.moc"
