// SPDX-License-Identifier: MIT
// The virtual grid: the windowed model under QAbstractItemModelTester, the
// grid over 10^9-element and 100,000 × 100,000 memmaps (keys, labels, memory,
// time), selection across origin moves, copy, editing through the model,
// rejection, undo, read-only buffers, paste, and column widths (text never
// elided when it fits the viewport, narrowing again).
#include "test_support.h"

#include "core/buffer_data.h"
#include "core/page_set.h"
#include "core/slice_spec.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/array_table_model.h"
#include "ui/array_view_tab.h"
#include "ui/color_scale_model.h"
#include "ui/grid_scroll_bar.h"
#include "ui/shaped_text_cache.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>


using namespace arraylens;

namespace {


QScrollBar* gridBar(const ArrayGridView& grid, Qt::Orientation orientation)
{
    for (QScrollBar* bar : grid.findChildren<QScrollBar*>(QString(), Qt::FindDirectChildrenOnly))
        if (bar->orientation() == orientation)
            return bar;
    return nullptr;
}

/// Shows the grid as an active window, so that keys reach it and editors get focus.
bool showActive(ArrayGridView& grid, QSize size = {640, 400})
{
    grid.resize(size);
    grid.show();
    grid.activateWindow();
    if (!QTest::qWaitForWindowActive(&grid))
        return false;
    grid.tableView()->setFocus();
    QCoreApplication::processEvents();
    return true;
}

/// Types text where the keyboard focus is: the table for the first key, the
/// editor that key opened for the rest.
void typeText(ArrayGridView& grid, const QString& text)
{
    for (QChar ch : text) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : grid.tableView();
        QTest::keyClick(target, ch.toLatin1());
    }
}

void pressReturn(ArrayGridView& grid)
{
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : grid.tableView();
    QTest::keyClick(target, Qt::Key_Return);
    QCoreApplication::processEvents(); // the delegate commits through a queued call
}

QString cellText(const ArrayTableModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

QString rowHeader(const ArrayTableModel& model, int section)
{
    return model.headerData(section, Qt::Vertical).toString();
}

QString columnHeader(const ArrayTableModel& model, int section)
{
    return model.headerData(section, Qt::Horizontal).toString();
}

/// Empty when every cell and label in the model's window is the document's;
/// otherwise the first difference.
QString windowMismatch(const ArrayDocument& document, const ArrayTableModel& model)
{
    const StridedView& view = document.view();
    const auto expectedCount = [](std::int64_t total, std::int64_t origin, int capacity) {
        return static_cast<int>(std::clamp<std::int64_t>(total - origin, 0, capacity));
    };
    if (model.rowCount() != expectedCount(view.rows(), model.originRow(), model.windowRows()) ||
        model.columnCount() != expectedCount(view.cols(), model.originColumn(), model.windowColumns()))
        return QString("window of %1 x %2 at (%3, %4)")
            .arg(model.rowCount())
            .arg(model.columnCount())
            .arg(model.originRow())
            .arg(model.originColumn());
    for (int r = 0; r < model.rowCount(); ++r) {
        const std::int64_t row = model.originRow() + r;
        if (rowHeader(model, r) != QString::number(view.rowLabel(row)))
            return QString("row header %1: %2").arg(r).arg(rowHeader(model, r));
        for (int c = 0; c < model.columnCount(); ++c) {
            const std::int64_t column = model.originColumn() + c;
            if (cellText(model, r, c) != document.displayText(row, column) ||
                cellText(model, r, c, Qt::EditRole) != document.exactText(row, column))
                return QString("cell %1, %2: %3").arg(r).arg(c).arg(cellText(model, r, c));
        }
    }
    for (int c = 0; c < model.columnCount(); ++c)
        if (columnHeader(model, c) != (view.colAxis() < 0 ? QString("value")
                                                           : QString::number(view.colLabel(model.originColumn() + c))))
            return QString("column header %1: %2").arg(c).arg(columnHeader(model, c));
    return {};
}

/// Empty when the text of every visible cell and of every visible column
/// header is painted whole; otherwise the first that is cut with "…". A cell
/// is painted in its visualRect (the section minus the grid line) less the
/// style's text margin on both sides, and elided when its text is wider
/// (QCommonStyle's viewItemDrawText); a header label in its section less the
/// style's header margin on both sides, in bold when the column is
/// highlighted. Only columns entirely inside the viewport count, but the
/// first always does (a column wider than the viewport is cut by it);
/// `checked` counts the cells looked at.
QString firstElided(const ArrayGridView& grid, int* checked = nullptr)
{
    const QTableView* table = grid.tableView();
    const ArrayTableModel& model = *grid.model();
    const QHeaderView* header = table->horizontalHeader();
    const int textMargin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
    const int headerMargin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    const QFontMetrics cellMetrics(table->font());
    QFont bold = header->font();
    bold.setBold(true);
    const QFontMetrics headerMetrics(header->font());
    const QFontMetricsF boldMetrics(bold);
    const int viewportWidth = table->viewport()->width();
    const int viewportHeight = table->viewport()->height();
    int count = 0;
    for (int c = 0; c < model.columnCount(); ++c) {
        const int left = header->sectionViewportPosition(c);
        if (c > 0 && left + header->sectionSize(c) > viewportWidth)
            break;
        const QString label = columnHeader(model, c);
        const int labelRoom = header->sectionSize(c) - 2 * headerMargin;
        if (headerMetrics.elidedText(label, Qt::ElideRight, labelRoom) != label ||
            boldMetrics.horizontalAdvance(label) > labelRoom)
            return QString("column header %1 (%2) in %3 px").arg(c).arg(label).arg(labelRoom);
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex index = model.index(r, c);
            const QRect rect = table->visualRect(index);
            if (rect.top() >= viewportHeight)
                break;
            const QString text = index.data().toString();
            const int room = rect.width() - 2 * textMargin;
            if (cellMetrics.elidedText(text, table->textElideMode(), room) != text)
                return QString("cell %1, %2 (%3) in %4 px: %5")
                    .arg(r)
                    .arg(c)
                    .arg(text)
                    .arg(room)
                    .arg(cellMetrics.elidedText(text, table->textElideMode(), room));
            ++count;
        }
    }
    if (checked)
        *checked = count;
    return {};
}

bool sameRange(const CellRange& a, const CellRange& b)
{
    return a.firstRow == b.firstRow && a.rowCount == b.rowCount && a.firstColumn == b.firstColumn &&
           a.columnCount == b.columnCount;
}

QString rangeText(const CellRange& r)
{
    return QString("{%1,%2,%3,%4}").arg(r.firstRow).arg(r.rowCount).arg(r.firstColumn).arg(r.columnCount);
}

} // namespace

class ArrayGridTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---- the model ------------------------------------------------------------

    void modelUnderTester_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("slice");
        QTest::newRow("int32 2-D") << "np.arange(60, dtype=np.int32).reshape(10, 6)" << "";
        QTest::newRow("float64 1-D") << "np.linspace(0, 1, 23)" << "";
        QTest::newRow("0-d") << "np.array(2.5)" << "";
        QTest::newRow("bool") << "np.array([[True, False, True], [False, False, True]])" << "";
        QTest::newRow("uint8 bytes") << "bytes(range(17))" << "";
        QTest::newRow("complex64") << "(np.arange(12) * (1 + 2j)).astype(np.complex64).reshape(3, 4)" << "";
        QTest::newRow(">f8 reversed") << "np.arange(77, dtype='>f8').reshape(11, 7)" << "::-2, 1::3";
        QTest::newRow("float16 transposed-ish") << "np.arange(30, dtype=np.float16).reshape(5, 6).T" << "";
        QTest::newRow("empty") << "np.zeros((0, 4))" << "";
        QTest::newRow("3-D plane") << "np.arange(120).reshape(4, 5, 6)" << "2, :, ::-1";
    }
    void modelUnderTester()
    {
        QFETCH(QString, expression);
        QFETCH(QString, slice);
        ArrayDocument document(testing::buffer(expression.toStdString()));
        if (!slice.isEmpty())
            document.setSlice(SliceSpec::parse(slice.toStdString()));
        ArrayTableModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const StridedView& view = document.view();

        QCOMPARE(windowMismatch(document, model), QString());
        model.setWindowSize(4, 3);
        QCOMPARE(windowMismatch(document, model), QString());
        // Origin moves, including ones that leave the window partly past the end.
        for (const auto& [row, column] : std::vector<std::pair<std::int64_t, std::int64_t>>{
                 {1, 1}, {view.rows() - 2, 0}, {view.rows() - 1, view.cols() - 1}, {0, 0}, {1000, 1000}, {-5, -5}}) {
            model.setOrigin(row, column);
            QVERIFY(model.originRow() >= 0 && model.originColumn() >= 0);
            QVERIFY(model.originRow() < std::max<std::int64_t>(view.rows(), 1));
            QCOMPARE(windowMismatch(document, model), QString());
        }
        model.setWindowSize(2, 5);
        QCOMPARE(windowMismatch(document, model), QString());
        // New display options reset the model; the tester checks the reset.
        DisplayOptions options;
        options.floatStyle = DisplayOptions::FloatStyle::Scientific;
        options.precision = 2;
        document.setDisplayOptions(options);
        QCOMPARE(windowMismatch(document, model), QString());
        if (view.rows() > 0 && !document.isReadOnly()) {
            QVERIFY(document.setCellText(view.rows() - 1, 0, document.isBool() ? "True" : "1"));
            QCOMPARE(windowMismatch(document, model), QString());
        }
    }

    void modelSignals()
    {
        testing::exec("sig = np.arange(100, dtype=np.int16).reshape(20, 5)");
        ArrayDocument document(testing::buffer("sig"));
        ArrayTableModel model(&document);
        model.setWindowSize(6, 3);
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // An edit through the model: dataChanged for exactly that index.
        QVERIFY(model.setData(model.index(2, 1), "-7"));
        QCOMPARE(testing::str("sig[2, 1]"), std::string("-7"));
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(dataChanged[0][0].value<QModelIndex>(), model.index(2, 1));
        QCOMPARE(dataChanged[0][1].value<QModelIndex>(), model.index(2, 1));
        const auto roles = dataChanged[0][2].value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole) && roles.contains(Qt::EditRole));

        // Origin moves with the window size unchanged: data and headers, no structure change.
        dataChanged.clear();
        model.setOrigin(10, 1);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(headerChanged.count(), 2); // rows and columns both moved
        QCOMPARE(headerChanged[0][0].value<Qt::Orientation>(), Qt::Vertical);
        QCOMPARE(rowHeader(model, 0), QString("10"));
        QCOMPARE(columnHeader(model, 0), QString("1"));
        QCOMPARE(cellText(model, 0, 0), QString("51"));
        model.setOrigin(11, 1);
        QCOMPARE(headerChanged.count(), 3); // only the rows moved
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);

        // An edit outside the window says nothing; one inside names the window index.
        dataChanged.clear();
        QVERIFY(document.setCellText(0, 0, "5"));
        QCOMPARE(dataChanged.count(), 0);
        QVERIFY(document.setCellText(12, 2, "5"));
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(dataChanged[0][0].value<QModelIndex>(), model.index(1, 1));

        // Invalid text: nothing written, the document says why.
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(!model.setData(model.index(0, 0), "40000"));
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(testing::str("sig[11, 1]"), std::string("56"));

        // A new slice resets the model and clamps the origin.
        document.setSlice(SliceSpec::parse("::4"));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.originRow(), 4);
        QCOMPARE(rowHeader(model, 0), QString("16"));
    }

    void boolCellsAreCheckBoxes()
    {
        testing::exec("flags = np.array([True, False, True])");
        ArrayDocument document(testing::buffer("flags"));
        ArrayTableModel model(&document);
        QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable);
        QCOMPARE(model.data(model.index(0, 0), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.data(model.index(1, 0), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(model.setData(model.index(0, 0), QVariant::fromValue(Qt::Unchecked), Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(1, 0), int(Qt::Checked), Qt::CheckStateRole));
        QCOMPARE(testing::str("flags.tolist()"), std::string("[False, True, True]"));

        // Space on the current cell toggles it, as a check box does.
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        grid.goToCell(2, 0);
        QTest::keyClick(grid.tableView(), Qt::Key_Space);
        QCOMPARE(testing::str("flags.tolist()"), std::string("[False, True, False]"));
    }

    // ---- huge arrays ------------------------------------------------------------

    void coldMemmapPagesAreReadOffTheGuiThread()
    {
        // A memmap's pages that are not in memory are faulted in by a worker:
        // the document shows a placeholder until then, and says when the
        // cells can be read (DESIGN.md decision 13). A sparse file's holes
        // are not resident until touched.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        testing::setString("cold_path", dir.filePath("cold.f8").toStdString());
        testing::exec("cold = np.memmap(cold_path, dtype='f8', mode='w+', shape=(4096, 4096))\n"
                      "cold[10, 3] = 2.5\n");
        auto buffer = testing::buffer("cold");
        ArrayDocument document(std::make_shared<BufferData>(buffer), {}, [](std::function<void()> job) { job(); });
        const StridedView& view = document.view();
        PageSet coldPages(view, CellRange{3000, 1, 100, 1});
        QVERIFY(!coldPages.resident());
        QCOMPARE(document.displayText(10, 3), QStringLiteral("2.5")); // written: resident
        QSignalSpy changed(&document, &ArrayDocument::cellsChanged);
        QCOMPARE(document.displayText(3000, 100), ArrayDocument::kPendingText);
        QVERIFY(changed.wait(10000));
        const auto range = changed.first().first().value<CellRange>();
        QVERIFY(range.firstRow <= 3000 && range.firstRow + range.rowCount > 3000);
        QVERIFY(range.firstColumn <= 100 && range.firstColumn + range.columnCount > 100);
        QVERIFY(coldPages.resident());
        QCOMPARE(document.displayText(3000, 100), QStringLiteral("0.0"));
        // Without hooks (a headless reader, an export) memory is read in place.
        ArrayDocument direct(testing::buffer("cold"));
        QCOMPARE(direct.displayText(4000, 4000), QStringLiteral("0.0"));
        // A grid over it paints placeholders, then the values.
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        grid.goToCell(2000, 2000);
        QCoreApplication::processEvents();
        const ArrayTableModel& model = *grid.model();
        const QModelIndex shown = model.indexOfCell(2000, 2000);
        QVERIFY(shown.isValid());
        QTRY_COMPARE_WITH_TIMEOUT(model.data(shown).toString(), QStringLiteral("0.0"), 10000);
    }

    void billionElementMemmap()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::int64_t before = testing::residentBytes();
        testing::setString("big_path", dir.filePath("big.f8").toStdString());
        testing::exec("big = np.memmap(big_path, dtype='f8', mode='w+', shape=(10**9,))\n"
                      "big[-1] = 1 / 3\nbig[123456789] = -2.5e-300\n");
        {
            auto buffer = testing::buffer("big");
            QElapsedTimer timer;
            timer.start();
            ArrayDocument document(buffer);
            ArrayGridView grid(&document);
            QVERIFY(showActive(grid));
            // Generous against a loaded machine: anything proportional to the
            // array (a scan, a Qt row per element) takes minutes, not seconds.
            QVERIFY2(timer.elapsed() < 2000, qPrintable(QString("opened in %1 ms").arg(timer.elapsed())));
            const ArrayTableModel& model = *grid.model();
            QVERIFY(model.rowCount() < 200);

            QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{999999999}, std::int64_t{0}));
            const int last = model.rowCount() - 1;
            QCOMPARE(rowHeader(model, last), QString("999999999"));
            QCOMPARE(cellText(model, last, 0, Qt::EditRole), QString::fromStdString(testing::str("repr(float(big[-1]))")));
            QCOMPARE(grid.tableView()->currentIndex(), model.index(last, 0));
            QScrollBar* bar = gridBar(grid, Qt::Vertical);
            QCOMPARE(bar->value(), bar->maximum());
            QCOMPARE(grid.tableView()->verticalScrollBar()->value(), 0); // the table never scrolls itself

            grid.goToCell(123456789, 0);
            const QModelIndex index = grid.tableView()->currentIndex();
            QVERIFY(index.isValid());
            QCOMPARE(index.data(Qt::EditRole).toString(), QString::fromStdString(testing::str("repr(float(big[123456789]))")));
            QCOMPARE(rowHeader(model, index.row()), QString("123456789"));

            QTest::keyClick(grid.tableView(), Qt::Key_Home, Qt::ControlModifier);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{0}, std::int64_t{0}));
            QCOMPARE(rowHeader(model, 0), QString("0"));
            // In one column, End and Home go down and up it.
            QTest::keyClick(grid.tableView(), Qt::Key_End);
            QCOMPARE(grid.currentCell().first, std::int64_t{999999999});
            QTest::keyClick(grid.tableView(), Qt::Key_Home);
            QCOMPARE(grid.currentCell().first, std::int64_t{0});

            // All 10^9 cells selected: copy and a one-value fill refuse, and say so.
            QSignalSpy messages(&grid, &ArrayGridView::statusMessage);
            QTest::keyClick(grid.tableView(), Qt::Key_A, Qt::ControlModifier);
            QCOMPARE(grid.selection().rowCount, std::int64_t{1000000000});
            QGuiApplication::clipboard()->setText("5");
            grid.copySelection();
            QCOMPARE(QGuiApplication::clipboard()->text(), QString("5"));
            grid.pasteClipboard();
            QCOMPARE(messages.count(), 2);
            QCOMPARE(testing::str("float(big[0])"), std::string("0.0"));
            QCoreApplication::processEvents();
            const std::int64_t growth = testing::residentBytes() - before;
            QVERIFY2(growth < 100 * 1024 * 1024, qPrintable(QString("RSS grew by %1 MB").arg(growth >> 20)));
        }
        testing::exec("del big");
    }

    void hundredThousandSquaredMemmap()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::int64_t before = testing::residentBytes();
        testing::setString("sq_path", dir.filePath("square.f8").toStdString());
        testing::exec("sq = np.memmap(sq_path, dtype='f8', mode='w+', shape=(100000, 100000))\n"
                      "sq[-1, -1] = 2.5\nsq[54321, 98765] = 7e-7\nsq[0, 99999] = -1.0\n");
        {
            auto buffer = testing::buffer("sq");
            QElapsedTimer timer;
            timer.start();
            ArrayDocument document(buffer);
            ArrayGridView grid(&document);
            QVERIFY(showActive(grid));
            QVERIFY2(timer.elapsed() < 2000, qPrintable(QString("opened in %1 ms").arg(timer.elapsed())));
            const ArrayTableModel& model = *grid.model();
            QVERIFY(model.columnCount() < 200);

            QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{99999}, std::int64_t{99999}));
            QCOMPARE(rowHeader(model, model.rowCount() - 1), QString("99999"));
            QCOMPARE(columnHeader(model, model.columnCount() - 1), QString("99999"));
            QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString("2.5"));
            // The last column is entirely on screen.
            const QRect cell = grid.tableView()->visualRect(grid.tableView()->currentIndex());
            QVERIFY2(cell.right() < grid.tableView()->viewport()->width(),
                     qPrintable(QString("cell ends at %1, viewport %2").arg(cell.right()).arg(
                         grid.tableView()->viewport()->width())));
            QScrollBar* horizontal = gridBar(grid, Qt::Horizontal);
            QCOMPARE(horizontal->value(), horizontal->maximum());

            grid.goToCell(54321, 98765);
            QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString("7e-07"));
            QCOMPARE(rowHeader(model, grid.tableView()->currentIndex().row()), QString("54321"));
            QCOMPARE(columnHeader(model, grid.tableView()->currentIndex().column()), QString("98765"));

            // Home: first column of the same row; then up to the top of that column.
            QTest::keyClick(grid.tableView(), Qt::Key_Home);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{54321}, std::int64_t{0}));
            QTest::keyClick(grid.tableView(), Qt::Key_Up, Qt::ControlModifier);
            QTest::keyClick(grid.tableView(), Qt::Key_End);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{0}, std::int64_t{99999}));
            QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString("-1.0"));
            QCoreApplication::processEvents();
            const std::int64_t growth = testing::residentBytes() - before;
            QVERIFY2(growth < 100 * 1024 * 1024, qPrintable(QString("RSS grew by %1 MB").arg(growth >> 20)));
        }
        testing::exec("del sq");
    }

    void scrollBarScalesPastIntMax()
    {
        // 3·10^9 rows and no memory: a broadcast view (read-only, stride 0).
        ArrayDocument document(testing::buffer("np.broadcast_to(np.float64(1.5), (3 * 10**9,))"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QScrollBar* bar = gridBar(grid, Qt::Vertical);
        QVERIFY(bar->maximum() > 0 && bar->maximum() <= (1 << 30));
        QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(grid.currentCell().first, std::int64_t{2999999999});
        QCOMPARE(rowHeader(*grid.model(), grid.model()->rowCount() - 1), QString("2999999999"));
        QCOMPARE(bar->value(), bar->maximum());
        bar->setValue(bar->maximum() / 2);
        const std::int64_t middle = (3'000'000'000 - grid.model()->rowCount()) / 2;
        QVERIFY2(std::abs(grid.model()->originRow() - middle) < 10,
                 qPrintable(QString::number(grid.model()->originRow())));
        QCOMPARE(grid.currentCell().first, std::int64_t{2999999999}); // scrolling leaves the cursor
        QVERIFY(!grid.tableView()->currentIndex().isValid());
    }

    // ---- navigation and selection ---------------------------------------------------

    void viewsOfOneDocumentShareTheCursorAndSelection()
    {
        // The cursor and selection live in the document (core's
        // CellSelection): a second view of it follows what the first does.
        ArrayDocument document(testing::buffer("np.arange(3000).reshape(1000, 3)"));
        ArrayGridView first(&document);
        ArrayGridView second(&document);
        QVERIFY(showActive(first));
        first.goToCell(500, 2);
        QCOMPARE(second.currentCell(), std::make_pair(std::int64_t{500}, std::int64_t{2}));
        QTest::keyClick(first.tableView(), Qt::Key_Up, Qt::ShiftModifier);
        QCOMPARE(second.selection(), (CellRange{499, 2, 2, 1}));
        // Moved from outside (as an image view would): both grids show it.
        CellSelection cells = document.selection();
        cells.moveCursor(7, 1, false, 1000, 3);
        document.setSelection(cells);
        QCOMPARE(first.currentCell(), std::make_pair(std::int64_t{7}, std::int64_t{1}));
        QCOMPARE(second.selection(), (CellRange{7, 1, 1, 1}));
        // A slice that no longer holds the cursor pulls it inside.
        document.setSlice(SliceSpec::parse("0:5"));
        QCOMPARE(first.currentCell(), std::make_pair(std::int64_t{4}, std::int64_t{1}));
        QCOMPARE(document.selection().range(), (CellRange{4, 1, 1, 1}));
    }

    void pageKeysMoveAPage()
    {
        ArrayDocument document(testing::buffer("np.arange(3000).reshape(1000, 3)"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QTableView* table = grid.tableView();
        const int page = table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
        QVERIFY(page > 3);
        QTest::keyClick(table, Qt::Key_Right);
        QTest::keyClick(table, Qt::Key_PageDown);
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{page}, std::int64_t{1}));
        QCOMPARE(rowHeader(*grid.model(), 0), QString::number(page));
        QTest::keyClick(table, Qt::Key_PageDown);
        QCOMPARE(grid.currentCell().first, std::int64_t{2 * page});
        QCOMPARE(table->currentIndex().row(), 0); // the cursor kept its place on screen
        QTest::keyClick(table, Qt::Key_PageUp);
        QCOMPARE(grid.currentCell().first, std::int64_t{page});
        QCOMPARE(rowHeader(*grid.model(), 0), QString::number(page));
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(grid.currentCell().first, std::int64_t{page + 1});
        QCOMPARE(rowHeader(*grid.model(), 0), QString::number(page)); // no scroll within the screen

        // The wheel scrolls the origin, not the table.
        QWheelEvent wheel(QPointF(20, 20), table->viewport()->mapToGlobal(QPointF(20, 20)), QPoint(), QPoint(0, -120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(table->viewport(), &wheel);
        QCOMPARE(grid.model()->originRow(), std::int64_t{page + QApplication::wheelScrollLines()});
        QCOMPARE(table->verticalScrollBar()->value(), 0);
        QWheelEvent sideways(QPointF(20, 20), table->viewport()->mapToGlobal(QPointF(20, 20)), QPoint(),
                             QPoint(0, -120), Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
        grid.resize(90, 400); // narrow enough for the three columns to scroll
        QCoreApplication::processEvents();
        QCoreApplication::sendEvent(table->viewport(), &sideways);
        QCOMPARE(grid.model()->originColumn(), std::int64_t{1});
        QCOMPARE(table->horizontalScrollBar()->value(), 0);
        // The grid's bar moves it too.
        gridBar(grid, Qt::Vertical)->setValue(500);
        QCOMPARE(rowHeader(*grid.model(), 0), QString("500"));
        QCOMPARE(grid.currentCell().first, std::int64_t{page + 1});
    }

    void selectionSurvivesOriginMoves()
    {
        testing::exec("tall = np.arange(600, dtype=np.int64).reshape(200, 3) * 7");
        ArrayDocument document(testing::buffer("tall"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QTableView* table = grid.tableView();
        const ArrayTableModel& model = *grid.model();

        QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY2(sameRange(grid.selection(), CellRange{0, 200, 0, 3}), qPrintable(rangeText(grid.selection())));
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{199}, std::int64_t{2}));
        // The Qt selection in the window is derived from it.
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), model.rowCount() * model.columnCount());
        QVERIFY(model.originRow() > 0);
        grid.copySelection();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QString::fromStdString(testing::str("''.join('\\t'.join(map(str, r)) + '\\n' for r in tall)")));

        // Back to the top, select rows 0..2 of columns 1..2, scroll away and back.
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(table, Qt::Key_Right);
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
        QVERIFY2(sameRange(grid.selection(), CellRange{0, 3, 1, 2}), qPrintable(rangeText(grid.selection())));
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), 6);
        gridBar(grid, Qt::Vertical)->setValue(100);
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), 0);
        QVERIFY(sameRange(grid.selection(), CellRange{0, 3, 1, 2}));
        gridBar(grid, Qt::Vertical)->setValue(1);
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), 4); // rows 1 and 2 remain in the window
        QVERIFY(table->selectionModel()->isSelected(model.index(0, 1)));
        QVERIFY(!table->selectionModel()->isSelected(model.index(0, 0)));
        // Shift+Down now extends from the same anchor, across the scroll.
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QVERIFY2(sameRange(grid.selection(), CellRange{0, 4, 1, 2}), qPrintable(rangeText(grid.selection())));

        // Mouse: a click selects a cell, a shift+click extends to another.
        gridBar(grid, Qt::Vertical)->setValue(50);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(model.index(1, 0)).center());
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{51}, std::int64_t{0}));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          table->visualRect(model.index(3, 2)).center());
        QVERIFY2(sameRange(grid.selection(), CellRange{51, 3, 0, 3}), qPrintable(rangeText(grid.selection())));
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QString::fromStdString(testing::str("''.join('\\t'.join(map(str, r)) + '\\n' for r in tall[51:54])")));

        // Ctrl+A selects the whole view, not the window.
        QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
        QVERIFY(sameRange(grid.selection(), CellRange{0, 200, 0, 3}));
    }

    void mouseDragAndHeaders()
    {
        ArrayDocument document(testing::buffer("np.arange(3000).reshape(1000, 3)"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QTableView* table = grid.tableView();
        const ArrayTableModel& model = *grid.model();
        QWidget* viewport = table->viewport();

        // Press on one cell, drag to another: the rectangle between them.
        QTest::mousePress(viewport, Qt::LeftButton, {}, table->visualRect(model.index(1, 0)).center());
        QTest::mouseMove(viewport, table->visualRect(model.index(3, 1)).center());
        QVERIFY2(sameRange(grid.selection(), CellRange{1, 3, 0, 2}), qPrintable(rangeText(grid.selection())));
        // Dragging below the viewport extends and scrolls, one row per move.
        QTest::mouseMove(viewport, QPoint(table->visualRect(model.index(0, 1)).center().x(), viewport->height() + 5));
        QTest::mouseMove(viewport, QPoint(table->visualRect(model.index(0, 1)).center().x(), viewport->height() + 6));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(5, viewport->height() + 6));
        const int page = viewport->height() / table->verticalHeader()->defaultSectionSize();
        QVERIFY2(sameRange(grid.selection(), CellRange{1, page + 1, 0, 2}), qPrintable(rangeText(grid.selection())));
        QCOMPARE(model.originRow(), std::int64_t{2});

        // A row header selects the whole row of the view, a column header the whole column.
        QHeaderView* rows = table->verticalHeader();
        // Near the section's edge too: there is no resize grip to miss.
        QTest::mouseClick(rows->viewport(), Qt::LeftButton, {}, QPoint(5, rows->sectionViewportPosition(2) + 1));
        QVERIFY2(sameRange(grid.selection(), CellRange{4, 1, 0, 3}), qPrintable(rangeText(grid.selection())));
        QTest::mouseClick(rows->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          QPoint(5, rows->sectionViewportPosition(5) + rows->sectionSize(5) / 2));
        QVERIFY2(sameRange(grid.selection(), CellRange{4, 4, 0, 3}), qPrintable(rangeText(grid.selection())));
        QHeaderView* columns = table->horizontalHeader();
        QTest::mouseClick(columns->viewport(), Qt::LeftButton, {},
                          QPoint(columns->sectionViewportPosition(1) + columns->sectionSize(1) / 2, 5));
        QVERIFY2(sameRange(grid.selection(), CellRange{0, 1000, 1, 1}), qPrintable(rangeText(grid.selection())));
        QCOMPARE(table->selectionModel()->selectedIndexes().size(), model.rowCount());

        // Tab and Backtab move along the row.
        grid.goToCell(5, 0);
        QTest::keyClick(table, Qt::Key_Tab);
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{5}, std::int64_t{1}));
        QTest::keyClick(table, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{5}, std::int64_t{0}));
        QVERIFY(sameRange(grid.selection(), CellRange{5, 1, 0, 1}));
    }

    void focusAndTypingKeepTheCursor()
    {
        testing::exec("kept = np.zeros((1000, 2))");
        ArrayDocument document(testing::buffer("kept"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        grid.goToCell(1, 1);
        gridBar(grid, Qt::Vertical)->setValue(500);
        QVERIFY(!grid.tableView()->currentIndex().isValid());
        // Focus leaving and coming back does not move the cursor to the screen.
        grid.tableView()->clearFocus();
        grid.tableView()->setFocus(Qt::TabFocusReason);
        QCoreApplication::processEvents();
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{1}, std::int64_t{1}));
        // Typing brings the cursor back on screen and edits it.
        typeText(grid, "8");
        pressReturn(grid);
        QCOMPARE(testing::str("float(kept[1, 1])"), std::string("8.0"));
        QCOMPARE(grid.model()->originRow(), std::int64_t{1});
    }

    void resizeFollowsTheViewport()
    {
        ArrayDocument document(testing::buffer("np.arange(2000.0).reshape(1000, 2)"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {500, 300}));
        QTableView* table = grid.tableView();
        const int rowHeight = table->verticalHeader()->defaultSectionSize();
        QCOMPARE(grid.model()->windowRows(), table->viewport()->height() / rowHeight + 1);
        grid.resize(500, 700);
        QCoreApplication::processEvents();
        QCOMPARE(grid.model()->windowRows(), table->viewport()->height() / rowHeight + 1);
        QVERIFY(grid.model()->rowCount() * rowHeight >= table->viewport()->height());
        QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(rowHeader(*grid.model(), grid.model()->rowCount() - 1), QString("999"));
        // Shrinking keeps the cursor's row reachable and the last row at the bottom.
        grid.resize(500, 250);
        QCoreApplication::processEvents();
        QCOMPARE(grid.model()->originRow() + table->viewport()->height() / rowHeight, std::int64_t{1000});
    }

    void emptyScalarAndSliceChanges()
    {
        {
            ArrayDocument document(testing::buffer("np.zeros((0, 3))"));
            ArrayGridView grid(&document);
            QVERIFY(showActive(grid));
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{-1}, std::int64_t{-1}));
            QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
            QTest::keyClick(grid.tableView(), Qt::Key_A, Qt::ControlModifier);
            grid.copySelection();
            QCOMPARE(grid.selection().rowCount, std::int64_t{0});
        }
        {
            ArrayDocument document(testing::buffer("np.array(-4.5)"));
            ArrayGridView grid(&document);
            QVERIFY(showActive(grid));
            QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{0}, std::int64_t{0}));
            QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString("-4.5"));
        }
        {
            ArrayDocument document(testing::buffer("np.arange(2 * 300 * 4).reshape(2, 300, 4)"));
            ArrayGridView grid(&document);
            QSignalSpy moved(&grid, &ArrayGridView::currentCellChanged);
            QVERIFY(showActive(grid));
            grid.goToCell(250, 3);
            QCOMPARE(moved.count(), 1);
            document.setSlice(SliceSpec::parse("1, ::100, :2"));
            QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{2}, std::int64_t{1}));
            QCOMPARE(moved.count(), 2);
            QCOMPARE(rowHeader(*grid.model(), 0), QString("0"));
            QCOMPARE(rowHeader(*grid.model(), 2), QString("200"));
            QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString::number(1200 + 200 * 4 + 1));
        }
    }

    void copySmallArray()
    {
        ArrayDocument document(testing::buffer("np.array([[1.5, -0.0], [np.inf, 1e-300], [3, 4]])"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QTableView* table = grid.tableView();
        QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QVERIFY(sameRange(grid.selection(), CellRange{0, 2, 0, 2}));
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString("1.5\t-0.0\ninf\t1e-300\n"));
    }

    // ---- editing ------------------------------------------------------------------

    void typingEditsThroughTheModel()
    {
        testing::exec("ed = np.zeros((5, 3))");
        ArrayDocument document(testing::buffer("ed"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        grid.goToCell(2, 1);
        typeText(grid, "42.5");
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        pressReturn(grid);
        QCOMPARE(testing::str("ed[2, 1]"), std::string("42.5"));
        QCOMPARE(grid.tableView()->currentIndex().data().toString(), QString("42.5"));
        QCOMPARE(document.undoStack()->count(), 1);

        // F2 opens the exact text for editing.
        grid.goToCell(2, 1);
        QTest::keyClick(grid.tableView(), Qt::Key_F2);
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        QCOMPARE(editor->text(), QString("42.5"));
        editor->selectAll();
        QTest::keyClicks(editor, "1e-3");
        pressReturn(grid);
        QCOMPARE(testing::str("ed[2, 1]"), std::string("0.001"));

        // A double click opens an editor too.
        grid.goToCell(0, 0);
        QTableView* table = grid.tableView();
        const QPoint center = table->visualRect(table->currentIndex()).center();
        // A real double click: press, release, then the double-click event.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, center);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, center);
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCoreApplication::processEvents();
        QCOMPARE(testing::str("ed[0, 0]"), std::string("0.0"));
    }

    void invalidTextChangesNothing()
    {
        testing::exec("small_ints = np.array([[1, 2], [3, 4]], dtype=np.int8)");
        ArrayDocument document(testing::buffer("small_ints"));
        ArrayGridView grid(&document);
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(showActive(grid));
        grid.goToCell(1, 0);
        typeText(grid, "abc");
        pressReturn(grid);
        QCOMPARE(rejected.count(), 1);
        typeText(grid, "300");
        pressReturn(grid);
        QCOMPARE(rejected.count(), 2);
        QVERIFY2(rejected[1][0].toString().contains("range"), qPrintable(rejected[1][0].toString()));
        QCOMPARE(testing::str("small_ints.tolist()"), std::string("[[1, 2], [3, 4]]"));
        QCOMPARE(document.undoStack()->count(), 0);
        typeText(grid, "-128");
        pressReturn(grid);
        QCOMPARE(testing::str("small_ints.tolist()"), std::string("[[1, 2], [-128, 4]]"));
    }

    void undoRestoresExactBytes()
    {
        testing::exec("bits = np.array([[-0.0, 0.0]])\n"
                      "bits.view(np.uint64)[0, 1] = 0x7ff8000000000123  # a NaN with a payload\n"
                      "bits_before = bits.tobytes().hex()\n");
        ArrayDocument document(testing::buffer("bits"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        grid.goToCell(0, 1);
        typeText(grid, "1.5");
        pressReturn(grid);
        grid.goToCell(0, 0);
        typeText(grid, "2");
        pressReturn(grid);
        QCOMPARE(testing::str("bits.tolist()"), std::string("[[2.0, 1.5]]"));
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(testing::str("bits.tobytes().hex() == bits_before"), std::string("True"));
        QCOMPARE(grid.model()->data(grid.model()->index(0, 0)).toString(), QString("-0.0"));
    }

    void editorCommitsBeforeTheOriginMoves()
    {
        testing::exec("scrolled = np.zeros((1000, 2))");
        ArrayDocument document(testing::buffer("scrolled"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        typeText(grid, "7");
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        gridBar(grid, Qt::Vertical)->setValue(3); // scroll with the editor open
        QCoreApplication::processEvents();
        QCOMPARE(testing::str("[float(scrolled[0, 0]), float(scrolled[3, 0])]"), std::string("[7.0, 0.0]"));
        QCOMPARE(grid.currentCell(), std::make_pair(std::int64_t{0}, std::int64_t{0}));
    }

    void readOnlyBuffersRefuseEdits_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes") << "ro_bytes" << "ro_bytes" << "b'abc'";
        QTest::newRow("broadcast") << "ro_broadcast" << "ro_broadcast.tolist()"
                                   << "[[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]]";
    }
    void readOnlyBuffersRefuseEdits()
    {
        QFETCH(QString, expression);
        QFETCH(QString, check);
        QFETCH(QString, expected);
        testing::exec("ro_bytes = b'abc'\nro_broadcast = np.broadcast_to(np.arange(3.0), (2, 3))\n");
        ArrayDocument document(testing::buffer(expression.toStdString()));
        ArrayGridView grid(&document);
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QSignalSpy messages(&grid, &ArrayGridView::statusMessage);
        QVERIFY(showActive(grid));
        const ArrayTableModel& model = *grid.model();
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
        typeText(grid, "5");
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(grid.tableView())); // no editor opened
        // but the user is told why, as a refused paste does
        QCOMPARE(messages.count(), 1);
        QVERIFY2(messages[0][0].toString().startsWith("Cannot edit this cell:") &&
                     messages[0][0].toString().contains("read-only"),
                 qPrintable(messages[0][0].toString()));
        QTest::keyClick(grid.tableView(), Qt::Key_F2);
        QCOMPARE(messages.count(), 2);
        QTest::keyClick(grid.tableView(), Qt::Key_Down); // moving is no edit: no message
        QCOMPARE(messages.count(), 2);
        QVERIFY(!grid.model()->setData(model.index(0, 0), "5"));
        QGuiApplication::clipboard()->setText("5");
        grid.pasteClipboard();
        QCOMPARE(rejected.count(), 2);
        QVERIFY(rejected[0][0].toString().contains("read-only"));
        QCOMPARE(QString::fromStdString(testing::str(check.toStdString())), expected);
    }

    void pasteIsAllOrNothing()
    {
        testing::exec("pasted = np.arange(16, dtype=np.int32).reshape(4, 4)");
        ArrayDocument document(testing::buffer("pasted"));
        ArrayGridView grid(&document);
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(showActive(grid));
        QTableView* table = grid.tableView();

        grid.goToCell(1, 1);
        QGuiApplication::clipboard()->setText("10\t11\n12\t13\n");
        QTest::keyClick(table, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(testing::str("pasted[1:3, 1:3].tolist()"), std::string("[[10, 11], [12, 13]]"));

        // One bad cell: nothing written.
        grid.goToCell(2, 2);
        QGuiApplication::clipboard()->setText("20\t21\n22\tx\n");
        grid.pasteClipboard();
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(testing::str("pasted.tolist()"),
                 std::string("[[0, 1, 2, 3], [4, 10, 11, 7], [8, 12, 13, 11], [12, 13, 14, 15]]"));

        // One value fills the selection, as one undo step.
        grid.goToCell(0, 0);
        QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QGuiApplication::clipboard()->setText("-9\n");
        grid.pasteClipboard();
        QCOMPARE(testing::str("pasted[:2, :3].tolist()"), std::string("[[-9, -9, -9], [-9, -9, -9]]"));
        QCOMPARE(testing::str("pasted[:2, 3].tolist()"), std::string("[3, 7]"));
        document.undoStack()->undo();
        QCOMPARE(testing::str("pasted[:2, :3].tolist()"), std::string("[[0, 1, 2], [4, 10, 11]]"));
    }

    void headersShowTrueIndices()
    {
        ArrayDocument document(testing::buffer("np.arange(200).reshape(20, 10)"));
        document.setSlice(SliceSpec::parse("5:, ::-3"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        const ArrayTableModel& model = *grid.model();
        QCOMPARE(rowHeader(model, 0), QString("5"));
        QCOMPARE(columnHeader(model, 0), QString("9"));
        QCOMPARE(columnHeader(model, 3), QString("0"));
        QCOMPARE(cellText(model, 0, 0), QString("59"));
    }

    void floatsShowCompactAndExactWhereItMatters()
    {
        // A new view shows at most 6 significant digits, and marks text that
        // is rounded; the editor, the tooltip and copy have the exact value.
        testing::exec("thirds = np.array([[1 / 3, 0.1, 1e22, -2.5e-300], [123456.0, 1234567.0, np.nan, -np.inf]])");
        ArrayDocument document(testing::buffer("thirds"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        const ArrayTableModel& model = *grid.model();
        QCOMPARE(cellText(model, 0, 0), QString("0.333333\u2026"));
        QCOMPARE(cellText(model, 0, 0, Qt::EditRole), QString("0.3333333333333333"));
        QCOMPARE(cellText(model, 0, 0, Qt::ToolTipRole), QString("0.3333333333333333"));
        QCOMPARE(cellText(model, 0, 1), QString("0.1")); // exact: no marker, no tooltip
        QCOMPARE(cellText(model, 0, 1, Qt::ToolTipRole), QString());
        QCOMPARE(cellText(model, 0, 2), QString("1e+22"));
        QCOMPARE(cellText(model, 0, 3), QString("-2.5e-300"));
        QCOMPARE(cellText(model, 1, 0), QString("123456.0"));
        QCOMPARE(cellText(model, 1, 1), QString("1.23457e+06\u2026"));
        QCOMPARE(cellText(model, 1, 2), QString("nan"));
        QCOMPARE(cellText(model, 1, 3), QString("-inf"));
        QCOMPARE(document.copy(CellRange{0, 1, 0, 1}), QString("0.3333333333333333\n"));
        // The format is the document's: another view of other data keeps its own.
        ArrayDocument other(testing::buffer("thirds"));
        DisplayOptions fixed;
        fixed.floatStyle = DisplayOptions::FloatStyle::Fixed;
        fixed.precision = 2;
        other.setDisplayOptions(fixed);
        QCOMPARE(other.displayText(0, 0), QString("0.33"));
        QCOMPARE(document.displayText(0, 0), QString("0.333333\u2026"));
        DisplayOptions digits = DisplayOptions::compactView();
        digits.compactDigits = 3;
        document.setDisplayOptions(digits);
        QCOMPARE(cellText(model, 1, 0), QString("1.23e+05\u2026"));
    }

    void oneDimensionalArraysHaveNoColumnIndex()
    {
        // A 1-D array has no column axis: its column is headed "value"
        // (as its CSV export is), and an edit names the cell by its one index.
        testing::exec("line = np.arange(4, dtype=np.int16)");
        ArrayDocument document(testing::buffer("line"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid));
        QCOMPARE(columnHeader(*grid.model(), 0), QString("value"));
        QVERIFY(document.setCellText(1, 0, "5"));
        QCOMPARE(document.undoStack()->undoText(), QString("Set [1] to 5"));
        // A plane keeps its indices in both.
        ArrayDocument plane(testing::buffer("np.zeros((2, 3))"));
        QVERIFY(plane.setCellText(1, 0, "5"));
        QCOMPARE(plane.undoStack()->undoText(), QString("Set [1, 0] to 5"));
    }

    // ---- column widths ----------------------------------------------------------

    void longTextIsNotElided_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("slice");
        QTest::addColumn<QString>("widest"); // a value shown whole
        QTest::newRow("complex 1-D") << "np.array([1.2345678901234567+2.3456789012345678j])" << ""
                                     << "(1.2345678901234567+2.345678901234568j)";
        QTest::newRow("complex 2-D") << "np.full((3, 4), complex(-1.2345678901234567e-300, 9.876543210987654e+300))"
                                     << "" << "(-1.2345678901234568e-300+9.876543210987654e+300j)";
        QTest::newRow("complex column") << "np.full((3, 4), complex(-1.2345678901234567e-300, 9.876543210987654e+300))"
                                        << ":, 2" << "(-1.2345678901234568e-300+9.876543210987654e+300j)";
        QTest::newRow("float64 1-D") << "np.full(5, -1.2345678901234567e-300)" << "" << "-1.2345678901234568e-300";
        QTest::newRow("float64 2-D") << "np.full((3, 4), -1.2345678901234567e-300)" << ""
                                     << "-1.2345678901234568e-300";
        QTest::newRow("complex64 2-D") << "np.full((40, 30), np.complex64(-1.2345678e-30 - 9.876543e+30j))" << ""
                                       << "(-1.2345678e-30-9.876543e+30j)";
    }
    void longTextIsNotElided()
    {
        QFETCH(QString, expression);
        QFETCH(QString, slice);
        QFETCH(QString, widest);
        ArrayDocument document(testing::buffer(expression.toStdString()));
        DisplayOptions exact; // the longest text there is: shortest round-trip, unrounded
        document.setDisplayOptions(exact);
        if (!slice.isEmpty())
            document.setSlice(SliceSpec::parse(slice.toStdString()));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {900, 400}));
        QCOMPARE(cellText(*grid.model(), 0, 0), widest);
        int checked = 0;
        QCOMPARE(firstElided(grid, &checked), QString());
        QVERIFY(checked >= std::min<std::int64_t>(document.view().rows(), 3));
        // Scrolled to the far corner (other columns on screen), and back.
        QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(firstElided(grid, &checked), QString());
        QVERIFY(checked > 0);
        QTest::keyClick(grid.tableView(), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(firstElided(grid, &checked), QString());
    }

    void headerLabelsAreNotElided()
    {
        // One-character values under five-digit labels: the labels set the width.
        ArrayDocument document(testing::buffer("np.zeros((3, 100000), dtype=np.int8)"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {900, 400}));
        QTest::keyClick(grid.tableView(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(columnHeader(*grid.model(), grid.model()->columnCount() - 1), QString("99999"));
        int checked = 0;
        QCOMPARE(firstElided(grid, &checked), QString());
        QVERIFY(checked > 10);
    }

    void widthIsCappedByTheViewport()
    {
        // Fixed notation writes all 301 digits of 9.9e300: wider than any
        // screen, the column takes the viewport and no more.
        ArrayDocument document(testing::buffer("np.array([[9.876543210987654e+300, 1.5]])"));
        DisplayOptions options;
        options.floatStyle = DisplayOptions::FloatStyle::Fixed;
        options.precision = 2;
        document.setDisplayOptions(options);
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {500, 300}));
        QTableView* table = grid.tableView();
        QCOMPARE(table->horizontalHeader()->sectionSize(0), table->viewport()->width());
        // The second column is whole once it is the first on screen.
        QTest::keyClick(table, Qt::Key_Right);
        QCOMPARE(grid.model()->originColumn(), std::int64_t{1});
        QCOMPARE(firstElided(grid), QString());
        // Back to normal notation, the first column fits its text again.
        document.setDisplayOptions(DisplayOptions{});
        grid.goToCell(0, 0);
        QCOMPARE(firstElided(grid), QString());
        QVERIFY(table->horizontalHeader()->sectionSize(0) < table->viewport()->width() / 2);
    }

    void columnsNarrowAgain()
    {
        // Wide values only in the first rows of column 1.
        testing::exec("narrowing = np.zeros((500, 3))\nnarrowing[:3, 1] = -1.2345678901234567e-300");
        ArrayDocument document(testing::buffer("narrowing"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {700, 300}));
        const QHeaderView* header = grid.tableView()->horizontalHeader();
        const int narrow = header->sectionSize(0);
        const int wide = header->sectionSize(1);
        QVERIFY2(wide > narrow + 50, qPrintable(QString("%1 vs %2").arg(wide).arg(narrow)));
        QCOMPARE(header->sectionSize(2), narrow);
        QCOMPARE(firstElided(grid), QString());

        // Scrolled past the wide values, the column is as narrow as its neighbours.
        gridBar(grid, Qt::Vertical)->setValue(100);
        QCOMPARE(grid.model()->originRow(), std::int64_t{100});
        QCOMPARE(header->sectionSize(1), narrow);
        // Back up, wide again.
        gridBar(grid, Qt::Vertical)->setValue(2);
        QCOMPARE(header->sectionSize(1), wide);
        QCOMPARE(firstElided(grid), QString());

        // An edit that makes the last wide value on screen narrow.
        gridBar(grid, Qt::Vertical)->setValue(0);
        QVERIFY(document.setCellText(0, 1, "0"));
        QVERIFY(document.setCellText(1, 1, "0"));
        QCOMPARE(header->sectionSize(1), wide);
        QVERIFY(document.setCellText(2, 1, "0"));
        QCOMPARE(header->sectionSize(1), narrow);

        // New display options: scientific notation with many digits widens every
        // column, and going back narrows them again.
        DisplayOptions options;
        options.floatStyle = DisplayOptions::FloatStyle::Scientific;
        options.precision = 12;
        document.setDisplayOptions(options);
        QVERIFY(header->sectionSize(0) > narrow);
        QCOMPARE(firstElided(grid), QString());
        document.setDisplayOptions(DisplayOptions{});
        QCOMPARE(header->sectionSize(0), narrow);
    }

    void shapedTextPaintsWhatDrawTextPaints_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("number") << QStringLiteral("-1234.5678901234567e-300");
        QTest::newRow("ascii text") << QStringLiteral("Hello, world! {x} [0] ~");
        QTest::newRow("spaces") << QStringLiteral("  a  b  ");
        QTest::newRow("accents") << QStringLiteral("d\u00e9j\u00e0 vu");
        QTest::newRow("cjk") << QStringLiteral("\u65e5\u672c\u8a9e");
        QTest::newRow("placeholder") << ArrayDocument::kPendingText;
        QTest::newRow("rounded") << QStringLiteral("-0.142857\u2026");
        QTest::newRow("latin-1") << QStringLiteral("\u00b1 \u00b5m \u00d7 \u00bd \u00e9\u00e8\u00ea\u00a0\u00ff");
        QTest::newRow("dashes and quotes") << QStringLiteral("\u2013 \u2014 \u2018x\u2019 \u201cy\u201d");
        QTest::newRow("failed") << ArrayDocument::kFailedText;
    }

    void shapedTextPaintsWhatDrawTextPaints()
    {
        // The grid's glyph runs put the same pixels where QPainter::drawText
        // (a full layout) puts them, and measure the same advance.
        QFETCH(QString, text);
        const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        ShapedTextCache cache(font);
        const QFontMetricsF metrics(font);
        QCOMPARE(cache.width(text), metrics.horizontalAdvance(text));
        QImage shaped(400, 40, QImage::Format_ARGB32_Premultiplied);
        QImage reference = shaped;
        shaped.fill(Qt::white);
        reference.fill(Qt::white);
        for (int round = 0; round < 2; ++round) { // the second draw comes from the cache
            shaped.fill(Qt::white);
            QPainter painter(&shaped);
            painter.setPen(Qt::black);
            cache.draw(painter, QPointF(3, 5), text);
        }
        {
            QPainter painter(&reference);
            painter.setFont(font);
            painter.setPen(Qt::black);
            painter.drawText(QPointF(3, 5 + metrics.ascent()), text);
        }
        QVERIFY(shaped != QImage(400, 40, QImage::Format_ARGB32_Premultiplied)); // something was drawn
        int inked = 0;
        for (int y = 0; y < shaped.height(); ++y)
            for (int x = 0; x < shaped.width(); ++x)
                inked += shaped.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY(inked > 0);
        QCOMPARE(shaped, reference);
    }

    void cellsArePaintedWhereTheStyleWouldPaintThem()
    {
        // The grid paints text, check boxes, the selection and the grid
        // lines where QTableView with QStyledItemDelegate (the style's
        // layout) does: the same inked bounding box in every cell of a grid
        // of numbers, text and bools, the same grid lines.
        testing::exec("mixed = np.zeros(4, dtype=[('x', '<f8'), ('name', 'U8'), ('ok', '?')])\n"
                      "mixed['x'] = [1.5, -2.25e-12, 1e300, 7]\n"
                      "mixed['name'] = ['alpha', 'beta', 'gamma', 'd']\n"
                      "mixed['ok'] = [True, False, True, False]\n");
        ArrayDocument document(testing::buffer("mixed"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {600, 300}));
        QTableView* table = grid.tableView();
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier); // a selection of two cells
        QCoreApplication::processEvents();
        const QImage ours = table->viewport()->grab().toImage();
        QAbstractItemDelegate* delegate = table->itemDelegate();
        QStyledItemDelegate styled;
        table->setItemDelegate(&styled);
        table->viewport()->repaint();
        const QImage theirs = table->viewport()->grab().toImage();
        table->setItemDelegate(delegate);
        const ArrayTableModel& model = *grid.model();
        for (int r = 0; r < model.rowCount(); ++r)
            for (int c = 0; c < model.columnCount(); ++c) {
                const QRect rect = table->visualRect(model.index(r, c)).intersected(ours.rect());
                if (rect.isEmpty())
                    continue;
                const QColor background = theirs.pixelColor(rect.topLeft());
                QCOMPARE(ours.pixelColor(rect.topLeft()), background);
                const auto inkedBox = [&](const QImage& image) {
                    QRect box;
                    for (int y = rect.top(); y <= rect.bottom(); ++y)
                        for (int x = rect.left(); x <= rect.right(); ++x)
                            if (image.pixelColor(x, y) != background)
                                box |= QRect(x, y, 1, 1);
                    return box;
                };
                const QRect a = inkedBox(ours);
                const QRect b = inkedBox(theirs);
                QVERIFY2(!b.isEmpty(), qPrintable(QString("cell %1, %2 paints nothing").arg(r).arg(c)));
                // The grid lines on its right and below it, pixel for pixel
                // (the grid draws them itself, as rectangles).
                for (int y = rect.top(); y <= rect.bottom() + 1 && y < ours.height(); ++y)
                    if (rect.right() + 1 < ours.width())
                        QCOMPARE(ours.pixelColor(rect.right() + 1, y), theirs.pixelColor(rect.right() + 1, y));
                for (int x = rect.left(); x <= rect.right() && rect.bottom() + 1 < ours.height(); ++x)
                    QCOMPARE(ours.pixelColor(x, rect.bottom() + 1), theirs.pixelColor(x, rect.bottom() + 1));
                // Within a pixel: the style rounds the text's position to whole pixels.
                QVERIFY2(std::abs(a.left() - b.left()) <= 1 && std::abs(a.right() - b.right()) <= 1 &&
                             std::abs(a.top() - b.top()) <= 1 && std::abs(a.bottom() - b.bottom()) <= 1,
                         qPrintable(QString("cell %1, %2: ours (%3, %4)-(%5, %6), the style's (%7, %8)-(%9, %10)")
                                        .arg(r).arg(c)
                                        .arg(a.left()).arg(a.top()).arg(a.right()).arg(a.bottom())
                                        .arg(b.left()).arg(b.top()).arg(b.right()).arg(b.bottom())));
            }
    }

    void heatMapColoursCellsByValue()
    {
        // Each cell's background is its value's colour on the scale, NaN and
        // ±inf in their own colours, over the range of the cells on screen;
        // text stays readable; the range follows the screen as it scrolls.
        testing::exec("heat = np.arange(400 * 4, dtype=np.float64).reshape(400, 4)\n"
                      "heat[1, 1] = np.nan\nheat[1, 2] = np.inf\nheat[1, 3] = -np.inf\n");
        ArrayDocument document(testing::buffer("heat"));
        ArrayGridView grid(&document);
        ColorScaleModel scale;
        grid.setColorScale(&scale);
        QVERIFY(showActive(grid, {600, 300}));
        QVERIFY(!scale.hasRange()); // off: no range asked for
        scale.setColormap("viridis");
        scale.setHeatMapEnabled(true);
        QCoreApplication::processEvents();
        QVERIFY(scale.hasRange());
        QTableView* table = grid.tableView();
        const ArrayTableModel& model = *grid.model();
        const int shownRows = model.rowCount();
        QCOMPARE(scale.low(), 0.0);
        QCOMPARE(scale.high(), double((shownRows - 1) * 4 + 3));
        const QImage image = table->viewport()->grab().toImage();
        const auto background = [&](int r, int c) {
            const QRect rect = table->visualRect(model.index(r, c));
            return image.pixelColor(rect.left() + 1, rect.top() + 1).rgb();
        };
        QCOMPARE(background(2, 1), scale.rgb(9.0) | 0xff000000);
        QCOMPARE(background(3, 3), scale.rgb(15.0) | 0xff000000);
        QVERIFY(background(2, 1) != background(3, 3));
        QCOMPARE(background(1, 1), scale.rgb(std::nan("")) | 0xff000000);
        QCOMPARE(background(1, 2), scale.rgb(INFINITY) | 0xff000000);
        QCOMPARE(background(1, 3), scale.rgb(-INFINITY) | 0xff000000);
        QCOMPARE(scale.rgb(std::nan("")), qRgb(ColorScale::kNanColor.r, ColorScale::kNanColor.g, ColorScale::kNanColor.b));
        // The text is painted, in black or white as reads better.
        const QRect cell = table->visualRect(model.index(2, 1));
        int dark = 0;
        int light = 0;
        for (int y = cell.top(); y <= cell.bottom(); ++y)
            for (int x = cell.left(); x <= cell.right(); ++x) {
                const QColor color = image.pixelColor(x, y);
                dark += color.lightness() < 40;
                light += color.lightness() > 215;
            }
        QVERIFY2(dark + light > 5, qPrintable(QString("dark %1, light %2").arg(dark).arg(light)));
        // Scrolling moves the range with the cells on screen.
        QTest::keyClick(table, Qt::Key_PageDown);
        QCoreApplication::processEvents();
        QVERIFY(scale.low() > 0);
        QCOMPARE(scale.low(), double(model.originRow() * 4));
        // A range typed in stays put.
        scale.setManualRange(-10, 10);
        QTest::keyClick(table, Qt::Key_PageDown);
        QCOMPARE(scale.low(), -10.0);
        // Off: the view's own background again.
        scale.setHeatMapEnabled(false);
        table->viewport()->repaint();
        const QImage plain = table->viewport()->grab().toImage();
        const QRect rect = table->visualRect(model.index(2, 1));
        QCOMPARE(plain.pixelColor(rect.left() + 1, rect.top() + 1), table->palette().color(QPalette::Base));
    }

    void heatMapRangeOfTheWholeView()
    {
        // In whole-view mode the range is the view's least and greatest
        // finite value (NaN and inf have colours of their own), found in the
        // background (the screen's until then), and found again after an edit.
        testing::exec("spread = np.arange(2000 * 10, dtype=np.float64).reshape(2000, 10) / 3\n"
                      "spread[-1, -1] = 1e6\nspread[-2, 0] = np.nan\nspread[-3, 0] = np.inf\n");
        ArrayViewTab tab(std::make_shared<BufferData>(testing::buffer("spread")), "spread", {});
        tab.resize(700, 400);
        tab.show();
        ColorScaleModel* scale = tab.colorScale();
        scale->setHeatMapEnabled(true);
        QCoreApplication::processEvents();
        QVERIFY(scale->high() < 1000); // the screen's
        scale->setRangeMode(ColorScaleModel::RangeMode::WholeView);
        QTRY_COMPARE_WITH_TIMEOUT(scale->high(), 1e6, 10000);
        QCOMPARE(scale->low(), 0.0);
        QVERIFY(tab.document()->setCellText(5, 5, "-7"));
        QTRY_COMPARE_WITH_TIMEOUT(scale->low(), -7.0, 10000);
        QCOMPARE(scale->high(), 1e6);
        scale->setRangeMode(ColorScaleModel::RangeMode::VisibleWindow);
        QCoreApplication::processEvents();
        QTRY_VERIFY_WITH_TIMEOUT(scale->high() < 1000, 10000);
    }

    void columnsResizeByHand()
    {
        // Dragging the line between two column headers sizes the column on
        // its left; the width stays while scrolling and through new display
        // options; a double click on the line fits the column again.
        testing::exec("hand = np.arange(200 * 6, dtype=np.float64).reshape(200, 6) / 7\n");
        ArrayDocument document(testing::buffer("hand"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {700, 300}));
        QHeaderView* header = grid.tableView()->horizontalHeader();
        QWidget* viewport = header->viewport();
        const int fitted = header->sectionSize(1);
        const int edge = header->sectionViewportPosition(1) + fitted;
        const int y = header->height() / 2;
        const auto send = [&](QEvent::Type type, int x, Qt::MouseButtons buttons) {
            QMouseEvent event(type, QPointF(x, y), viewport->mapToGlobal(QPointF(x, y)),
                              type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, buttons, Qt::NoModifier);
            QCoreApplication::sendEvent(viewport, &event);
        };
        send(QEvent::MouseMove, edge, Qt::NoButton);
        QCOMPARE(viewport->cursor().shape(), Qt::SplitHCursor);
        send(QEvent::MouseMove, header->sectionViewportPosition(1) + fitted / 2, Qt::NoButton);
        QCOMPARE(viewport->cursor().shape(), Qt::ArrowCursor);
        const CellSelection before = document.selection();
        send(QEvent::MouseButtonPress, edge, Qt::LeftButton);
        send(QEvent::MouseMove, edge + 30, Qt::LeftButton);
        send(QEvent::MouseMove, edge + 70, Qt::LeftButton);
        send(QEvent::MouseButtonRelease, edge + 70, Qt::NoButton);
        QCOMPARE(header->sectionSize(1), fitted + 70);
        QVERIFY(document.selection() == before); // a drag on an edge selects no columns
        QTest::keyClick(grid.tableView(), Qt::Key_PageDown);
        QCOMPARE(header->sectionSize(1), fitted + 70);
        const DisplayOptions shown = document.displayOptions();
        DisplayOptions options;
        options.floatStyle = DisplayOptions::FloatStyle::Fixed;
        options.precision = 3;
        document.setDisplayOptions(options);
        QCOMPARE(header->sectionSize(1), fitted + 70);
        document.setDisplayOptions(shown);
        QTest::keyClick(grid.tableView(), Qt::Key_Home, Qt::ControlModifier); // the rows it was fitted to
        QCOMPARE(header->sectionSize(1), fitted + 70);
        // Narrower than the text: it is cut with an ellipsis, by the user's choice.
        send(QEvent::MouseButtonPress, edge + 70, Qt::LeftButton);
        send(QEvent::MouseMove, 0, Qt::LeftButton);
        send(QEvent::MouseButtonRelease, 0, Qt::NoButton);
        QVERIFY(header->sectionSize(1) < fitted);
        QVERIFY(header->sectionSize(1) > 0);
        const int narrow = header->sectionSize(1);
        send(QEvent::MouseButtonDblClick, header->sectionViewportPosition(1) + narrow, Qt::LeftButton);
        QCOMPARE(header->sectionSize(1), fitted);
    }

    void scrollBarsPaintAsQScrollBar()
    {
        // The grid's bars draw their groove and arrows from a pixmap and
        // only the slider each time: the same pixels as QScrollBar, at both
        // ends and in between, after moving, in both orientations.
        for (const Qt::Orientation orientation : {Qt::Vertical, Qt::Horizontal}) {
            GridScrollBar ours(orientation);
            QScrollBar theirs(orientation);
            for (QScrollBar* bar : {static_cast<QScrollBar*>(&ours), &theirs}) {
                bar->resize(orientation == Qt::Vertical ? QSize(16, 500) : QSize(500, 16));
                bar->setRange(0, 1000);
                bar->setPageStep(40);
            }
            for (const int value : {0, 1, 333, 999, 1000, 500}) {
                ours.setValue(value);
                theirs.setValue(value);
                const QImage a = ours.grab().toImage();
                const QImage b = theirs.grab().toImage();
                QVERIFY(!b.isNull());
                QCOMPARE(a, b);
            }
            // The slider moved: a different picture (the comparison sees it).
            theirs.setValue(0);
            QVERIFY(ours.grab().toImage() != theirs.grab().toImage());
        }
    }

    void screenshot()
    {
        testing::exec("shot = (np.arange(-300, 300).reshape(30, 20) * 1.37 ** np.arange(20)).astype(np.float64)\n"
                      "shot[3, 3] = np.nan\nshot[4, 4] = -np.inf\nshot[5, 5] = 1 / 3\n");
        ArrayDocument document(testing::buffer("shot"));
        document.setSlice(SliceSpec::parse("2:, 1::2"));
        ArrayGridView grid(&document);
        QVERIFY(showActive(grid, {900, 420}));
        QTest::keyClick(grid.tableView(), Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(grid.tableView(), Qt::Key_Right, Qt::ShiftModifier);
        QCoreApplication::processEvents();
        QVERIFY(grid.grab().save("/tmp/grid.png"));
        // Every visible cell is wide enough for its text (no elision).
        QCOMPARE(firstElided(grid), QString());
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(ArrayGridTest)

#include "test_array_grid.moc"
