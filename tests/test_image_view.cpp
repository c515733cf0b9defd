// SPDX-License-Identifier: MIT
// The image view (issue 12, item 3): pixels grabbed from the widget and
// compared with the colour scale, RGB(A) pictures, the readout, a click
// making the cell the grid's cursor, zoom and pan, and a 100,000 × 100,000
// memmap drawn without the GUI thread waiting.
#include "test_support.h"

#include "core/array_data.h"
#include "core/gil.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/array_view_tab.h"
#include "ui/color_scale_model.h"
#include "ui/image_view.h"
#include "ui/thread_handoff.h"
#include "ui/view_mode_bar.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>

using namespace arraylens;

namespace {

/// What `expression` (after `setup` statements) evaluates to, opened as the app opens a call's result.
std::shared_ptr<ArrayData> arrayOf(const std::string& expression, const std::string& setup = {})
{
    GilGuard gil;
    return ArrayData::fromObject(PyHandle(testing::eval(expression, setup).get()), expression + " is ");
}

/// Waits until the view has drawn what it asked for.
bool settle(const ImageView& view, int timeoutMs = 60'000)
{
    return QTest::qWaitFor([&] { return !view.isBusy() && (view.wholeSamples() || !view.problem().isEmpty()); },
                           timeoutMs);
}

QRgb rgbOf(Rgba c)
{
    return qRgb(c.r, c.g, c.b);
}

/// The colour on screen at the centre of cell (row, column).
QRgb pixelAt(ImageView& view, std::int64_t row, std::int64_t column)
{
    const QImage shot = view.grab().toImage();
    const QPointF at = view.centreOf(row, column) * view.devicePixelRatioF();
    return shot.pixel(at.toPoint()) | 0xff000000;
}

} // namespace

class TestImageView : public QObject {
    Q_OBJECT

    /// A document and a colour scale over `expression`, shown in a 400 × 300 view.
    struct Shown {
        std::unique_ptr<ArrayDocument> document;
        std::unique_ptr<ColorScaleModel> scale;
        std::unique_ptr<ImageView> view;
    };
    static Shown show(const std::string& expression, const std::string& slice = {})
    {
        Shown shown;
        shown.document = std::make_unique<ArrayDocument>(arrayOf(expression));
        if (!slice.empty())
            shown.document->setSlice(SliceSpec::parse(slice));
        shown.scale = std::make_unique<ColorScaleModel>();
        shown.view = std::make_unique<ImageView>(shown.document.get(), shown.scale.get());
        shown.view->resize(400, 300);
        shown.view->show();
        return shown;
    }

private Q_SLOTS:
    void valuesThroughTheColourScale()
    {
        Shown shown = show("np.arange(12.0).reshape(3, 4)");
        ImageView& view = *shown.view;
        QVERIFY(settle(view));
        QVERIFY(!view.isColorImage());
        QCOMPARE(view.zoom(), 100.0); // fitted: 4 columns in 400 pixels, 3 rows in 300
        // The range comes from the plane: min to max.
        QVERIFY(shown.scale->hasRange());
        QCOMPARE(shown.scale->low(), 0.0);
        QCOMPARE(shown.scale->high(), 11.0);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c)
                QCOMPARE(pixelAt(view, r, c), shown.scale->rgb(r * 4 + c));
        QCOMPARE(pixelAt(view, 0, 0), qRgb(0, 0, 0));
        QCOMPARE(pixelAt(view, 2, 3), qRgb(255, 255, 255));

        // Another colormap: repainted with it, nothing read again.
        shown.scale->setColormap("viridis");
        QVERIFY(!view.isBusy());
        QCOMPARE(pixelAt(view, 0, 0), qRgb(68, 1, 84));
        QCOMPARE(pixelAt(view, 1, 2), rgbOf(ColorScale(Colormap::named("viridis"), 0, 11).color(6)));
        // A manual range.
        shown.scale->setManualRange(0.0, 6.0);
        QCOMPARE(pixelAt(view, 2, 3), rgbOf(Colormap::named("viridis").entry(255))); // 11 > 6: the top
    }

    void nanAndInfinities()
    {
        Shown shown = show("np.array([[0.0, np.nan, np.inf], [-np.inf, 1.0, 0.5]])");
        QVERIFY(settle(*shown.view));
        QCOMPARE(pixelAt(*shown.view, 0, 1), rgbOf(ColorScale::kNanColor));
        QCOMPARE(pixelAt(*shown.view, 0, 2), rgbOf(ColorScale::kPositiveInfinityColor));
        QCOMPARE(pixelAt(*shown.view, 1, 0), rgbOf(ColorScale::kNegativeInfinityColor));
        QCOMPARE(shown.scale->high(), 1.0); // finite values only
    }

    void lazyArrayIsReadOnThePythonWorker()
    {
        // A zarr array: read through its __getitem__, by the job the view
        // hands to the scheduler (the app's Python worker; here, the event loop).
        const std::shared_ptr<ArrayData> array =
            arrayOf("_lazy", "import zarr; _lazy = zarr.array(np.arange(50 * 60, dtype=np.float32).reshape(50, 60), "
                             "chunks=(16, 16))");
        QVERIFY(array->isLazy());
        std::atomic<int> scheduled = 0;
        ArrayDocument document(array);
        ColorScaleModel scale;
        // Called from the view's sampling thread, as the Python worker's schedule() is.
        ImageView view(&document, &scale, {}, [&scheduled](std::function<void()> job) {
            ++scheduled;
            arraylens::postTo(qApp, [job = std::move(job)] { job(); }); // ordered for ThreadSanitizer
        });
        view.resize(600, 500);
        view.show();
        QVERIFY(settle(view));
        QVERIFY(scheduled >= 1);
        QCOMPARE(scale.high(), 2999.0);
        QCOMPARE(pixelAt(view, 0, 0), qRgb(0, 0, 0));
        QCOMPARE(pixelAt(view, 49, 59), qRgb(255, 255, 255));
        QCOMPARE(pixelAt(view, 20, 30), scale.rgb(20 * 60 + 30));
    }

    void textHasNoPicture()
    {
        Shown shown = show("np.array([['a', 'b']])");
        QVERIFY(settle(*shown.view));
        QVERIFY2(shown.view->problem().contains("not numbers"), qPrintable(shown.view->problem()));
    }

    void pictureOpensAsOneInItsTab()
    {
        // (H, W, 3) uint8: the tab shows the image view alone, and the grid
        // (when shown) the H × W plane of the first channel, not a W × 3 strip.
        ArrayViewTab tab(arrayOf("_picture", "_picture = np.zeros((30, 40, 3), np.uint8); _picture[..., 0] = np.arange(40) * 6; "
                                             "_picture[..., 1] = np.arange(30)[:, None] * 8; _picture[5, 7] = (1, 2, 3)"),
                         "picture", {});
        tab.resize(700, 500);
        tab.show();
        ImageView& view = *tab.imageView();
        QCOMPARE(tab.viewModeBar()->mode(), ViewModeBar::Mode::Image);
        QVERIFY(!tab.grid()->isVisible());
        QCOMPARE(tab.document()->slice().toString(), std::string(":,:,0"));
        QCOMPARE(tab.document()->view().rows(), 30);
        QVERIFY(settle(view));
        QVERIFY(view.isColorImage());
        QCOMPARE(pixelAt(view, 5, 7), qRgb(1, 2, 3));
        QCOMPARE(pixelAt(view, 10, 20), qRgb(120, 80, 0));
        QCOMPARE(pixelAt(view, 29, 39), qRgb(234, 232, 0));

        // The readout names the channels.
        QTest::mouseMove(&view, view.centreOf(5, 7).toPoint());
        QVERIFY2(view.readout().contains("[5, 7] R 1 G 2 B 3"), qPrintable(view.readout()));

        // A click on the picture is the grid's cursor.
        tab.viewModeBar()->modeButton(ViewModeBar::Mode::Both)->click();
        QVERIFY(tab.grid()->isVisible());
        QVERIFY(settle(view));
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.centreOf(12, 33).toPoint());
        QCOMPARE(tab.document()->selection().cursorRow(), 12);
        QCOMPARE(tab.document()->selection().cursorColumn(), 33);
        QCOMPARE(tab.grid()->currentCell(), std::make_pair(std::int64_t{12}, std::int64_t{33}));
    }

    void floatPictureOutsideZeroToOneIsValues()
    {
        ArrayViewTab tab(arrayOf("np.full((4, 5, 3), 2.0)"), "bright", {});
        tab.resize(600, 400);
        tab.show();
        QVERIFY(settle(*tab.imageView()));
        QVERIFY(!tab.imageView()->isColorImage()); // drawn as the values of the plane the grid shows
        QCOMPARE(tab.imageView()->wholeSamples()->channels, 1);
    }

    void readoutAndClickSelectTheCell()
    {
        ArrayViewTab tab(arrayOf("np.arange(60, dtype=np.int32).reshape(6, 10) * 10"), "grid", {});
        tab.resize(900, 500);
        tab.show();
        QCOMPARE(tab.viewModeBar()->mode(), ViewModeBar::Mode::Grid);
        QVERIFY(!tab.imageView()->isVisible());
        QVERIFY(!tab.imageView()->wholeSamples()); // hidden: nothing read
        tab.viewModeBar()->modeButton(ViewModeBar::Mode::Both)->click();
        ImageView& view = *tab.imageView();
        QVERIFY(view.isVisible() && tab.grid()->isVisible());
        QVERIFY(settle(view));

        QSignalSpy readouts(&view, &ImageView::readoutChanged);
        QTest::mouseMove(&view, view.centreOf(4, 7).toPoint());
        QCOMPARE(view.readout(), QString("[4, 7]  470"));
        QVERIFY(!readouts.isEmpty());

        QTest::mouseClick(&view, Qt::LeftButton, {}, view.centreOf(4, 7).toPoint());
        QCOMPARE(tab.grid()->currentCell(), std::make_pair(std::int64_t{4}, std::int64_t{7}));
        // Shift extends the selection from there.
        QTest::mouseClick(&view, Qt::LeftButton, Qt::ShiftModifier, view.centreOf(5, 9).toPoint());
        QCOMPARE(tab.document()->selection().range(), (CellRange{4, 2, 7, 3}));

        // The cursor is drawn: the cell's edge is not the cell's colour.
        const QImage shot = view.grab().toImage();
        const QPointF centre = view.centreOf(5, 9) * view.devicePixelRatioF();
        const double half = view.zoom() / 2 * view.devicePixelRatioF();
        const QRgb edge = shot.pixel(QPointF(centre.x() - half + 1, centre.y()).toPoint()) | 0xff000000;
        QVERIFY(edge == qRgb(0, 0, 0) || edge == qRgb(255, 200, 0));
        QCOMPARE(pixelAt(view, 5, 9), tab.colorScale()->rgb(590));

        // A slice of the values: the true indices along the array's axes.
        tab.document()->setSlice(SliceSpec::parse("1::2, ::-3"));
        QVERIFY(settle(view));
        QTest::mouseMove(&view, view.centreOf(1, 0).toPoint());
        QCOMPARE(view.readout(), QString("[3, 9]  390"));
    }

    void wheelZoomsAboutTheMouseAndDragPans()
    {
        Shown shown = show("np.arange(10000.0).reshape(100, 100)");
        ImageView& view = *shown.view;
        QVERIFY(settle(view));
        const QPoint at(150, 120);
        const auto before = view.cellAt(at);
        QVERIFY(before);
        const double zoom = view.zoom();
        QWheelEvent wheel(at, view.mapToGlobal(at), {}, QPoint(0, 360), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(view.zoom() > zoom * 1.9);
        QCOMPARE(view.cellAt(at), before); // the cell under the mouse stays there
        // Drag 50 pixels left: the picture follows the mouse.
        const auto grabbed = view.cellAt(at);
        QTest::mousePress(&view, Qt::LeftButton, {}, at);
        QTest::mouseMove(&view, at - QPoint(25, 0));
        QTest::mouseMove(&view, at - QPoint(50, 0));
        QTest::mouseRelease(&view, Qt::LeftButton, {}, at - QPoint(50, 0));
        QCOMPARE(view.cellAt(at - QPoint(50, 0)), grabbed);
        QCOMPARE(shown.document->selection().cursorRow(), 0); // a drag selects nothing
        // Double-click fits again.
        QTest::mouseDClick(&view, Qt::LeftButton, {}, at);
        QCOMPARE(view.zoom(), zoom);
    }

    void hugeMemmapWithoutWaiting()
    {
        // A 100,000 × 100,000 float64 memmap (80 GB, sparse).
        QTemporaryDir folder;
        testing::setString("_huge_path", folder.filePath("huge.dat").toStdString());
        Shown shown;
        shown.document = std::make_unique<ArrayDocument>(
            arrayOf("np.memmap(_huge_path, dtype=np.float64, mode='w+', shape=(100000, 100000))"));
        shown.scale = std::make_unique<ColorScaleModel>();
        // The GUI thread's longest wait between two ticks while the view reads.
        QElapsedTimer clock;
        qint64 lastTick = 0, longestGap = 0;
        QTimer ticker;
        ticker.setInterval(5);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            longestGap = std::max(longestGap, now - lastTick);
            lastTick = now;
        });
        clock.start();
        ticker.start();
        shown.view = std::make_unique<ImageView>(shown.document.get(), shown.scale.get());
        ImageView& view = *shown.view;
        view.resize(500, 400);
        view.show();
        QVERIFY(settle(view, 120'000));
        const qint64 firstPicture = clock.elapsed();
        ticker.stop();
        const PlaneSamples& whole = *view.wholeSamples();
        qInfo("first picture of the 100,000² memmap: %lld ms, %lld × %lld samples (every %lld); longest GUI wait %lld ms",
              static_cast<long long>(firstPicture), static_cast<long long>(whole.columns),
              static_cast<long long>(whole.rows), static_cast<long long>(whole.rowStep),
              static_cast<long long>(longestGap));
        QVERIFY(whole.rows <= ImageView::kFirstSide && whole.rows >= PlaneSampler::kMinSampledSide);
        if (!testing::kSanitized && !testing::kThreadSanitized)
            QVERIFY2(longestGap < 250, qPrintable(QString("%1 ms").arg(longestGap)));

        // Zoomed in on a region: read again there, finer.
        const std::int64_t s = whole.rowStep;
        const std::int64_t row = 50 * s + 3, column = 60 * s + 5; // between the first picture's samples
        // Mark the cell through a second mapping of the same file.
        testing::exec("_huge_m = np.memmap(_huge_path, dtype=np.float64, mode='r+', shape=(100000, 100000)); "
                      "_huge_m[" + std::to_string(row) + ", " + std::to_string(column) + "] = 7.0; _huge_m.flush()");
        // Zoom until a cell is a few pixels wide, about that cell.
        for (int i = 0; i < 60 && view.zoom() < 4.0; ++i)
            view.zoomBy(1.5, view.centreOf(row, column));
        QVERIFY(view.cellAt(view.centreOf(row, column)) == std::make_pair(row, column));
        QVERIFY(settle(view, 120'000));
        QVERIFY(QTest::qWaitFor([&] { return view.regionSamples() != nullptr; }, 60'000));
        QCOMPARE(view.regionSamples()->rowStep, 1);
        QTest::mouseMove(&view, view.centreOf(row, column).toPoint());
        QCOMPARE(view.readout(), QString("[%1, %2]  7").arg(row).arg(column));
        testing::exec("del _huge_m");
        shown.view.reset();
        shown.document.reset();
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(TestImageView)
#include "test_image_view.moc"
