// SPDX-License-Identifier: MIT
// Find (issue 12, item 6): the condition parser and its errors; CellFinder
// on real NumPy arrays (strides, negative strides, Fortran order, big-
// endian, NaN and ±inf, int64 and uint64 extremes, float32 and float16
// values as typed, bool, text, bytes, complex, dates, masked arrays, record
// fields, N-D slices), each walked match by match forward and backward and
// compared with what NumPy finds, with one thread and whole-view pieces and
// with two threads and tiny pieces (bands, row pieces, a split start
// piece); a 10^8-element memory-mapped file found at its end with progress,
// and cancelled; lazy sources (zarr, an object array); and the GUI's find
// bar driven by keys: Ctrl+F, typing, Enter, Shift+Enter, F3, Esc.
#include "test_support.h"

#include "core/array_data.h"
#include "core/cell_finder.h"
#include "core/errors.h"
#include "core/find_condition.h"
#include "core/gil.h"
#include "core/slice_spec.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/array_table_model.h"
#include "ui/array_view_tab.h"
#include "ui/find_bar.h"
#include "ui/main_window.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <atomic>
#include <sstream>

using namespace arraylens;

namespace {

using Cell = std::pair<std::int64_t, std::int64_t>;
using Cells = std::vector<Cell>;

std::shared_ptr<ArraySource> sourceOf(const std::string& expression, const std::string& slice = "")
{
    GilGuard gil;
    const std::shared_ptr<ArrayData> data =
        ArrayData::fromObject(PyHandle(testing::eval(expression).get()), expression + " is ");
    return data->makeSource(SliceSpec::parse(slice), false, "");
}

/// The cells where NumPy's `test` (over v, the view as a 2-D array; masked
/// cells dropped) is true, in row-major order.
Cells numpyMatches(const std::string& view, const std::string& test)
{
    testing::exec("v = " + view + "\nv = v.reshape(-1, 1) if v.ndim == 1 else v.reshape(1, 1) if v.ndim == 0 else v\n"
                  "_hits = np.argwhere(np.asarray(" + test + ") & ~np.ma.getmaskarray(v))");
    std::istringstream text(testing::str("' '.join(f'{r},{c}' for r, c in _hits)"));
    Cells cells;
    std::string item;
    while (text >> item) {
        const auto comma = item.find(',');
        cells.emplace_back(std::stoll(item.substr(0, comma)), std::stoll(item.substr(comma + 1)));
    }
    return cells;
}

/// Every match, by walking from the first cell (the last, backward) until the search wraps.
Cells walk(const CellFinder& finder, ArraySource& source, FindDirection direction)
{
    const bool forward = direction == FindDirection::Forward;
    Cells cells;
    FindOutcome outcome = finder.find(source, forward ? 0 : source.rows() - 1, forward ? 0 : source.cols() - 1,
                                      direction, true);
    while (outcome.status == FindOutcome::Status::Found && !outcome.wrapped) {
        cells.emplace_back(outcome.row, outcome.column);
        if (cells.size() > 10'000)
            break;
        outcome = finder.find(source, outcome.row, outcome.column, direction);
    }
    return cells;
}

QString describe(const Cells& cells)
{
    QStringList parts;
    for (const auto& [r, c] : cells)
        parts << QString("(%1,%2)").arg(r).arg(c);
    return parts.join(' ');
}

} // namespace

class FindTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesConditions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("test");
        QTest::addColumn<QString>("operand");
        QTest::addColumn<bool>("negated");
        using T = FindCondition::Test;
        QTest::newRow("bare number") << "  3 " << int(T::Matches) << "3" << false;
        QTest::newRow(">") << "> 3" << int(T::Greater) << "3" << false;
        QTest::newRow("<=") << "<=-1.5" << int(T::LessEqual) << "-1.5" << false;
        QTest::newRow("==") << "== 0" << int(T::Equal) << "0" << false;
        QTest::newRow("=") << "= 0" << int(T::Equal) << "0" << false;
        QTest::newRow("!=") << "!= 0" << int(T::NotEqual) << "0" << false;
        QTest::newRow(">=") << ">= 2" << int(T::GreaterEqual) << "2" << false;
        QTest::newRow("<") << "< 2" << int(T::Less) << "2" << false;
        QTest::newRow("nan") << "NaN" << int(T::IsNan) << "" << false;
        QTest::newRow("== nan") << "== nan" << int(T::IsNan) << "" << false;
        QTest::newRow("!= nan") << "!= nan" << int(T::IsNan) << "" << true;
        QTest::newRow("inf") << "inf" << int(T::IsInf) << "" << false;
        QTest::newRow("-inf") << "-inf" << int(T::Matches) << "-inf" << false;
        QTest::newRow("== inf") << "== inf" << int(T::Equal) << "inf" << false;
        QTest::newRow("text") << "apple pie" << int(T::Matches) << "apple pie" << false;
        QTest::newRow("quoted") << "== \" a\"" << int(T::Equal) << " a" << false;
        QTest::newRow("quoted operator") << "'> 3'" << int(T::Matches) << "> 3" << false;
    }
    void parsesConditions()
    {
        QFETCH(QString, text);
        QFETCH(int, test);
        QFETCH(QString, operand);
        QFETCH(bool, negated);
        const FindCondition condition = FindCondition::parse(text.toStdString());
        QCOMPARE(int(condition.test), test);
        QCOMPARE(QString::fromStdString(condition.operand), operand);
        QCOMPARE(condition.negated, negated);
    }

    void refusesBadConditions_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "np.arange(3.0)" << "  " << "type a value or a condition";
        QTest::newRow("operator alone") << "np.arange(3.0)" << ">=" << "'>=' needs a value after it";
        QTest::newRow("=>") << "np.arange(3.0)" << "=> 3" << "'=>' is not an operator; use one of ==, !=";
        QTest::newRow("<>") << "np.arange(3.0)" << "<> 3" << "'<>' is not an operator";
        QTest::newRow("~") << "np.arange(3.0)" << "~3" << "'~' is not an operator";
        QTest::newRow("text in float") << "np.arange(3.0)" << "abc" << "'abc' is not a number; float64";
        QTest::newRow("text in int") << "np.arange(3)" << "> abc" << "'abc' is not a number; int64 cells";
        QTest::newRow("out of float32") << "np.zeros(3, 'f4')" << "== 1e300" << "out of range for float32";
        QTest::newRow("complex order") << "np.zeros(3, 'c16')" << "> 1j" << "ordered by magnitude";
        QTest::newRow("date in [D]") << "np.zeros(3, 'M8[D]')" << "> someday" << "'someday'";
    }
    void refusesBadConditions()
    {
        QFETCH(QString, expression);
        QFETCH(QString, text);
        QFETCH(QString, message);
        const std::shared_ptr<ArraySource> source = sourceOf(expression.toStdString());
        try {
            CellFinder finder(*source, FindCondition::parse(text.toStdString()));
            QFAIL("no error");
        } catch (const CellTextError& error) {
            QVERIFY2(QString(error.what()).contains(message), error.what());
        }
    }

    void findsWhatNumpyFinds_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("slice");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("numpyView"); // empty: the expression with the slice
        QTest::addColumn<QString>("numpyTest");
        const QString special = "np.array([[1.5, -2, np.nan, 4], [np.inf, 0, -0.0, 3.25], [3.25, -np.inf, 7, np.nan]])";
        QTest::newRow("> 3") << special << "" << "> 3" << "" << "v > 3";
        QTest::newRow("<= -1.5") << special << "" << "<= -1.5" << "" << "v <= -1.5";
        QTest::newRow("nan") << special << "" << "nan" << "" << "np.isnan(v)";
        QTest::newRow("!= nan") << special << "" << "!= nan" << "" << "~np.isnan(v)";
        QTest::newRow("inf") << special << "" << "inf" << "" << "np.isinf(v)";
        QTest::newRow("-inf") << special << "" << "-inf" << "" << "v == -np.inf";
        QTest::newRow("== 0 (and -0)") << special << "" << "== 0" << "" << "v == 0";
        QTest::newRow("!= 0 (NaN too)") << special << "" << "!= 0" << "" << "v != 0";
        QTest::newRow("bare number") << special << "" << "3.25" << "" << "v == 3.25";
        QTest::newRow("< 1e400") << special << "" << "< 1e400" << "" << "v < np.inf";
        QTest::newRow("negative strides") << "np.arange(400.).reshape(20, 20) % 7" << "::-2, ::-3" << "== 3" << ""
                                          << "v == 3";
        QTest::newRow("C order, long run") << "np.arange(3000) % 97" << "" << "> 95" << "" << "v > 95";
        QTest::newRow("Fortran order") << "np.asfortranarray(np.arange(120).reshape(12, 10) % 9)" << "" << ">= 7"
                                       << "" << "v >= 7";
        QTest::newRow("transposed wide") << "np.arange(2000).reshape(40, 50).T % 13" << "" << "== 12" << ""
                                         << "v == 12";
        QTest::newRow("big-endian f8") << "np.arange(-20, 20, dtype='>f8').reshape(5, 8)" << "" << "< -17.5" << ""
                                       << "v < -17.5";
        QTest::newRow("big-endian i4") << "np.arange(-20, 20, dtype='>i4').reshape(5, 8) % 5" << "" << "== 3" << ""
                                       << "v == 3";
        const QString int64 = "np.array([0, 2**63 - 1, -2**63, 5, 2**63 - 1, -2**63 + 1], dtype=np.int64)";
        QTest::newRow("int64 max") << int64 << "" << "9223372036854775807" << "" << "v == 2**63 - 1";
        QTest::newRow("int64 min") << int64 << "" << "== -9223372036854775808" << "" << "v == -2**63";
        QTest::newRow("int64 < min + 1") << int64 << "" << "< -9223372036854775807" << "" << "v == -2**63";
        QTest::newRow("int64 > 2.5") << int64 << "" << "> 2.5" << "" << "v > 2";
        QTest::newRow("int64 == 2.5") << int64 << "" << "== 2.5" << "" << "v == 2.5";
        QTest::newRow("int64 != 5.0") << int64 << "" << "!= 5.0" << "" << "v != 5";
        QTest::newRow("int64 nan") << int64 << "" << "nan" << "" << "np.zeros(v.shape, bool)";
        const QString uint64 = "np.array([0, 2**64 - 1, 2**63, 7, 2**63 - 1], dtype=np.uint64)";
        QTest::newRow("uint64 max") << uint64 << "" << "== 18446744073709551615" << ""
                                    << "v == np.uint64(2**64 - 1)";
        QTest::newRow("uint64 >= 2^63") << uint64 << "" << ">= 9223372036854775808" << ""
                                        << "v >= np.uint64(2**63)";
        QTest::newRow("uint64 > -1") << uint64 << "" << "> -1" << "" << "np.ones(v.shape, bool)";
        QTest::newRow("int8 == 300") << "np.arange(-128, 128, dtype=np.int8)" << "" << "== 300" << ""
                                     << "np.zeros(v.shape, bool)";
        QTest::newRow("int8 >= -127.5") << "np.arange(-128, 128, dtype=np.int8)" << "" << "< -126.5" << ""
                                        << "v < -126.5";
        const QString f32 = "np.array([0.1, 0.2, 0.1, 0.30000001, 3e38, np.inf], dtype=np.float32)";
        QTest::newRow("float32 0.1 as typed") << f32 << "" << "0.1" << "" << "v == np.float32(0.1)";
        QTest::newRow("float32 > 0.1") << f32 << "" << "> 0.1" << "" << "v > np.float32(0.1)";
        QTest::newRow("float32 > 1e300") << f32 << "" << "> 1e300" << "" << "v > 1e300";
        QTest::newRow("float32 <= 1e300") << f32 << "" << "<= 1e300" << "" << "v <= 1e300";
        QTest::newRow("float32 >= 1e-60") << f32 << "" << ">= 1e-60" << "" << "v >= 1e-60";
        const QString f16 = "np.array([0.1, 1, 65504, -np.inf, 0.1], dtype=np.float16)";
        QTest::newRow("float16 0.1") << f16 << "" << "0.1" << "" << "v == np.float16(0.1)";
        QTest::newRow("float16 < 1e10") << f16 << "" << "< 1e10" << "" << "v < 1e10";
        QTest::newRow("longdouble") << "np.array([1, 2.5, 2.5], dtype=np.longdouble)" << "" << "2.5" << ""
                                    << "v == 2.5";
        const QString flags = "np.array([[True, False, True], [False, True, False]])";
        QTest::newRow("bool True") << flags << "" << "True" << "" << "v == True";
        QTest::newRow("bool == 0") << flags << "" << "== 0" << "" << "v == 0";
        QTest::newRow("bool > 0.5") << flags << "" << "> 0.5" << "" << "v > 0.5";
        const QString words = "np.array([['apple', 'Banana'], ['cherry', 'grape'], ['banana split', '']])";
        QTest::newRow("text contains") << words << "" << "AN" << "" << "np.char.find(np.char.lower(v), 'an') >= 0";
        QTest::newRow("text ==") << words << "" << "== cherry" << "" << "v == 'cherry'";
        QTest::newRow("text >") << words << "" << "> c" << "" << "v > 'c'";
        QTest::newRow("bytes contains") << "np.array([b'ab', b'xyz', b'b'])" << "" << "b" << ""
                                        << "np.char.find(v, b'b') >= 0";
        const QString complex = "np.array([1 + 2j, np.nan + 0j, 3j, -5, complex(0, np.inf)])";
        QTest::newRow("complex |z| > 2.5") << complex << "" << "> 2.5" << "" << "np.abs(v) > 2.5";
        QTest::newRow("complex == 3j") << complex << "" << "3j" << "" << "v == 3j";
        QTest::newRow("complex nan") << complex << "" << "nan" << "" << "np.isnan(v)";
        QTest::newRow("complex inf") << complex << "" << "inf" << "" << "np.isinf(v)";
        const QString dates = "np.array(['2020-01-01', '2021-06-30', 'NaT', '2021-01-01'], dtype='datetime64[D]')";
        QTest::newRow("dates >") << dates << "" << "> 2020-12-31" << "" << "v > np.datetime64('2020-12-31')";
        QTest::newRow("dates contains") << dates << "" << "2021" << "" << "np.char.find(v.astype(str), '2021') >= 0";
        QTest::newRow("NaT") << dates << "" << "nan" << "" << "np.isnat(v)";
        QTest::newRow("dates <=") << dates << "" << "<= 2021-01-01" << "" << "v <= np.datetime64('2021-01-01')";
        QTest::newRow("dates !=") << dates << "" << "!= 2021-01-01" << "" << "v != np.datetime64('2021-01-01')";
        QTest::newRow("== NaT") << dates << "" << "== NaT" << "" << "np.isnat(v)";
        QTest::newRow("timedelta <") << "np.array([5, -3, 0, 7], dtype='m8[s]')" << "" << "< 1" << ""
                                     << "v < np.timedelta64(1, 's')";
        QTest::newRow("masked") << "np.ma.masked_array([[1., 5, 5], [5, 2, 5]], mask=[[0, 1, 0], [0, 0, 1]])" << ""
                                << "== 5" << "" << "v == 5";
        QTest::newRow("masked, != 0") << "np.ma.masked_array(np.arange(50.), mask=np.arange(50) % 3 == 0)" << ""
                                      << "!= 0" << "" << "v != 0";
        QTest::newRow("N-D slice") << "np.arange(60).reshape(3, 4, 5) % 4" << "1, :, :" << "== 3" << ""
                                   << "v == 3";
        QTest::newRow("N-D slice, reversed") << "np.arange(60).reshape(3, 4, 5) % 4" << ":, 2, ::-1" << "== 3" << ""
                                             << "v == 3";
        QTest::newRow("record fields")
            << "np.array([(1, 2.5), (3, np.nan), (1, 1.0)], dtype=[('a', 'i4'), ('b', 'f8')])" << "" << "1"
            << "np.stack([x['a'], x['b']], axis=1) if (x := np.array([(1, 2.5), (3, np.nan), (1, 1.0)], "
               "dtype=[('a', 'i4'), ('b', 'f8')])) is not None else None"
            << "v == 1";
        QTest::newRow("record text field")
            << "np.array([(1, 'one'), (2, 'two')], dtype=[('n', 'i4'), ('s', 'U5')])" << "" << "o"
            << "np.array([[1, 'one'], [2, 'two']], dtype=object)"
            << "np.array([[False, True], [False, True]])";
    }
    void findsWhatNumpyFinds()
    {
        QFETCH(QString, expression);
        QFETCH(QString, slice);
        QFETCH(QString, condition);
        QFETCH(QString, numpyView);
        QFETCH(QString, numpyTest);
        const std::shared_ptr<ArraySource> source = sourceOf(expression.toStdString(), slice.toStdString());
        const std::string view = !numpyView.isEmpty() ? numpyView.toStdString()
                                 : slice.isEmpty()    ? expression.toStdString()
                                                      : "(" + expression.toStdString() + ")[" + slice.toStdString() + "]";
        const Cells expected = numpyMatches(view, numpyTest.toStdString());
        Cells backwardExpected(expected.rbegin(), expected.rend());
        // Whole-view pieces on one thread; tiny pieces (row pieces, bands of
        // a few rows, the start piece split) on two.
        for (const FindOptions options : {FindOptions{1, 1 << 20}, FindOptions{2, 5}, FindOptions{2, 16}}) {
            const CellFinder finder(*source, FindCondition::parse(condition.toStdString()), options);
            const Cells forward = walk(finder, *source, FindDirection::Forward);
            QVERIFY2(forward == expected, qPrintable(QString("pieces of %1: found %2, NumPy %3")
                                                         .arg(options.chunkCells)
                                                         .arg(describe(forward), describe(expected))));
            const Cells backward = walk(finder, *source, FindDirection::Backward);
            QVERIFY2(backward == backwardExpected, qPrintable("backward: " + describe(backward)));
        }
    }

    void wrapsAndReportsIt()
    {
        const std::shared_ptr<ArraySource> source = sourceOf("np.array([[0, 7, 0], [0, 0, 7], [0, 0, 0]])");
        const CellFinder finder(*source, FindCondition::parse("7"));
        // After the last match: on from the start, wrapped.
        FindOutcome outcome = finder.find(*source, 2, 0, FindDirection::Forward);
        QCOMPARE(outcome.status, FindOutcome::Status::Found);
        QCOMPARE(Cell(outcome.row, outcome.column), Cell(0, 1));
        QVERIFY(outcome.wrapped);
        outcome = finder.find(*source, 0, 1, FindDirection::Forward);
        QCOMPARE(Cell(outcome.row, outcome.column), Cell(1, 2));
        QVERIFY(!outcome.wrapped);
        outcome = finder.find(*source, 0, 1, FindDirection::Backward);
        QCOMPARE(Cell(outcome.row, outcome.column), Cell(1, 2));
        QVERIFY(outcome.wrapped);
        // The only match is the cursor: found again, after going all the way round.
        const std::shared_ptr<ArraySource> one = sourceOf("np.array([1, 2, 3])");
        outcome = CellFinder(*one, FindCondition::parse("2")).find(*one, 1, 0, FindDirection::Forward);
        QCOMPARE(Cell(outcome.row, outcome.column), Cell(1, 0));
        QVERIFY(outcome.wrapped);
        outcome = CellFinder(*one, FindCondition::parse("5")).find(*one, 1, 0, FindDirection::Forward);
        QCOMPARE(outcome.status, FindOutcome::Status::NotFound);
    }

    void searchesHugeMemmapWithProgressAndCancel()
    {
        QTemporaryDir folder;
        // 10^8 float64 (800 MB, a sparse file); under the sanitizers 10^7.
        const long long n = testing::kSanitized || testing::kThreadSanitized ? 10'000'000 : 100'000'000;
        testing::exec("huge = np.memmap(r'" + folder.filePath("huge.f8").toStdString() +
                      "', dtype='f8', mode='w+', shape=(" + std::to_string(n) + ",))\nhuge[-1] = 42.5\nhuge[5] = -1");
        const std::shared_ptr<ArraySource> source = sourceOf("huge");
        FindOptions options;
        options.progressIntervalMs = 1;
        const CellFinder finder(*source, FindCondition::parse("== 42.5"), options);
        std::vector<double> fractions;
        QElapsedTimer timer;
        timer.start();
        const FindOutcome found = finder.find(*source, 0, 0, FindDirection::Forward, true, [&](double fraction) {
            fractions.push_back(fraction);
            return true;
        });
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(found.status, FindOutcome::Status::Found);
        QCOMPARE(Cell(found.row, found.column), Cell(n - 1, 0));
        QVERIFY2(!fractions.empty(), qPrintable(QString("no progress in %1 ms").arg(elapsed)));
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QVERIFY(fractions.front() >= 0 && fractions.back() <= 1);
        qInfo("10^%d float64 searched in %lld ms, %zu progress reports", n == 100'000'000 ? 8 : 7, elapsed,
              fractions.size());
        // Backward from the start: the last cell, wrapped.
        const FindOutcome back = finder.find(*source, 0, 0, FindDirection::Backward);
        QCOMPARE(Cell(back.row, back.column), Cell(n - 1, 0));
        QVERIFY(back.wrapped);
        // Cancelled at the first report: no match, and well before the end.
        const FindOutcome cancelled =
            finder.find(*source, 6, 0, FindDirection::Forward, false, [](double) { return false; });
        QCOMPARE(cancelled.status, FindOutcome::Status::Cancelled);
        testing::exec("del huge");
    }

    void searchesLazySources()
    {
        // A chunked zarr array: blocks fetched on the searching threads (GIL taken there).
        testing::exec("import zarr\nzv = np.zeros((300, 200))\nzv[290, 150] = 9\nzv[3, 7] = 9\n"
                      "zgrid = zarr.array(zv, chunks=(16, 16))");
        const std::shared_ptr<ArraySource> source = sourceOf("zgrid");
        QVERIFY(source->isLazy());
        for (const FindOptions options : {FindOptions{1, 1 << 20}, FindOptions{2, 1000}}) {
            const CellFinder finder(*source, FindCondition::parse("> 8"), options);
            QCOMPARE(walk(finder, *source, FindDirection::Forward), numpyMatches("zv", "v > 8"));
        }
        // An object array, read as text.
        const std::shared_ptr<ArraySource> objects =
            sourceOf("np.array([['x', 1], [None, 'a needle'], [2.5, 'needle']], dtype=object)");
        QVERIFY(objects->isLazy());
        const CellFinder finder(*objects, FindCondition::parse("needle"));
        QCOMPARE(walk(finder, *objects, FindDirection::Forward), (Cells{{1, 1}, {2, 1}}));
    }

    void findBarDrivenByKeys()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("grid.npy").toStdString();
        testing::exec("g = np.zeros((2000, 40))\ng[10, 5] = 7\ng[1900, 30] = 7\ng[50, 1] = np.nan\n"
                      "np.save(r'" + path + "', g)");
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy done(&window, &MainWindow::callDone);
        window.openScript(QString::fromStdString(path));
        QVERIFY(done.wait(20000));
        ArrayViewTab* tab = window.currentTab();
        QVERIFY(tab);
        FindBar* bar = tab->findBar();
        QVERIFY(bar->isHidden());
        tab->grid()->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(bar->isVisible());
        QLineEdit* text = bar->textEdit();
        QTRY_VERIFY(text->hasFocus());
        const auto cursor = [&] {
            const CellSelection& cells = tab->document()->selection();
            return Cell(cells.cursorRow(), cells.cursorColumn());
        };
        // A key to `target` (the find field unless said), then the search's end.
        const auto press = [&](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier,
                               QWidget* target = nullptr) {
            QSignalSpy finished(bar, &FindBar::searchFinished);
            QTest::keyClick(target ? target : text, key, modifiers);
            QVERIFY(finished.count() == 1 || finished.wait(10000));
        };
        QTest::keyClicks(text, "== 7");
        press(Qt::Key_Return);
        QCOMPARE(cursor(), Cell(10, 5));
        QCOMPARE(bar->statusText(), QString("[10, 5]"));
        press(Qt::Key_Return);
        QCOMPARE(cursor(), Cell(1900, 30));
        // The grid scrolled to it: the cell is in the window on screen.
        QVERIFY(tab->grid()->model()->indexOfCell(1900, 30).isValid());
        press(Qt::Key_Return);
        QCOMPARE(cursor(), Cell(10, 5));
        QVERIFY2(bar->statusText().contains("wrapped past the end"), qPrintable(bar->statusText()));
        press(Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(cursor(), Cell(1900, 30));
        QVERIFY(bar->statusText().contains("wrapped past the start"));
        // F3 from the grid: the next match again.
        tab->grid()->setFocus();
        press(Qt::Key_F3, Qt::NoModifier, &window);
        QCOMPARE(cursor(), Cell(10, 5));
        // Shift+F3: the previous one.
        press(Qt::Key_F3, Qt::ShiftModifier, &window);
        QCOMPARE(cursor(), Cell(1900, 30));
        // nan, an error, no match.
        text->setFocus();
        text->selectAll();
        QTest::keyClicks(text, "nan");
        press(Qt::Key_Return);
        QCOMPARE(cursor(), Cell(50, 1));
        text->selectAll();
        QTest::keyClicks(text, "abc");
        QTest::keyClick(text, Qt::Key_Return); // refused at once: no search starts
        QVERIFY2(bar->statusText().contains("'abc' is not a number"), qPrintable(bar->statusText()));
        QVERIFY(!bar->isSearching());
        QCOMPARE(cursor(), Cell(50, 1));
        text->selectAll();
        QTest::keyClicks(text, "> 100");
        press(Qt::Key_Return);
        QCOMPARE(bar->statusText(), QString("No match for > 100"));
        QCOMPARE(cursor(), Cell(50, 1));
        // Esc closes the bar; the grid has the focus back.
        QTest::keyClick(text, Qt::Key_Escape);
        QVERIFY(bar->isHidden());
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(FindTest)
#include "test_find.moc"
