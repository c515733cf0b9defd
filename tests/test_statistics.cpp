// SPDX-License-Identifier: MIT
// Statistics (core/array_statistics.h, issue 12 item 5) of real NumPy arrays,
// checked against NumPy's nanmin, nanmax, nanmean and nanstd: NaN and ±inf,
// int64 and uint64 extremes exactly, bool, big-endian, strided, reversed and
// sliced views, masked arrays, records with text fields, complex, empty
// views, lazy (zarr, h5py) sources, cancellation of 10^9 cells, the
// command line's JSON, and the status bar's background computation.
#include "test_support.h"

#include "arraylens_process.h"
#include "core/array_data.h"
#include "core/array_statistics.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_array.h"
#include "core/slice_spec.h"
#include "ui/array_document.h"
#include "ui/python_worker.h"
#include "ui/selection_statistics.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <chrono>
#include <cmath>
#include <thread>

using namespace arraylens;

namespace {

std::shared_ptr<ArrayData> arrayOf(const std::string& expression)
{
    GilGuard gil;
    const PyObjectRef object = testing::eval(expression);
    return ArrayData::fromObject(PyHandle(object.get()), expression + " is ");
}

std::optional<Statistics> statisticsOf(const std::string& expression, const std::string& slice = {},
                                       const StatisticsOptions& options = {}, const std::string& field = {})
{
    const auto source = arrayOf(expression)->makeSource(SliceSpec::parse(slice), false, field);
    return ArrayStatistics::compute(*source, CellRange{0, source->rows(), 0, source->cols()}, options);
}

QString text(const std::optional<StatisticsValue>& value)
{
    return value ? QString::fromStdString(value->text()) : QString("null");
}

bool close(double actual, double expected)
{
    if (std::isnan(expected) || std::isinf(expected))
        return std::isnan(expected) ? std::isnan(actual) : actual == expected;
    return std::fabs(actual - expected) <= 1e-12 * std::max(1.0, std::fabs(expected));
}

} // namespace

class StatisticsTest : public QObject {
    Q_OBJECT
    QTemporaryDir folder_;

    /// Compares the statistics of `expression` (through `slice`) with
    /// NumPy's of the same values (stats_reference in initTestCase).
    void compareWithNumPy(const std::string& expression, const std::string& slice = {})
    {
        const std::optional<Statistics> s = statisticsOf(expression, slice);
        QVERIFY(s);
        const std::string values = slice.empty() ? expression : "(" + expression + ")[" + slice + "]";
        const std::string reference = "stats_reference(" + values + ")";
        const auto field = [&](int i) { return testing::str(reference + "[" + std::to_string(i) + "]"); };
        const QString what = QString::fromStdString(values);
        QCOMPARE(QString::number(s->count) + " " + what, QString::fromStdString(field(0)) + " " + what);
        QCOMPARE(QString::number(s->nanCount), QString::fromStdString(field(1)));
        QCOMPARE(text(s->min), QString::fromStdString(field(2)));
        QCOMPARE(text(s->max), QString::fromStdString(field(3)));
        if (s->count == 0) {
            QVERIFY(!s->mean && !s->standardDeviation);
            return;
        }
        const double mean = std::stod(field(4));
        const double deviation = std::stod(field(5));
        QVERIFY2(close(*s->mean, mean), qPrintable(what + QString(": mean %1, NumPy %2").arg(*s->mean, 0, 'g', 17).arg(mean, 0, 'g', 17)));
        QVERIFY2(close(*s->standardDeviation, deviation),
                 qPrintable(what + QString(": std %1, NumPy %2").arg(*s->standardDeviation, 0, 'g', 17).arg(deviation, 0, 'g', 17)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(folder_.isValid());
        // NumPy's answer, in the form the C++ side reports: extremes as
        // exact text (integers in full, floats as repr), mean and std of
        // the values as float64 (what ArrayStatistics sums in).
        testing::exec("import warnings\n"
                      "import numpy as np\n"
                      "def stats_reference(x):\n"
                      "    if np.ma.isMaskedArray(x):\n"
                      "        x = x.compressed()\n"
                      "    x = np.asarray(x)\n"
                      "    if x.dtype.kind == 'c':\n"
                      "        x = np.abs(x.astype(np.complex128))\n"
                      "    if x.dtype.kind == 'b':\n"
                      "        x = x.astype(np.uint8)\n"
                      "    f = x.ravel().astype(np.float64)\n"
                      "    count = int(np.count_nonzero(~np.isnan(f)))\n"
                      "    if count == 0:\n"
                      "        return (0, f.size, 'null', 'null', 'nan', 'nan')\n"
                      "    exact = (lambda v: str(int(v))) if x.dtype.kind in 'iub' else (lambda v: repr(float(v)))\n"
                      "    with warnings.catch_warnings():\n"
                      "        warnings.simplefilter('ignore')\n"
                      "        return (count, f.size - count, exact(np.nanmin(x)), exact(np.nanmax(x)),\n"
                      "                repr(float(np.nanmean(f))), repr(float(np.nanstd(f))))\n"
                      "rng = np.random.default_rng(12)\n"
                      "noisy = rng.normal(1e6, 3.0, (301, 203))\n"
                      "noisy[rng.random(noisy.shape) < 0.05] = np.nan\n"
                      "cube = rng.normal(-2, 5, (5, 40, 70))\n");
    }

    void floatsMatchNumPy_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("slice");
        QTest::newRow("NaN, large offset") << "noisy" << "";
        QTest::newRow("NaN and +inf") << "np.array([1.0, np.nan, np.inf, 2.0])" << "";
        QTest::newRow("-inf") << "np.array([1.0, -np.inf, 2.0])" << "";
        QTest::newRow("both infinities") << "np.array([np.inf, 1.0, -np.inf])" << "";
        QTest::newRow("all NaN") << "np.full(5, np.nan)" << "";
        QTest::newRow("float32") << "noisy.astype(np.float32)" << "";
        QTest::newRow("float16") << "np.linspace(-3, 3, 101).astype(np.float16)" << "";
        QTest::newRow("longdouble") << "np.linspace(-3, 3, 101).astype(np.longdouble)" << "";
        QTest::newRow("big-endian float64") << "noisy.astype('>f8')" << "";
        QTest::newRow("big-endian int32") << "np.arange(-500, 1500, 3, dtype='>i4')" << "";
        QTest::newRow("transposed") << "noisy.T" << "";
        QTest::newRow("strided") << "noisy[::3, ::7]" << "";
        QTest::newRow("negative strides") << "noisy[::-1, ::-2]" << "";
        QTest::newRow("Fortran order") << "np.asfortranarray(noisy)" << "";
        QTest::newRow("slice of a cube") << "cube" << "2,:,::-1";
        QTest::newRow("column of a cube") << "cube" << ":,5,:";
        QTest::newRow("1-D slice") << "cube" << "1,::-3,7";
        QTest::newRow("long thin") << "np.ascontiguousarray(noisy.reshape(-1, 1)[:, [0, 0]])" << "";
        QTest::newRow("unaligned") << "np.frombuffer(b'x' + np.arange(100.0).tobytes(), dtype='<f8', offset=1)" << "";
        QTest::newRow("broadcast") << "np.broadcast_to(np.array([1.5, np.nan, 3.0]), (1000, 3))" << "";
    }
    void floatsMatchNumPy()
    {
        QFETCH(QString, expression);
        QFETCH(QString, slice);
        compareWithNumPy(expression.toStdString(), slice.toStdString());
    }

    void integersAreExact_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::newRow("int64 extremes") << "np.array([np.iinfo(np.int64).min, 5, np.iinfo(np.int64).max], dtype=np.int64)";
        QTest::newRow("uint64 max") << "np.array([3, np.iinfo(np.uint64).max, 2**63], dtype=np.uint64)";
        QTest::newRow("int8") << "np.arange(-128, 128, dtype=np.int8)";
        QTest::newRow("uint16 strided 2-D") << "(np.arange(300 * 400, dtype=np.uint16).reshape(300, 400) * 7)[::-2, 1::3]";
        QTest::newRow("int32 transposed") << "(np.arange(600 * 500, dtype=np.int32).reshape(600, 500) % 977 - 400).T";
        QTest::newRow("bool") << "np.array([True, False, True, True])";
        QTest::newRow("all False") << "np.zeros((3, 4), dtype=bool)";
    }
    void integersAreExact()
    {
        QFETCH(QString, expression);
        compareWithNumPy(expression.toStdString());
    }

    void int64ExtremesAreNotRoundedThroughDouble()
    {
        const auto s = statisticsOf("np.array([2**63 - 1, 2**63 - 2], dtype=np.int64)");
        QVERIFY(s);
        QCOMPARE(text(s->min), QString("9223372036854775806"));
        QCOMPARE(text(s->max), QString("9223372036854775807"));
        // Across the fields of a record, kinds compare exactly: 2^63 - 1
        // and 2.0^63 are one double apart from nothing through double.
        const auto record = statisticsOf("np.array([(2**63 - 1, 2.0**63)], dtype=[('i', '<i8'), ('f', '<f8')])");
        QVERIFY(record);
        QCOMPARE(text(record->min), QString("9223372036854775807"));
        QCOMPARE(record->min->kind, StatisticsValue::Kind::Signed);
        QCOMPARE(text(record->max), QString("9.223372036854776e+18"));
        QCOMPARE(record->max->kind, StatisticsValue::Kind::Float);
        const auto unsignedRecord = statisticsOf("np.array([(2**64 - 1, 2.0**64, -1.0)], "
                                                 "dtype=[('u', '<u8'), ('f', '<f8'), ('g', '<f8')])");
        QCOMPARE(text(unsignedRecord->max), QString("1.8446744073709552e+19"));
        QCOMPARE(text(unsignedRecord->min), QString("-1.0"));
        const auto mixed = statisticsOf("np.array([(2**64 - 1, -2**63)], dtype=[('u', '<u8'), ('i', '<i8')])");
        QCOMPARE(text(mixed->max), QString("18446744073709551615"));
        QCOMPARE(text(mixed->min), QString("-9223372036854775808"));
    }

    void maskedCellsAreLeftOut()
    {
        testing::exec("masked = np.ma.masked_array(noisy, mask=rng.random(noisy.shape) < 0.3)\n"
                      "masked[0, 0] = 1e12\n"
                      "masked[0, 0] = np.ma.masked");
        compareWithNumPy("masked");
        compareWithNumPy("masked", "::-1, 1::2");
        compareWithNumPy("np.ma.masked_array([1.0, 100.0, 3.0], mask=[0, 1, 0])");
        compareWithNumPy("np.ma.masked_all((3, 2))");
    }

    void emptyViewsHaveNoValues()
    {
        const auto s = statisticsOf("np.zeros((0, 3))");
        QVERIFY(s);
        QCOMPARE(s->count, 0);
        QVERIFY(!s->min && !s->max && !s->mean && !s->standardDeviation);
        QCOMPARE(QString::fromStdString(s->json()),
                 QString(R"({"count": 0, "nan": 0, "min": null, "max": null, "mean": null, "std": null})"));
    }

    void complexIsTheMagnitudeAndSaysSo()
    {
        compareWithNumPy("np.array([3 + 4j, 1j, complex(np.nan, 0), -5 - 12j], dtype=np.complex64)");
        const auto s = statisticsOf("np.array([3 + 4j, -5 - 12j])");
        QVERIFY(s->ofMagnitude);
        QCOMPARE(QString::fromStdString(s->json()),
                 QString(R"({"count": 2, "nan": 0, "min": 5.0, "max": 13.0, "mean": 9.0, "std": 4.0, "of": "magnitude"})"));
    }

    void textIsRefusedAndTextFieldsSkipped()
    {
        for (const char* expression : {"np.array(['a', 'bc'])", "np.array([b'x'])",
                                       "np.array(['2024-01-01'], dtype='datetime64[D]')"}) {
            try {
                (void)statisticsOf(expression);
                QFAIL(expression);
            } catch (const StatisticsError& error) {
                QVERIFY2(QString(error.what()).contains("statistics need numbers"), error.what());
            }
        }
        const auto s = statisticsOf("np.array([(1, 2.5, b'ab'), (-3, 0.125, b'xyz')], "
                                    "dtype=[('a', '<i4'), ('b', '>f8'), ('s', 'S3')])");
        QVERIFY(s);
        QCOMPARE(s->count, 4);
        QCOMPARE(text(s->min), QString("-3"));
        QCOMPARE(text(s->max), QString("2.5"));
        QCOMPARE(s->skippedColumns, std::vector<std::string>{"s"});
        QVERIFY(QString::fromStdString(s->json()).endsWith(R"("skipped": ["s"]})"));
    }

    void lazySourcesMatchNumPy()
    {
        testing::exec("import zarr, h5py\n"
                      "lazy_values = np.arange(120 * 70, dtype='f8').reshape(120, 70) / 7 - 300\n"
                      "lazy_values[::11, ::5] = np.nan\n"
                      "lazy_zarr = zarr.array(lazy_values, chunks=(16, 32))\n"
                      "lazy_h5 = h5py.File('" + folder_.path().toStdString() + "/stats.h5', 'w')\n"
                      "lazy_h5.create_dataset('d', data=(lazy_values * 3).astype('>f4'), chunks=(8, 8))\n");
        QVERIFY(std::dynamic_pointer_cast<LazyArray>(arrayOf("lazy_zarr")));
        compareWithNumPy("lazy_zarr");
        compareWithNumPy("lazy_zarr", "::2, 3:50"); // zarr takes no negative steps
        compareWithNumPy("lazy_h5['d']");
        testing::exec("lazy_h5.close()");
    }

    void cancelsABillionCellsAtOnce()
    {
        // 10^9 cells, zero strides: no memory, and far too many to finish.
        const std::string billion = "np.broadcast_to(np.float64(1.5), (100000, 10000))";
        std::atomic<bool> cancelled = false;
        StatisticsOptions options;
        options.cancelled = &cancelled;
        QElapsedTimer sinceCancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            sinceCancel.start();
            cancelled = true;
        });
        const auto s = statisticsOf(billion, {}, options);
        canceller.join();
        QVERIFY(!s);
        QVERIFY2(sinceCancel.elapsed() < 300, qPrintable(QString::number(sinceCancel.elapsed()) + " ms"));

        // The progress callback cancels too, and hears about all the cells.
        std::int64_t seenTotal = 0;
        options.cancelled = nullptr;
        options.progress = [&](std::int64_t done, std::int64_t total) {
            seenTotal = total;
            return done < 0;
        };
        QVERIFY(!statisticsOf(billion, {}, options));
        QCOMPARE(seenTotal, std::int64_t{1'000'000'000});
    }

    void commandLinePrintsOneJsonObject()
    {
        const QString script = QString::fromStdString(testing::fixture("cli_stats.py"));
        const auto stats = [&](QStringList arguments) {
            arguments << "--stats" << script;
            return testing::runArrayLens(arguments);
        };
        const auto json = [](const testing::ProcessRun& run) {
            return QJsonDocument::fromJson(run.out).object();
        };

        testing::ProcessRun run = stats({"--call", "floats"});
        QVERIFY2(run.finished && run.exitCode == 0, run.describe());
        QCOMPARE(QString::fromUtf8(run.out), QString(R"({"count": 23, "nan": 1, "min": -1.0, "max": "inf", "mean": "inf", "std": "nan"})" "\n"));

        run = stats({"--call", "finite", "--slice", "1,::-1,1:3"});
        QVERIFY2(run.exitCode == 0, run.describe());
        QJsonObject object = json(run);
        testing::exec("import sys\nsys.path.insert(0, '" + std::string(ARRAYLENS_FIXTURES_DIR) + "')\nimport cli_stats");
        const std::string reference = "stats_reference(cli_stats.finite()[1, ::-1, 1:3])";
        QCOMPARE(object["count"].toInteger(), 6);
        QCOMPARE(object["nan"].toInteger(), 0);
        QVERIFY(close(object["mean"].toDouble(), std::stod(testing::str(reference + "[4]"))));
        QVERIFY(close(object["std"].toDouble(), std::stod(testing::str(reference + "[5]"))));
        QCOMPARE(object.keys(), (QStringList{"count", "max", "mean", "min", "nan", "std"}));

        run = stats({"--call", "extremes"});
        QVERIFY2(run.out.contains(R"("min": -9223372036854775808, "max": 9223372036854775807)"), run.describe());
        run = stats({"--call", "unsigned_max"});
        QVERIFY2(run.out.contains(R"("min": 7, "max": 18446744073709551615)"), run.describe());
        run = stats({"--call", "empty"});
        QCOMPARE(QString::fromUtf8(run.out), QString(R"({"count": 0, "nan": 0, "min": null, "max": null, "mean": null, "std": null})" "\n"));
        run = stats({"--call", "waves"});
        QCOMPARE(json(run)["of"].toString(), QString("magnitude"));
        run = stats({"--call", "people", "--field", "b"});
        QCOMPARE(QString::fromUtf8(run.out), QString(R"({"count": 2, "nan": 0, "min": 0.125, "max": 2.5, "mean": 1.3125, "std": 1.1875})" "\n"));

        // Errors: one line, a non-zero exit, nothing on standard output.
        run = stats({"--call", "words"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.firstErrorLine(), QString("arraylens: error: statistics need numbers; these cells are U2, not numbers"));
        run = stats({"--call", "finite"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.firstErrorLine().contains("choose a 2-D view with --slice"), run.describe());
        run = stats({"--call", "floats", "--export", "-"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.firstErrorLine().contains("choose one of --list, --info, --export"), run.describe());
        run = stats({"--call", "floats", "--header"});
        QCOMPARE(run.exitCode, 2);
        run = testing::runArrayLens({"--help"});
        QVERIFY(run.out.contains("--stats"));
    }

    void commandLineReadsDataFiles()
    {
        const std::string path = folder_.path().toStdString() + "/stats.npy";
        testing::exec("np.save('" + path + "', np.array([[1, 2], [3, 40]], dtype=np.int16))");
        const testing::ProcessRun run = testing::runArrayLens({"--stats", QString::fromStdString(path)});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(QString::fromUtf8(run.out),
                 QString(R"({"count": 4, "nan": 0, "min": 1, "max": 40, "mean": 11.5, "std": 16.469669092000604})" "\n"));
    }

    void statusBarFollowsTheSelection()
    {
        testing::exec("shown = np.arange(12.0).reshape(3, 4)\nshown[2, 3] = np.nan");
        PythonWorker worker;
        ArrayDocument document(arrayOf("shown"), [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
                               [&](std::function<void()> job) { worker.runInBackground(std::move(job)); });
        SelectionStatistics statistics([&](std::function<void()> job) { worker.runInBackground(std::move(job)); },
                                       [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); });
        QSignalSpy updated(&statistics, &SelectionStatistics::updated);
        statistics.setDocument(&document);
        // One cell (or none) selected: the whole view.
        QTRY_COMPARE(updated.size(), 1);
        QCOMPARE(statistics.text(), QString("View: count 11  nan 1  min 0  max 10  mean 5  std 3.16228"));

        CellSelection selection = document.selection();
        selection.moveCursor(0, 1, false, 3, 4);
        selection.moveCursor(1, 2, true, 3, 4);
        document.setSelection(selection);
        QTRY_COMPARE(updated.size(), 2);
        QCOMPARE(statistics.text(), QString("Selection: count 4  nan 0  min 1  max 6  mean 3.5  std 2.06155"));

        // Back to one cell: the whole view's answer again at once, not read again.
        selection.moveCursor(2, 2, false, 3, 4);
        document.setSelection(selection);
        QCOMPARE(updated.size(), 3);
        QVERIFY(!statistics.isComputing());
        QCOMPARE(statistics.text(), QString("View: count 11  nan 1  min 0  max 10  mean 5  std 3.16228"));
        selection.moveCursor(0, 1, true, 3, 4); // rows 0-2, columns 1-2 again
        document.setSelection(selection);
        QTRY_COMPARE(updated.size(), 4);
        QCOMPARE(statistics.text(), QString("Selection: count 6  nan 0  min 1  max 10  mean 5.5  std 3.30404"));

        // An edit changes the values: the statistics follow.
        QVERIFY(document.setCellText(0, 1, "-7"));
        QTRY_COMPARE(updated.size(), 5);
        QVERIFY2(statistics.text().contains("min -7"), qPrintable(statistics.text()));

        // A lazy source is read on the Python worker.
        testing::exec("import zarr\nlazy_shown = zarr.array(np.arange(20.0).reshape(4, 5), chunks=(2, 2))");
        ArrayDocument lazy(arrayOf("lazy_shown"), [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
                           [&](std::function<void()> job) { worker.runInBackground(std::move(job)); });
        statistics.setDocument(&lazy);
        QTRY_COMPARE(updated.size(), 6);
        QCOMPARE(statistics.text(), QString("View: count 20  nan 0  min 0  max 19  mean 9.5  std 5.76628"));

        // Text cannot be summed: the status bar says why.
        ArrayDocument words(arrayOf("np.array(['a', 'b'])"));
        statistics.setDocument(&words);
        QTRY_COMPARE(updated.size(), 7);
        QVERIFY2(statistics.text().contains("statistics need numbers"), qPrintable(statistics.text()));
        statistics.setDocument(nullptr);
    }

    void statusBarCancelsALongComputation()
    {
        ArrayDocument document(arrayOf("np.broadcast_to(np.float64(1.5), (100000, 10000))"));
        SelectionStatistics statistics(nullptr, nullptr);
        QSignalSpy updated(&statistics, &SelectionStatistics::updated);
        statistics.setDocument(&document);
        QVERIFY(statistics.isComputing());
        QTRY_VERIFY(statistics.text().startsWith("Statistics of 1000000000 cells"));
        statistics.cancel();
        QVERIFY(!statistics.isComputing());
        QCOMPARE(statistics.text(), QString("Statistics cancelled"));
        QTest::qWait(100);
        QCOMPARE(updated.size(), 0);
    } // the destructor joins the cancelled thread at once
};

ARRAYLENS_WIDGET_TEST_MAIN(StatisticsTest)
#include "test_statistics.moc"
