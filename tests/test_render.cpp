// SPDX-License-Identifier: MIT
// --render end to end (the real binary, its PNG decoded by QImage and
// compared pixel by pixel), and the PlaneSampler it draws with.
#include "test_support.h"

#include "arraylens_process.h"

#include "core/array_data.h"
#include "core/color_scale.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/plane_sampler.h"
#include "core/png_writer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cmath>
#include <sys/mman.h>
#include <unistd.h>

using namespace arraylens;
using testing::ProcessRun;

namespace {

QString imagesScript()
{
    return QString::fromStdString(testing::fixture("images.py"));
}

/// The gray byte a value gets over [low, high] (ColorScale: 256 equal bins).
int grayOf(double value, double low, double high)
{
    return Colormap::binOf((value - low) / (high - low));
}

QRgb rgbOf(Rgba c)
{
    return qRgba(c.r, c.g, c.b, c.a);
}

} // namespace

class TestRender : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;

    /// Runs --render for `call` (with `extra` arguments) into a fresh file.
    ProcessRun render(const QStringList& call, const QStringList& extra, QImage& image, const QString& name = "out.png")
    {
        const QString path = folder_.filePath(name);
        QFile::remove(path);
        QStringList arguments{"--call"};
        arguments << call.front();
        for (qsizetype i = 1; i < call.size(); ++i)
            arguments << "--arg" << call[i];
        arguments << "--render" << path << extra << imagesScript();
        const ProcessRun run = testing::runArrayLens(arguments);
        image = QImage(path);
        return run;
    }

    static void expectError(const ProcessRun& run, const QString& needle)
    {
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode != 0, run.describe());
        QVERIFY2(run.err.startsWith("arraylens: error:") || run.exitCode == 2, run.describe());
        QVERIFY2(QString::fromUtf8(run.err).contains(needle), run.describe());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(folder_.isValid()); }

    void grayMapsMinToMaxOntoBytesRowsTopToBottom()
    {
        QImage image;
        const ProcessRun run = render({"ramp"}, {}, image);
        QVERIFY2(run.exitCode == 0 && run.err.isEmpty(), run.describe());
        QCOMPARE(image.size(), QSize(4, 3)); // one pixel per element: 4 columns, 3 rows
        QVERIFY(image.isGrayscale());
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c) {
                const int expected = grayOf(r * 4 + c, 0.0, 11.0);
                QCOMPARE(image.pixel(c, r), qRgb(expected, expected, expected));
            }
        QCOMPARE(qGray(image.pixel(0, 0)), 0);   // min: black
        QCOMPARE(qGray(image.pixel(3, 2)), 255); // max: white
    }

    void int64BeyondFloatPrecisionStillSpansTheMap()
    {
        QImage image;
        const ProcessRun run = render({"wide_ints"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(qGray(image.pixel(0, 0)), 0);
        QCOMPARE(qGray(image.pixel(1, 0)), 128);
        QCOMPARE(qGray(image.pixel(2, 0)), 255);
    }

    void colormapByName()
    {
        QImage image;
        const ProcessRun run = render({"ramp"}, {"--colormap", "viridis"}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        const ColorScale scale(Colormap::named("viridis"), 0.0, 11.0);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c)
                QCOMPARE(image.pixel(c, r), rgbOf(scale.color(r * 4 + c)));
        QCOMPARE(image.pixel(0, 0), qRgb(68, 1, 84)); // viridis's first entry
    }

    void nanAndInfinitiesInTheirOwnColours()
    {
        QImage image;
        const ProcessRun run = render({"specials"}, {"--colormap", "magma"}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.pixel(1, 0), rgbOf(ColorScale::kNanColor));
        QCOMPARE(image.pixel(2, 0), rgbOf(ColorScale::kPositiveInfinityColor));
        QCOMPARE(image.pixel(0, 1), rgbOf(ColorScale::kNegativeInfinityColor));
        // min and max from the finite values only.
        QCOMPARE(image.pixel(0, 0), rgbOf(Colormap::named("magma").entry(0)));
        QCOMPARE(image.pixel(1, 1), rgbOf(Colormap::named("magma").entry(255)));
        QCOMPARE(image.pixel(2, 1), rgbOf(Colormap::named("magma").entry(128)));
    }

    void maskedCellsAsNanAndComplexByMagnitude()
    {
        QImage image;
        ProcessRun run = render({"masked"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.pixel(1, 0), rgbOf(ColorScale::kNanColor));
        QCOMPARE(qGray(image.pixel(0, 0)), 0);
        QCOMPARE(qGray(image.pixel(1, 1)), 255);
        run = render({"complex_values"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(qGray(image.pixel(0, 0)), 255); // |3+4j| = 5, the max
        QCOMPARE(qGray(image.pixel(1, 0)), 0);
    }

    void oneValueIsDrawnInTheMiddle()
    {
        QImage image;
        const ProcessRun run = render({"constant"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(qGray(image.pixel(1, 1)), 128);
    }

    void rgbAndRgbaBytesAsTheyAre()
    {
        QImage image;
        ProcessRun run = render({"rgb"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.size(), QSize(3, 2));
        QVERIFY(!image.hasAlphaChannel());
        QCOMPARE(image.pixel(0, 0), qRgb(255, 0, 0));
        QCOMPARE(image.pixel(1, 0), qRgb(0, 255, 0));
        QCOMPARE(image.pixel(2, 0), qRgb(0, 0, 255));
        QCOMPARE(image.pixel(0, 1), qRgb(10, 20, 30));
        QCOMPARE(image.pixel(1, 1), qRgb(200, 100, 50));
        QCOMPARE(image.pixel(2, 1), qRgb(255, 255, 255));

        run = render({"rgba"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(image.hasAlphaChannel());
        image = image.convertToFormat(QImage::Format_RGBA8888); // unpremultiplied
        QCOMPARE(image.pixelColor(0, 0), QColor(255, 0, 0, 128));
        QCOMPARE(image.pixelColor(1, 0).alpha(), 0);
        QCOMPARE(image.constScanLine(0)[4], uchar(1)); // the colour under alpha 0 is kept
        QCOMPARE(image.constScanLine(0)[5], uchar(2));
    }

    void rgbFloatsFromZeroToOne()
    {
        QImage image;
        const ProcessRun run = render({"rgb_float"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.pixel(0, 0), qRgb(0, 128, 255));
        QCOMPARE(image.pixel(1, 0), qRgb(64, 191, 26));
    }

    void sliceChoosesThePlaneAndAChannel()
    {
        QImage image;
        ProcessRun run = render({"cube"}, {"--slice", "1,:,:"}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.size(), QSize(5, 3));
        QCOMPARE(qGray(image.pixel(0, 0)), 0);   // 15, the plane's min
        QCOMPARE(qGray(image.pixel(4, 2)), 255); // 29, its max
        // One channel of a picture, through a colormap.
        run = render({"rgb"}, {"--slice", ":,:,0", "--colormap", "gray"}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(qGray(image.pixel(0, 0)), 255);
        QCOMPARE(qGray(image.pixel(1, 0)), 0);
        // A numeric record field.
        run = render({"records"}, {"--field", "x"}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(image.size(), QSize(1, 2));
        QCOMPARE(qGray(image.pixel(0, 1)), 255);
    }

    void thinPlanesKeepTheirShortSide()
    {
        QImage image;
        const ProcessRun run = render({"tall", "10000"}, {}, image);
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY2(run.err.contains("sampled every 3 rows and every 1 columns"), run.describe());
        QCOMPARE(image.size(), QSize(3, 3334));
        // Row i of the picture is row 3 i of the array (value 3 i).
        QCOMPARE(qGray(image.pixel(1, 1000)), grayOf(3000, 0, 9999));
    }

    void errorsSayWhatIsWrong()
    {
        QImage image;
        expectError(render({"scalar"}, {}, image), "0-dimensional");
        expectError(render({"text"}, {}, image), "not numbers");
        expectError(render({"records"}, {}, image), "choose a numeric field");
        expectError(render({"cube"}, {}, image), "choose a 2-D view with --slice");
        expectError(render({"bright_float"}, {}, image), "values outside 0..1");
        expectError(render({"empty"}, {}, image), "the view is empty");
        expectError(render({"rgb"}, {"--colormap", "viridis"}, image), "RGB(A) picture, which has no colormap");
        const ProcessRun unknown = render({"ramp"}, {"--colormap", "jet"}, image);
        expectError(unknown, "unknown colormap 'jet'");
        QVERIFY2(unknown.err.contains("viridis"), unknown.describe());
        QVERIFY(image.isNull()); // nothing written
        const ProcessRun usage = testing::runArrayLens({"--call", "ramp", "--export", "-", "--colormap", "gray",
                                                        imagesScript()});
        expectError(usage, "--colormap applies to --render");
    }

    void aFailedRenderLeavesTheOldFile()
    {
        const QString path = folder_.filePath("kept.png");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old");
        file.close();
        const ProcessRun run = testing::runArrayLens({"--call", "text", "--render", path, imagesScript()});
        expectError(run, "not numbers");
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("old"));
        QCOMPARE(QDir(folder_.path()).entryList(QDir::Files | QDir::Hidden).filter("kept").size(), 1);
    }

    void toStandardOutput()
    {
        const ProcessRun run = testing::runArrayLens({"--call", "ramp", "--render", "-", imagesScript()});
        QVERIFY2(run.exitCode == 0, run.describe());
        QImage image;
        QVERIFY(image.loadFromData(run.out, "PNG"));
        QCOMPARE(image.size(), QSize(4, 3));
    }

    void pngOfEveryColourType()
    {
        // The writer on its own: grey, RGB and RGBA round-trip through QImage.
        RgbaImage picture;
        picture.width = 300;
        picture.height = 7;
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 300; ++x)
                picture.pixels.push_back(Rgba{std::uint8_t(x), std::uint8_t(x * 7 + y), std::uint8_t(y * 30), 255});
        for (const auto kind : {PngWriter::ColorType::Rgb, PngWriter::ColorType::Rgba, PngWriter::ColorType::Gray}) {
            if (kind == PngWriter::ColorType::Rgba)
                picture.pixels[5].a = 17;
            if (kind == PngWriter::ColorType::Gray)
                for (Rgba& p : picture.pixels)
                    p = Rgba{p.r, p.r, p.r, 255};
            QCOMPARE(PngWriter::colorTypeOf(picture), kind);
            const std::string png = PngWriter::encode(picture);
            QImage image;
            QVERIFY(image.loadFromData(reinterpret_cast<const uchar*>(png.data()), int(png.size()), "PNG"));
            image = image.convertToFormat(QImage::Format_RGBA8888);
            for (int y = 0; y < 7; ++y)
                for (int x = 0; x < 300; ++x) {
                    const Rgba p = picture.at(x, y);
                    const uchar* q = image.constScanLine(y) + 4 * x;
                    QVERIFY2(q[0] == p.r && q[1] == p.g && q[2] == p.b && q[3] == p.a,
                             qPrintable(QString("pixel %1, %2").arg(x).arg(y)));
                }
        }
        RgbaImage empty;
        QVERIFY_THROWS_EXCEPTION(arraylens::Error, (void)PngWriter::encode(empty));
    }

    void hugeMemmapIsSampledNotRead()
    {
        // A 100,000 × 100,000 float64 memmap (80 GB, sparse): the picture
        // takes every step-th row and column, and reads only those rows.
        constexpr std::int64_t n = 100'000;
        const QString path = folder_.filePath("huge.dat");
        testing::setString("_huge_path", path.toStdString());
        testing::exec("_huge = np.memmap(_huge_path, dtype=np.float64, mode='w+', shape=(100000, 100000))");
        PlaneSampler::Steps steps;
        std::shared_ptr<ArrayData> array;
        {
            GilGuard gil;
            array = ArrayData::fromObject(PyHandle(testing::eval("_huge").get()), "_huge is ");
        }
        const PlaneSampler sampler(array, SliceSpec(), false, {});
        const CellRange whole{0, n, 0, n};
        steps = sampler.stepsWithin(whole, PlaneSampler::kMaxRenderSide);
        QVERIFY(steps.rows == steps.columns);
        QVERIFY2(steps.rows >= 25 && n / steps.rows >= PlaneSampler::kMinSampledSide,
                 qPrintable(QString::number(steps.rows)));
        // Marks on sampled cells (and one between them, which must not show).
        const std::int64_t s = steps.rows;
        testing::exec("_huge[0, 0] = 10.0; _huge[" + std::to_string(7 * s) + ", " + std::to_string(3 * s) +
                      "] = 5.0; _huge[1, 1] = 99.0; _huge[" + std::to_string(n - 1) + ", 0] = -1.0; _huge.flush()");

        const PlaneSamples samples = sampler.read(whole, steps);
        QCOMPARE(samples.rows, (n + s - 1) / s);
        QCOMPARE(samples.value(0, 0), 10.0);
        QCOMPARE(samples.value(7, 3), 5.0);
        QCOMPARE(samples.minimum, 0.0); // 99 at (1, 1) and -1 at the last row are not sampled
        QCOMPARE(samples.maximum, 10.0);
        // Only the sampled rows were faulted in: count the file's pages in memory.
        {
            GilGuard gil;
            const std::byte* first = array->makeSource(SliceSpec(), false, {})->geometry().pointer(0, 0);
            const long page = ::sysconf(_SC_PAGESIZE);
            auto* base = reinterpret_cast<unsigned char*>(reinterpret_cast<std::uintptr_t>(first) / page * page);
            const std::size_t length = static_cast<std::size_t>(n * n * 8);
            std::vector<unsigned char> resident((length + page - 1) / page);
            QCOMPARE(::mincore(base, length, resident.data()), 0);
            const auto pages = std::count_if(resident.begin(), resident.end(), [](unsigned char b) { return b & 1; });
            const std::int64_t spanned = sampler.pagesSpanned(whole, steps);
            qInfo("%lld of %zu pages in memory after sampling (%lld estimated)", static_cast<long long>(pages),
                  resident.size(), static_cast<long long>(spanned));
            QVERIFY2(pages <= spanned + spanned / 4 + 64, qPrintable(QString::number(pages)));
        }

        // The command line: the same picture, in seconds.
        testing::exec("del _huge");
        array.reset();
        QImage image;
        QElapsedTimer timer;
        timer.start();
        const ProcessRun run = render({"memmap", "'" + path + "'", "100000", "100000"}, {}, image, "huge.png");
        qInfo("--render of the 100,000² float64 memmap: %.2f s, %d × %d pixels", timer.elapsed() / 1000.0,
              image.width(), image.height());
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY2(run.err.contains(QString("sampled every %1 rows and every %1 columns").arg(s).toUtf8()),
                 run.describe());
        QCOMPARE(image.width(), int(samples.columns));
        QCOMPARE(image.height(), int(samples.rows));
        QCOMPARE(qGray(image.pixel(0, 0)), 255);                  // 10: the max
        QCOMPARE(qGray(image.pixel(3, 7)), grayOf(5.0, 0, 10.0)); // 5: the middle
        QCOMPARE(qGray(image.pixel(1, 1)), 0);                    // 0: the min
        QFile::remove(path);
    }
};

ARRAYLENS_TEST_MAIN(TestRender)
#include "test_render.moc"
