// SPDX-License-Identifier: MIT
// Plots: the reductions behind them (LineEnvelope: min/max per bucket of a
// row or column; ValueHistogram) on real NumPy arrays — strided, reversed
// and 2-D slices, NaN, ±inf, int64 extremes, complex, masked, a zarr array
// read through its tiles, cancel — checked against NumPy's own answers; and
// the widgets: the pixels of a ramp's line lie on the diagonal, histogram
// bars are as tall as their counts, the index axis shows the true indices
// of a ::-2 slice, a click on the line selects its cell, and the plot
// follows the selection and edits.
#include "test_support.h"

#include "core/buffer_source.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_array.h"
#include "core/lazy_source.h"
#include "core/line_envelope.h"
#include "core/slice_spec.h"
#include "core/value_histogram.h"
#include "ui/array_document.h"
#include "ui/plot_panel.h"
#include "ui/plot_view.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>

#include <cmath>
#include <limits>

using namespace arraylens;

namespace {

std::shared_ptr<BufferSource> bufferSource(const std::string& expression, const std::string& slice = "")
{
    return std::make_shared<BufferSource>(StridedView(testing::buffer(expression), SliceSpec::parse(slice)));
}

/// A Python float expression's value, exactly (repr round-trips).
double pythonDouble(const std::string& expression)
{
    return std::stod(testing::str("float(" + expression + ")"));
}

std::int64_t pythonInt(const std::string& expression)
{
    return std::stoll(testing::str("int(" + expression + ")"));
}

CellRange wholeColumn(const ArraySource& source, std::int64_t column = 0)
{
    return CellRange{0, source.rows(), column, 1};
}

/// Every bucket's min, max, first, last and flags are NumPy's over the same
/// cells of `run` (a 1-D NumPy expression holding the run's values).
QString envelopeMismatch(const LineEnvelope& envelope, const std::string& run)
{
    testing::exec("_run = np.asarray(" + run + ", dtype=float)");
    if (envelope.length() != pythonInt("_run.size"))
        return "length " + QString::number(envelope.length());
    for (std::int64_t b = 0; b < envelope.bucketCount(); ++b) {
        const std::string cells = "_run[" + std::to_string(envelope.bucketBegin(b)) + ":" +
                                  std::to_string(envelope.bucketBegin(b + 1)) + "]";
        testing::exec("_b = " + cells + "\n_f = _b[np.isfinite(_b)]");
        const EnvelopeBucket& bucket = envelope.bucket(b);
        const bool anyFinite = pythonInt("_f.size") > 0;
        const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
        if (anyFinite != std::isfinite(bucket.min) ||
            (anyFinite && (bucket.min != pythonDouble("_f.min()") || bucket.max != pythonDouble("_f.max()"))) ||
            !same(bucket.first, pythonDouble("_b[0]")) || !same(bucket.last, pythonDouble("_b[-1]")) ||
            bucket.hasNaN != (pythonInt("np.isnan(_b).sum()") > 0) ||
            bucket.hasPosInf != (pythonInt("(_b == np.inf).sum()") > 0) ||
            bucket.hasNegInf != (pythonInt("(_b == -np.inf).sum()") > 0))
            return QString("bucket %1 (cells %2 … %3): min %4, max %5")
                .arg(b)
                .arg(envelope.bucketBegin(b))
                .arg(envelope.bucketBegin(b + 1) - 1)
                .arg(bucket.min)
                .arg(bucket.max);
        if (envelope.bucketOf(envelope.bucketBegin(b)) != b || envelope.bucketOf(envelope.bucketBegin(b + 1) - 1) != b)
            return QString("bucketOf disagrees with bucketBegin at bucket %1").arg(b);
    }
    return {};
}

/// Pixels of `image` inside `area` that are mostly the plot's line colour (blue).
std::vector<QPoint> bluePixels(const QImage& image, const QRect& area)
{
    std::vector<QPoint> points;
    for (int y = area.top() + 1; y < area.bottom(); ++y)
        for (int x = area.left() + 1; x < area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.blue() > 120 && c.red() < 150 && c.blue() - c.red() > 60)
                points.emplace_back(x, y);
        }
    return points;
}

/// Shows `panel` over `document` (as the view tab does) and waits for its first plot.
[[nodiscard]] bool firstPlot(PlotPanel& panel, ArrayDocument& document, QSignalSpy& shown)
{
    panel.resize(640, 300);
    panel.setDocument(&document);
    panel.show();
    return shown.wait(5000);
}

QImage grabbed(QWidget& widget)
{
    return widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

} // namespace

class PlotsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineEnvelopeKeepsEveryValueOfAShortRun()
    {
        const auto source = bufferSource("np.arange(100, dtype='f8') * 0.5");
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), 1000);
        QVERIFY(envelope);
        QVERIFY(envelope->isExact());
        QCOMPARE(envelope->bucketCount(), 100);
        QCOMPARE(envelope->bucket(37).min, 18.5);
        QCOMPARE(envelope->finiteMin(), 0.0);
        QCOMPARE(envelope->finiteMax(), 49.5);
        QCOMPARE(envelopeMismatch(*envelope, "np.arange(100, dtype='f8') * 0.5"), QString());
    }

    void lineEnvelopeMatchesNumPyOnStridedSlices_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("slice");
        QTest::addColumn<bool>("alongRow");
        QTest::addColumn<int>("fixed");
        QTest::addColumn<QString>("run");
        QTest::addColumn<int>("buckets");
        testing::exec("rng = np.random.default_rng(7)\n"
                      "noisy = rng.normal(size=10_007).cumsum()\n"
                      "image = rng.normal(size=(300, 257)).astype('f4')\n"
                      "fimage = np.asfortranarray(image)\n"
                      "gaps = np.sin(np.arange(5000) / 50.0)\n"
                      "gaps[[3, 4, 999, 1000, 4999]] = np.nan\n"
                      "gaps[[10, 2000]] = np.inf\n"
                      "gaps[[11, 3001]] = -np.inf\n"
                      "extremes = np.array([np.iinfo('i8').min, -1, 0, np.iinfo('i8').max] * 300, 'i8')\n"
                      "big_endian = np.arange(999, dtype='>i4') - 500\n"
                      "waves = (np.arange(2000) - 1000) * (3 + 4j)\n" // magnitudes 5 |k|, exact
                      "pil = _testbuffer.ndarray([v * v % 37 for v in range(60)], shape=[6, 10], format='i', "
                      "flags=_testbuffer.ND_PIL)\n"
                      "pil_values = np.array(pil.tolist())\n");
        QTest::newRow("1-D, 7 buckets") << "noisy" << "" << false << 0 << "noisy" << 7;
        QTest::newRow("1-D reversed step 3") << "noisy" << "::-3" << false << 0 << "noisy[::-3]" << 97;
        QTest::newRow("row of a float32 image, step 2") << "image" << ":, ::2" << true << 17 << "image[17, ::2]" << 50;
        QTest::newRow("column of a Fortran-order image") << "fimage" << "" << false << 200 << "fimage[:, 200]" << 40;
        QTest::newRow("column of an offset slice") << "image" << "10:, 5:" << false << 3 << "image[10:, 8]"
                                                      << 33;
        QTest::newRow("NaN and ±inf") << "gaps" << "" << false << 0 << "gaps" << 64;
        QTest::newRow("NaN and ±inf, one per bucket") << "gaps" << "0:40" << false << 0 << "gaps[0:40]" << 100;
        QTest::newRow("int64 extremes") << "extremes" << "" << false << 0 << "extremes" << 13;
        QTest::newRow("big-endian int32") << "big_endian" << "::-1" << false << 0 << "big_endian[::-1]" << 10;
        QTest::newRow("PIL-style suboffsets, a column") << "pil" << "" << false << 7 << "pil_values[:, 7]" << 4;
        QTest::newRow("PIL-style suboffsets, a row") << "pil" << ":, ::-1" << true << 4 << "pil_values[4, ::-1]" << 6;
        QTest::newRow("complex: magnitude") << "waves" << "" << false << 0 << "np.abs(waves)" << 30;
    }

    void lineEnvelopeMatchesNumPyOnStridedSlices()
    {
        QFETCH(QString, setup);
        QFETCH(QString, slice);
        QFETCH(bool, alongRow);
        QFETCH(int, fixed);
        QFETCH(QString, run);
        QFETCH(int, buckets);
        const auto source = bufferSource(setup.toStdString(), slice.toStdString());
        const CellRange range = alongRow ? CellRange{fixed, 1, 0, source->cols()} : wholeColumn(*source, fixed);
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, range, buckets);
        QVERIFY(envelope);
        QCOMPARE(envelope->bucketCount(), std::min<std::int64_t>(buckets, range.cellCount()));
        QCOMPARE(envelopeMismatch(*envelope, run.toStdString()), QString());
        testing::exec("_run = np.asarray(" + run.toStdString() + ", dtype=float)\n_f = _run[np.isfinite(_run)]");
        QCOMPARE(envelope->finiteMin(), pythonDouble("_f.min()"));
        QCOMPARE(envelope->finiteMax(), pythonDouble("_f.max()"));
        QCOMPARE(envelope->nanCount(), pythonInt("np.isnan(_run).sum()"));
        QCOMPARE(envelope->posInfCount(), pythonInt("(_run == np.inf).sum()"));
        QCOMPARE(envelope->negInfCount(), pythonInt("(_run == -np.inf).sum()"));
    }

    void int64ExtremesStayAtTheirEnds()
    {
        // As doubles: -2^63 exactly, 2^63 - 1 rounds to 2^63; neither wraps.
        const auto source = bufferSource("extremes");
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), 3);
        QVERIFY(envelope);
        QCOMPARE(envelope->finiteMin(), -9223372036854775808.0);
        QCOMPARE(envelope->finiteMax(), 9223372036854775808.0);
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, CellRange::whole(source->view()));
        QVERIFY(histogram);
        QCOMPARE(histogram->count(0), 300);                          // the minimum, alone in the first bin
        QCOMPARE(histogram->count(histogram->binCount() - 1), 300);  // the maximum in the last
        QCOMPARE(histogram->finiteCount(), 1200);
    }

    void maskedCellsAreGapsCountedApart()
    {
        const auto source = bufferSource("np.ma.masked_array(np.arange(10.0), mask=[0, 1, 1, 0, 0, 0, 0, 0, 0, 1])");
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), 10);
        QVERIFY(envelope);
        QCOMPARE(envelope->maskedCount(), 3);
        QCOMPARE(envelope->nanCount(), 0);
        QVERIFY(envelope->bucket(1).hasNaN && !std::isfinite(envelope->bucket(1).min));
        QCOMPARE(envelope->finiteMax(), 8.0);
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, wholeColumn(*source));
        QVERIFY(histogram);
        QCOMPARE(histogram->maskedCount(), 3);
        QCOMPARE(histogram->finiteCount(), 7);
    }

    void lazySourceIsReadThroughItsTiles()
    {
        testing::exec("import zarr\n"
                      "lazy_values = np.cos(np.arange(3000) / 40.0)\n"
                      "lazy_values[1234] = np.nan\n"
                      "lazy = zarr.array(lazy_values, chunks=(128,))");
        std::shared_ptr<LazyArray> array;
        {
            GilGuard gil;
            const PyObjectRef object = testing::eval("lazy");
            array = LazyArray::open(PyHandle(object.get()));
        }
        QVERIFY(array);
        const auto source = std::make_shared<LazySource>(array, SliceSpec::parse("::-2"), false, std::string());
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), 50);
        QVERIFY(envelope);
        QCOMPARE(envelopeMismatch(*envelope, "lazy_values[::-2]"), QString());
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, wholeColumn(*source));
        QVERIFY(histogram);
        QCOMPARE(histogram->finiteCount() + histogram->nanCount(), 1500);
    }

    void readingCancelsWithinABand()
    {
        const auto source = bufferSource("np.zeros(1_000_000)");
        std::int64_t calls = 0;
        const auto stop = [&](std::int64_t done) {
            ++calls;
            return done < 2 * ValueScanner::kBandCells; // the second band stops it
        };
        QVERIFY(!LineEnvelope::read(*source, wholeColumn(*source), 500, stop));
        QCOMPARE(calls, 2);
        calls = 0;
        QVERIFY(!ValueHistogram::read(*source, wholeColumn(*source), 64, stop));
        QCOMPARE(calls, 2);
    }

    void valuesWithoutNumbersAreRefusedClearly()
    {
        const auto source = bufferSource("np.array(['a', 'bc'])");
        QVERIFY_THROWS_EXCEPTION(Error, (void)LineEnvelope::read(*source, wholeColumn(*source), 10));
        const std::string why = ValueScanner::whyNotNumeric(*source, wholeColumn(*source));
        QVERIFY2(why.find("<U2") != std::string::npos || why.find("U2") != std::string::npos, why.c_str());
        const auto rows = bufferSource("np.zeros((2, 2))");
        QVERIFY_THROWS_EXCEPTION(Error, (void)LineEnvelope::read(*rows, CellRange{0, 2, 0, 2}, 10));
    }

    void histogramOfIntegersHasOneBinPerValue()
    {
        testing::exec("levels = np.random.default_rng(3).integers(10, 60, size=(64, 48)).astype('u1')");
        const auto source = bufferSource("levels", "::2, 1:");
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, CellRange::whole(source->view()));
        QVERIFY(histogram);
        testing::exec("_v = levels[::2, 1:].ravel()\n_counts = np.bincount(_v - _v.min())");
        QCOMPARE(histogram->binCount(), pythonInt("_counts.size"));
        QCOMPARE(histogram->edge(0), pythonDouble("_v.min() - 0.5"));
        for (int b = 0; b < histogram->binCount(); ++b)
            QCOMPARE(histogram->count(b), pythonInt("_counts[" + std::to_string(b) + "]"));
        // A bool view: two bins, False and True.
        const auto flags = bufferSource("np.arange(10) % 3 == 0");
        const std::optional<ValueHistogram> truth = ValueHistogram::read(*flags, wholeColumn(*flags));
        QVERIFY(truth);
        QCOMPARE(truth->binCount(), 2);
        QCOMPARE(truth->count(0), 6);
        QCOMPARE(truth->count(1), 4);
    }

    void histogramOfFloatsMatchesNumPyWithTheSameEdges()
    {
        testing::exec("normal = np.random.default_rng(5).normal(3.0, 2.0, size=100_000)\n"
                      "normal[::1000] = np.nan\n"
                      "normal[7] = np.inf\n"
                      "normal[8] = -np.inf");
        const auto source = bufferSource("normal", "::-1");
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, wholeColumn(*source));
        QVERIFY(histogram);
        QCOMPARE(histogram->nanCount(), 100);
        QCOMPARE(histogram->posInfCount(), 1);
        QCOMPARE(histogram->negInfCount(), 1);
        testing::exec("_f = normal[np.isfinite(normal)]");
        QCOMPARE(histogram->finiteCount(), pythonInt("_f.size"));
        QCOMPARE(histogram->min(), pythonDouble("_f.min()"));
        QCOMPARE(histogram->max(), pythonDouble("_f.max()"));
        // Freedman–Diaconis for 10^5 normal values: about 2 IQR / n^(1/3) =
        // 0.12 wide over a range of about 17: 128 bins (the power of two nearest 140).
        const int bins = histogram->binCount();
        QVERIFY2(bins == 128 || bins == 256, QByteArray::number(bins));
        testing::exec("_counts, _ = np.histogram(_f, bins=" + std::to_string(bins) + ", range=(_f.min(), _f.max()))");
        std::int64_t total = 0;
        std::int64_t differences = 0;
        for (int b = 0; b < bins; ++b) {
            total += histogram->count(b);
            differences += std::abs(histogram->count(b) - pythonInt("_counts[" + std::to_string(b) + "]"));
        }
        QCOMPARE(total, histogram->finiteCount());
        QVERIFY2(differences <= 2, QByteArray::number(differences)); // a value on an edge may round either way
        QCOMPARE(histogram->largestCount(), pythonInt("_counts.max()"));
    }

    void plotOfARampLiesOnTheDiagonal()
    {
        for (const int n : {60, 100'000}) { // every point, and one min/max span per pixel column
            const auto source = bufferSource("np.arange(" + std::to_string(n) + ", dtype='f8')");
            PlotView view;
            view.resize(500, 320);
            const std::optional<LineEnvelope> envelope =
                LineEnvelope::read(*source, wholeColumn(*source), view.bucketsWanted());
            QVERIFY(envelope);
            QCOMPARE(envelope->isExact(), n == 60);
            view.showLine(*envelope, PlotIndexAxis{"index", [](std::int64_t i) { return QString::number(i); }, true, 0, 1},
                          "float64");
            const QImage image = grabbed(view);
            const QRect area = view.plotArea();
            const std::vector<QPoint> line = bluePixels(image, area);
            QVERIFY2(line.size() > static_cast<std::size_t>(area.width()) / 2, QByteArray::number(qulonglong(line.size())));
            const double x0 = view.xOfIndex(0), y0 = view.yOfValue(0);
            const double x1 = view.xOfIndex(n - 1), y1 = view.yOfValue(n - 1);
            QVERIFY(y1 < y0 - area.height() / 2); // rising, over most of the height
            for (const QPoint& p : line) {
                // Distance from the line through (x0, y0) and (x1, y1).
                const double distance = std::abs((y1 - y0) * p.x() - (x1 - x0) * p.y() + x1 * y0 - y1 * x0) /
                                        std::hypot(y1 - y0, x1 - x0);
                QVERIFY2(distance < 4.0 || (n == 60 && distance < 5.0),
                         qPrintable(QString("(%1, %2) is %3 px off the diagonal").arg(p.x()).arg(p.y()).arg(distance)));
            }
            // The far corners stay empty: above the diagonal's start, below its end.
            const QColor topLeft = image.pixelColor(static_cast<int>(x0) + 3, static_cast<int>(y1) + 3);
            const QColor bottomRight = image.pixelColor(static_cast<int>(x1) - 3, static_cast<int>(y0) - 3);
            QVERIFY(topLeft.lightness() > 200 && bottomRight.lightness() > 200);
        }
    }

    void nanLeavesAGapAndInfIsMarkedAtTheEdge()
    {
        const auto source = bufferSource("np.r_[np.ones(100), np.full(100, np.nan), np.full(100, 2.0), "
                                         "[np.inf], np.full(99, 2.0)]");
        PlotView view;
        view.resize(460, 300);
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), view.bucketsWanted());
        QVERIFY(envelope);
        view.showLine(*envelope, PlotIndexAxis{"index", [](std::int64_t i) { return QString::number(i); }, true, 0, 1},
                      "float64");
        const QImage image = grabbed(view);
        const QRect area = view.plotArea();
        const auto blueInColumn = [&](double x) {
            for (int y = area.top() + 1; y < area.bottom(); ++y) {
                const QColor c = image.pixelColor(static_cast<int>(std::lround(x)), y);
                if (c.blue() > 120 && c.blue() - c.red() > 60)
                    return true;
            }
            return false;
        };
        QVERIFY(blueInColumn(view.xOfIndex(50)));
        QVERIFY(!blueInColumn(view.xOfIndex(150))); // the NaN gap
        QVERIFY(blueInColumn(view.xOfIndex(250)));
        // A red marker at the top edge above the +inf cell.
        bool marked = false;
        const int x = static_cast<int>(std::lround(view.xOfIndex(300)));
        for (int dx = -3; dx <= 3; ++dx)
            for (int y = area.top() - 6; y <= area.top() + 6; ++y) {
                const QColor c = image.pixelColor(x + dx, y);
                marked = marked || (c.red() > 180 && c.green() < 90 && c.blue() < 90);
            }
        QVERIFY(marked);
    }

    void histogramBarsAreAsTallAsTheirCounts()
    {
        const auto source = bufferSource("np.repeat([0, 1, 2, 3], [10, 20, 40, 5])");
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, wholeColumn(*source));
        QVERIFY(histogram);
        QCOMPARE(histogram->binCount(), 4);
        PlotView view;
        view.resize(420, 330);
        view.showHistogram(*histogram, "int64");
        const QImage image = grabbed(view);
        const QRect area = view.plotArea();
        const auto barHeight = [&](int bin) {
            const double center = (histogram->edge(bin) + histogram->edge(bin + 1)) / 2;
            const int x = area.left() + static_cast<int>((center - histogram->edge(0)) /
                                                         (histogram->edge(4) - histogram->edge(0)) * area.width());
            int height = 0;
            for (int y = area.bottom() - 1; y > area.top(); --y) {
                const QColor c = image.pixelColor(x, y);
                if (c.blue() - c.red() > 30)
                    ++height;
            }
            return height;
        };
        const int unit = barHeight(0); // 10 values
        QVERIFY(unit > 20);
        QVERIFY2(std::abs(barHeight(1) - 2 * unit) <= 2, qPrintable(QString("%1 vs %2").arg(barHeight(1)).arg(unit)));
        QVERIFY2(std::abs(barHeight(2) - 4 * unit) <= 3, qPrintable(QString("%1 vs %2").arg(barHeight(2)).arg(unit)));
        QVERIFY2(std::abs(2 * barHeight(3) - unit) <= 2, qPrintable(QString("%1 vs %2").arg(barHeight(3)).arg(unit)));
    }

    void indexAxisShowsTheTrueIndicesOfAReversedSlice()
    {
        ArrayDocument document(testing::buffer("np.arange(100.0) ** 2"));
        document.setSlice(SliceSpec::parse("::-2"));
        PlotPanel panel;
        QSignalSpy shown(&panel, &PlotPanel::plotShown);
        QVERIFY(firstPlot(panel, document, shown));
        QVERIFY(panel.plotView()->hasLine());
        QCOMPARE(panel.plotView()->envelope()->length(), 50);
        const QStringList ticks = panel.plotView()->indexTickLabels();
        QVERIFY2(ticks.size() >= 3, qPrintable(ticks.join(' ')));
        QCOMPARE(ticks.front(), QString("99")); // view index 0 is element 99
        for (qsizetype t = 0; t < ticks.size(); ++t) {
            const int label = ticks[t].toInt();
            QVERIFY2(label % 2 == 1, qPrintable(ticks.join(' '))); // ::-2 from 99: odd indices only
            if (t > 0)
                QVERIFY2(label < ticks[t - 1].toInt(), qPrintable(ticks.join(' ')));
        }
        QVERIFY2(panel.caption().contains("99 … 1"), qPrintable(panel.caption()));
        // The readout under the mouse names the true index and its value.
        PlotView* view = panel.plotView();
        QTest::mouseMove(view, QPoint(static_cast<int>(std::lround(view->xOfIndex(2))), view->plotArea().center().y()));
        QCOMPARE(view->readout(), QString("index 95: 9025"));
    }

    void clickOnTheLineSelectsItsCell()
    {
        ArrayDocument document(testing::buffer("np.arange(40 * 30, dtype='f4').reshape(40, 30)"));
        CellSelection selection = document.selection();
        selection.moveCursor(5, 12, false, 40, 30);
        document.setSelection(selection);
        PlotPanel panel;
        panel.setMode(PlotPanel::Mode::LineOfCursorColumn);
        QSignalSpy shown(&panel, &PlotPanel::plotShown);
        QSignalSpy selected(&panel, &PlotPanel::cellSelected);
        QVERIFY(firstPlot(panel, document, shown));
        QVERIFY2(panel.caption().startsWith("Line of column 12, rows 0 … 39"), qPrintable(panel.caption()));
        PlotView* view = panel.plotView();
        QTest::mouseClick(view, Qt::LeftButton, {},
                          QPoint(static_cast<int>(std::lround(view->xOfIndex(27))), view->plotArea().center().y()));
        QCOMPARE(document.selection().cursorRow(), 27);
        QCOMPARE(document.selection().cursorColumn(), 12);
        QCOMPARE(selected.count(), 1);
        // The column stays plotted (the cursor is still on it): no re-read.
        QVERIFY(!shown.wait(400));
    }

    void plotFollowsTheSelectionAndTheValues()
    {
        ArrayDocument document(testing::buffer("np.zeros((20, 50))"));
        PlotPanel panel;
        QSignalSpy shown(&panel, &PlotPanel::plotShown);
        QVERIFY(firstPlot(panel, document, shown));
        QVERIFY2(panel.caption().startsWith("Line of row 0, columns 0 … 49"), qPrintable(panel.caption()));
        // A selected column (part of one) is what is plotted.
        CellSelection selection = document.selection();
        selection.moveCursor(3, 7, false, 20, 50);
        selection.moveCursor(15, 7, true, 20, 50);
        document.setSelection(selection);
        QVERIFY(shown.wait(5000));
        QVERIFY2(panel.caption().startsWith("Line of column 7, rows 3 … 15"), qPrintable(panel.caption()));
        // An edit under the plot is read again.
        QVERIFY(document.setCellText(9, 7, "42.5"));
        QVERIFY(shown.wait(5000));
        QCOMPARE(panel.plotView()->envelope()->finiteMax(), 42.5);
        // The histogram of the view counts all 1,000 cells: 999 zeros and the edit.
        panel.setMode(PlotPanel::Mode::HistogramOfView);
        QVERIFY(shown.wait(5000));
        QVERIFY(panel.plotView()->hasHistogram());
        QCOMPARE(panel.plotView()->histogram()->finiteCount(), 1000);
        QCOMPARE(panel.plotView()->histogram()->count(0), 999);
        // Text cannot be plotted: the plot says why instead.
        ArrayDocument words(testing::buffer("np.array(['x', 'y', 'z'])"));
        panel.setDocument(&words);
        QTRY_VERIFY(panel.plotView()->message().contains("no numeric reading"));
    }

    void aHundredMillionPointsPlotFast()
    {
        // 10^7 here (the suite also runs under sanitizers); README has 10^8.
        const std::int64_t n = qEnvironmentVariableIntValue("ARRAYLENS_PLOT_POINTS") > 0
                                   ? qEnvironmentVariableIntValue("ARRAYLENS_PLOT_POINTS")
                                   : 10'000'000;
        const auto source = bufferSource("np.sin(np.arange(" + std::to_string(n) + ") / 1e5)");
        QElapsedTimer timer;
        timer.start();
        const std::optional<LineEnvelope> envelope = LineEnvelope::read(*source, wholeColumn(*source), 1200);
        const qint64 lineMs = timer.restart();
        const std::optional<ValueHistogram> histogram = ValueHistogram::read(*source, wholeColumn(*source));
        const qint64 histogramMs = timer.elapsed();
        QVERIFY(envelope && histogram);
        QCOMPARE(envelope->bucketCount(), 1200);
        QVERIFY(envelope->finiteMax() <= 1.0 && envelope->finiteMax() > 0.999);
        qInfo("%lld float64 points: line envelope %lld ms, histogram (two passes) %lld ms", static_cast<long long>(n),
              static_cast<long long>(lineMs), static_cast<long long>(histogramMs));
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(PlotsTest)
#include "test_plots.moc"
