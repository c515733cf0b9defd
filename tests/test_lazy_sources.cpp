// SPDX-License-Identifier: MIT
// Lazy sources (core/lazy_array.h, core/lazy_source.h) on real h5py, zarr,
// dask (threaded and on a dask.distributed cluster of worker processes),
// xarray and NumPy object arrays: the command line exports exactly what the
// same values export as a NumPy buffer; the GUI's document shows
// placeholders, then values, never waiting on Python; edits reach the
// object's storage and undo; memory stays within the tile budget; a window
// reads only the chunks it touches; failures are told, not swallowed.
#include "test_support.h"

#include "arraylens_process.h"
#include "core/array_data.h"
#include "core/buffer_info.h"
#include "core/csv_writer.h"
#include "core/data_file.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_array.h"
#include "core/lazy_source.h"
#include "core/python_error.h"
#include "ui/array_document.h"
#include "ui/python_worker.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <deque>
#include <functional>

using namespace arraylens;
using testing::runArrayLens;

namespace {

std::shared_ptr<LazyArray> openLazy(const std::string& expression)
{
    GilGuard gil;
    const PyObjectRef object = testing::eval(expression);
    std::shared_ptr<LazyArray> array = LazyArray::open(PyHandle(object.get()));
    if (!array)
        throw Error(expression + " is not read as a lazy array");
    return array;
}

std::shared_ptr<LazySource> lazySource(const std::shared_ptr<LazyArray>& array, const std::string& slice = "",
                                       std::size_t budget = LazySource::kDefaultBudgetBytes)
{
    return std::make_shared<LazySource>(array, SliceSpec::parse(slice), false, std::string(), budget);
}

/// Jobs queued by a source, run when the test says: what the Python thread
/// would do, step by step.
struct ManualScheduler {
    std::deque<std::function<void()>> jobs;
    std::vector<CellRange> fetched;
    std::vector<std::string> failures;

    ArraySource::Hooks hooks()
    {
        return {[this](std::function<void()> job) { jobs.push_back(std::move(job)); },
                [this](const CellRange& range) { fetched.push_back(range); },
                [this](const std::string& message) { failures.push_back(message); }};
    }
    /// Runs queued jobs (and those they queue) until none is left; how many ran.
    int runAll()
    {
        int ran = 0;
        while (!jobs.empty()) {
            auto job = std::move(jobs.front());
            jobs.pop_front();
            job();
            ++ran;
        }
        return ran;
    }
};

QString text(const Tile& tile, std::int64_t r, std::int64_t c)
{
    return QString::fromStdString(CellCodec::format(tile.pointer(r, c), tile.columnType(c)));
}

QString pythonText(const std::string& expression)
{
    return QString::fromStdString(testing::str(expression));
}

} // namespace

class LazySourcesTest : public QObject {
    Q_OBJECT
    QTemporaryDir folder_;

    testing::ProcessOptions options() const
    {
        testing::ProcessOptions options;
        options.extraEnvironment.insert("ARRAYLENS_TEST_TMP", folder_.path());
        return options;
    }

    /// What --export writes for `extra` (--slice, --field, --header), made
    /// in this process through the same seam and writer.
    static QByteArray exportInProcess(const ArrayData& data, const QStringList& extra)
    {
        const auto valueOf = [&](const char* option) {
            const qsizetype at = extra.indexOf(option);
            return at >= 0 ? extra[at + 1].toStdString() : std::string();
        };
        const std::shared_ptr<ArraySource> source =
            data.makeSource(SliceSpec::parse(valueOf("--slice")), false, valueOf("--field"));
        CsvOptions csv;
        csv.headerRow = csv.indexColumn = extra.contains("--header");
        std::string text;
        CsvWriter(csv).write(*source, CellRange{0, source->rows(), 0, source->cols()},
                             [&](std::string_view part) { text += part; });
        return QByteArray::fromStdString(text);
    }
    static QByteArray exportInProcess(const QString& expression, const QStringList& extra)
    {
        std::shared_ptr<ArrayData> data;
        {
            GilGuard gil;
            const PyObjectRef object = testing::eval(expression.toStdString());
            data = ArrayData::fromObject(PyHandle(object.get()), expression.toStdString() + " is ");
        }
        return exportInProcess(*data, extra);
    }

    /// The data files the data-file tests open, made once.
    void makeDataFiles()
    {
        if (QFile::exists(folder_.filePath("tree.h5")))
            return;
        testing::exec("import netCDF4\n"
                      "folder = '" + folder_.path().toStdString() + "'\n"
                      "grid = numpy.arange(6).reshape(2, 3)\n"
                      "numpy.save(folder + '/grid.npy', grid)\n"
                      "numpy.savez(folder + '/pair.npz', first=grid, second=numpy.array([7, 8]))\n"
                      "with h5py.File(folder + '/tree.h5', 'w') as f:\n"
                      "    f.create_group('grp')['data'] = grid\n"
                      "    f['top'] = numpy.zeros(3, 'f4')\n"
                      "with netCDF4.Dataset(folder + '/climate.nc', 'w') as d:\n"
                      "    d.createDimension('x', 2); d.createDimension('y', 3)\n"
                      "    d.createVariable('t', 'i8', ('x', 'y'))[:] = grid\n"
                      "zarr.save(folder + '/plain.zarr', grid)\n"
                      "zarr.open_group(folder + '/group.zarr', 'w').create_group('inner').create_dataset('z', data=grid)");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(folder_.isValid());
        // The fixture module puts its files where ARRAYLENS_TEST_TMP says,
        // in this process as in the command-line runs.
        testing::exec("import io, os, sys, numpy, h5py, zarr, dask, dask.array, xarray\n"
                      "os.environ['ARRAYLENS_TEST_TMP'] = '" + folder_.path().toStdString() + "'\n"
                      "sys.path.insert(0, " + std::string("'") + ARRAYLENS_FIXTURES_DIR + "')\n"
                      "import lazy_sources\n"
                      // A real zarr store that counts what is read from it.
                      "class CountingStore(zarr.storage.MemoryStore):\n"
                      "    reads = []\n"
                      "    def __getitem__(self, key):\n"
                      "        CountingStore.reads.append(key)\n"
                      "        return super().__getitem__(key)");
    }

    // ---- The command line: the same text as the values exported as a buffer.

    void exportsWhatTheValuesExport_data()
    {
        QTest::addColumn<QString>("lazy");
        QTest::addColumn<QString>("values");
        QTest::addColumn<QStringList>("extra");
        const QStringList header{"--header"};
        QTest::newRow("h5py gzip-chunked") << "h5_grid" << "grid_values" << header;
        QTest::newRow("h5py, strided and reversed slice") << "h5_grid" << "grid_values"
                                                          << QStringList{"--slice", "::-3,1::4"};
        QTest::newRow("h5py 3-D plane, big-endian") << "h5_cube" << "cube_values" << QStringList{"--slice", "1,::-1,:"};
        QTest::newRow("zarr") << "zarr_grid" << "grid_values" << header;
        QTest::newRow("zarr records") << "zarr_records" << "records_values" << header;
        QTest::newRow("zarr record field") << "zarr_records" << "records_values" << QStringList{"--field", "b"};
        QTest::newRow("dask") << "dask_grid" << "grid_values" << QStringList{"--slice", "5:33,2:29"};
        QTest::newRow("dask datetime64") << "dask_dates" << "dates_values" << header;
        QTest::newRow("xarray") << "xarray_grid" << "grid_values" << header;
        QTest::newRow("object array as str()") << "objects" << "objects_values" << header;
        QTest::newRow("netCDF4 Variable") << "netcdf_grid" << "grid_values" << QStringList{"--slice", "::7,3:"};
    }

    void exportsWhatTheValuesExport()
    {
        QFETCH(QString, lazy);
        QFETCH(QString, values);
        QFETCH(QStringList, extra);
        // The values, exported as a buffer, in this process.
        const QByteArray expected = exportInProcess("lazy_sources." + values + "()", extra);
        QVERIFY(expected.count('\n') >= 2);
        // The lazy object: in this process, and for one of each library
        // (the plumbing is the same for all) through the command line.
        QCOMPARE(exportInProcess("lazy_sources." + lazy + "()", extra), expected);
        if (!QString(QTest::currentDataTag()).contains(',') && !lazy.startsWith("zarr") && !lazy.startsWith("xarray")) {
            const testing::ProcessRun run = runArrayLens(
                QStringList{"--call", lazy, "--export", "-"} << extra
                                                            << QString::fromStdString(testing::fixture("lazy_sources.py")),
                options());
            QVERIFY2(run.exitCode == 0, run.describe());
            QCOMPARE(run.out, expected);
        }
    }

    void dataFrameExportsWhatPandasWrites()
    {
        const QString script = QString::fromStdString(testing::fixture("lazy_sources.py"));
        const testing::ProcessRun run = runArrayLens({"--call", "frame", "--export", "-", "--header", script}, options());
        QVERIFY2(run.exitCode == 0, run.describe());
        // Column names in the header, index labels in the first column, NaN
        // as nan, text quoted where it must be, dates as str(Timestamp).
        QCOMPARE(QString::fromUtf8(run.out), pythonText("lazy_sources.frame_csv()"));
        const testing::ProcessRun series = runArrayLens({"--call", "series", "--export", "-", "--header", script}, options());
        QVERIFY2(series.exitCode == 0, series.describe());
        QCOMPARE(series.out, QByteArray(",level\n10,0.5\n20,1.25\n30,-2.0\n"));
    }

    void infoSaysWhereValuesComeFrom_data()
    {
        QTest::addColumn<QString>("call");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("readOnlyReason"); // a fragment; empty: writable
        QTest::newRow("h5py, read-only file") << "h5_grid" << "h5py.Dataset" << "float64" << "[40,30]" << "h5py.File(path, 'r+')";
        QTest::newRow("zarr") << "zarr_grid" << "zarr.Array" << "float64" << "[40,30]" << "";
        QTest::newRow("dask") << "dask_grid" << "dask.Array" << "float64" << "[40,30]" << "computed on demand";
        QTest::newRow("xarray") << "xarray_grid" << "xarray.DataArray" << "float64" << "[40,30]" << "";
        QTest::newRow("object array") << "objects" << "numpy.ndarray" << "object" << "[3,3]" << "str()";
        QTest::newRow("DataFrame") << "frame" << "pandas.DataFrame" << "void232" << "[3]" << "";
    }

    void infoSaysWhereValuesComeFrom()
    {
        QFETCH(QString, call);
        std::string info;
        {
            GilGuard gil;
            const PyObjectRef object = testing::eval("lazy_sources." + call.toStdString() + "()");
            info = arrayInfoJson(*ArrayData::fromObject(PyHandle(object.get()), call.toStdString() + "() returned "));
        }
        const QByteArray out = QByteArray::fromStdString(info);
        const QJsonObject json = QJsonDocument::fromJson(out).object();
        QFETCH(QString, source);
        QFETCH(QString, dtype);
        QFETCH(QString, shape);
        QFETCH(QString, readOnlyReason);
        QCOMPARE(json["source"].toString(), source);
        QCOMPARE(json["lazy"].toBool(false), true);
        QCOMPARE(json["dtype"].toString(), dtype);
        QCOMPARE(QJsonDocument(json["shape"].toArray()).toJson(QJsonDocument::Compact), shape.toUtf8());
        QCOMPARE(json["readonly"].toBool(), !readOnlyReason.isEmpty());
        if (!readOnlyReason.isEmpty())
            QVERIFY2(json["readonly_reason"].toString().contains(readOnlyReason), out);
        if (call == "xarray_grid")
            QCOMPARE(QJsonDocument(json["dims"].toArray()).toJson(QJsonDocument::Compact), QByteArray("[\"time\",\"station\"]"));
        if (call == "h5_grid")
            QCOMPARE(QJsonDocument(json["chunks"].toArray()).toJson(QJsonDocument::Compact), QByteArray("[8,8]"));
    }

    void objectsThatCannotBeReadAreRefusedWithTheReason_data()
    {
        QTest::addColumn<QString>("call");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("dask of unknown extents") << "unknown_extents" << "compute_chunk_sizes()";
        QTest::newRow("dask block that raises") << "failing_dask" << "this block cannot be computed";
    }

    void objectsThatCannotBeReadAreRefusedWithTheReason()
    {
        QFETCH(QString, call);
        QFETCH(QString, fragment);
        const testing::ProcessRun run = runArrayLens(
            {"--call", call, "--export", "-", QString::fromStdString(testing::fixture("lazy_sources.py"))}, options());
        QVERIFY2(run.exitStatus == QProcess::NormalExit && run.exitCode == 1, run.describe());
        QVERIFY2(QString::fromUtf8(run.err).contains(fragment), run.describe());
        QVERIFY(run.out.isEmpty());
    }

    // ---- The source in process: blocks, budget, chunks.

    void tilesArriveThroughTheHooksNeverOnTheReader()
    {
        const auto source = lazySource(openLazy("lazy_sources.zarr_grid()"));
        ManualScheduler python;
        source->setHooks(python.hooks());
        QCOMPARE(source->blockRows(), std::int64_t{64}); // the 16-row chunks, raised to the smallest block
        // Nothing fetched: no tile, and the fetch is queued, not run.
        QVERIFY(!source->tryTile(CellRange{3, 1, 5, 1}));
        QCOMPARE(source->fetchCount(), std::int64_t{0});
        QVERIFY(!python.jobs.empty());
        python.runAll();
        QVERIFY(!python.fetched.empty());
        const std::optional<Tile> tile = source->tryTile(CellRange{3, 1, 5, 1});
        QVERIFY(tile);
        QCOMPARE(text(*tile, 3, 5), pythonText("lazy_sources.grid_values()[3, 5]"));
        // The tile is a whole block: the chunk-sized 16 columns, all 40 rows.
        QVERIFY(tile->contains(39, 15) && !tile->contains(0, 16));
        QCOMPARE(text(*tile, 39, 15), pythonText("lazy_sources.grid_values()[39, 15]"));
        // Its neighbour to the right was fetched after it, ready for the next screen.
        const std::optional<Tile> next = source->tryTile(CellRange{39, 1, 29, 1});
        QVERIFY(next);
        QCOMPARE(text(*next, 39, 29), pythonText("lazy_sources.grid_values()[39, 29]"));
        QVERIFY(python.failures.empty());
    }

    void cacheStaysWithinItsBudgetAndDropsSupersededFetches()
    {
        testing::exec("big = zarr.zeros((4000, 4000), chunks=(100, 100), dtype='f8')\n"
                      "big[:] = numpy.arange(16_000_000, dtype='f8').reshape(4000, 4000)");
        constexpr std::size_t kBudget = 2 << 20; // 2 MB: 26 blocks of 100 × 100 float64
        const auto source = lazySource(openLazy("big"), "", kBudget);
        ManualScheduler python;
        source->setHooks(python.hooks());
        const std::int64_t blockBytes = source->blockRows() * source->blockColumns() * 8;
        // A user paging down through 150 screens before Python answers: the
        // early requests are superseded and dropped, the last ones fetched.
        for (std::int64_t screen = 0; screen < 150; ++screen)
            (void)source->tryTile(CellRange{screen * source->blockRows() % 4000, 1, 0, 1});
        python.runAll();
        QVERIFY2(source->fetchCount() <= 50, QByteArray::number(source->fetchCount()));
        // Newest first: the screen the user stopped at came first.
        QVERIFY(!python.fetched.empty());
        QVERIFY(python.fetched.front().firstRow == 149 * source->blockRows() % 4000);
        // Scrolling everywhere: the cache leaves room for the next read
        // (Python's window and its copy) within the budget.
        for (std::int64_t row = 0; row < 4000; row += 100)
            for (std::int64_t col = 0; col < 4000; col += 700) {
                (void)source->tryTile(CellRange{row, 1, col, 1});
                python.runAll();
                QVERIFY2(source->cachedBytes() + 2 * static_cast<std::size_t>(blockBytes) <= kBudget,
                         QByteArray::number(qulonglong(source->cachedBytes())));
            }
        QVERIFY(!source->tryTile(CellRange{3999, 1, 3999, 1})); // a corner never shown yet
        python.runAll();
        const std::optional<Tile> tile = source->tryTile(CellRange{3999, 1, 3999, 1});
        QVERIFY(tile);
        QCOMPARE(text(*tile, 3999, 3999), QString("15999999.0"));
    }

    void aWindowReadsOnlyTheChunksItTouches()
    {
        testing::exec("counted = zarr.zeros((100_000, 100_000), chunks=(1000, 1000), dtype='f8', store=CountingStore())\n"
                      "counted[50_000:52_000, 50_000:52_000] = 1.5\n"
                      "CountingStore.reads.clear()");
        const auto source = lazySource(openLazy("counted"));
        std::string csv;
        CsvWriter().write(*source, CellRange{50'990, 10, 50'990, 20}, [&](std::string_view text) { csv += text; });
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 10);
        QCOMPARE(QString::fromStdString(csv).count("1.5"), 200);
        // Rows 50,990-50,999 lie in chunk row 50; columns 50,990-51,009 in
        // chunk columns 50 and 51: two chunks of the 10,000, nothing else.
        QCOMPARE(pythonText("sorted(k for k in CountingStore.reads if not k.startswith('.'))"),
                 QString("['50.50', '50.51']"));
    }

    void aWholeExportReadsEachChunkAFewTimesNotOncePerBand()
    {
        // Bands of the source's block height (capped at 10^6 cells): a
        // 2000 × 5000 array of 1000² chunks goes out in 200-row bands, each
        // chunk read 5 times; in 8-row bands (40,000 cells) it was 125 times.
        testing::exec("wide = zarr.zeros((2000, 5000), chunks=(1000, 1000), dtype='f8', store=CountingStore())\n"
                      "wide[:] = numpy.arange(1e7).reshape(2000, 5000) / 7\n"
                      "CountingStore.reads.clear()");
        const auto source = lazySource(openLazy("wide"));
        std::int64_t lines = 0;
        CsvWriter().write(*source, CellRange{0, 2000, 0, 5000},
                          [&](std::string_view text) { lines += std::count(text.begin(), text.end(), '\n'); });
        QCOMPARE(lines, std::int64_t{2000});
        QCOMPARE(pythonText("len([k for k in CountingStore.reads if not k.startswith('.')])"), QString("50"));
        testing::exec("del wide");
    }

    void aFailedFetchIsToldAndShown()
    {
        testing::exec("failing = lazy_sources.failing_dask()");
        const auto source = lazySource(openLazy("failing"));
        ManualScheduler python;
        source->setHooks(python.hooks());
        QVERIFY(!source->tryTile(CellRange{0, 1, 0, 1}));
        python.runAll();
        QVERIFY(!python.failures.empty());
        QVERIFY2(QString::fromStdString(python.failures.front()).contains("this block cannot be computed"),
                 python.failures.front().c_str());
        QVERIFY(QString::fromStdString(source->failureAt(0, 0)).contains("cannot be computed"));
        // A failed block is not asked for again and again.
        QVERIFY(!source->tryTile(CellRange{0, 1, 0, 1}));
        QCOMPARE(python.runAll(), 0);
        QVERIFY_THROWS_EXCEPTION(PythonError, (void)source->tile(CellRange{0, 2, 0, 2}));
    }

    // ---- The document, with the real Python worker.

    void documentShowsPlaceholdersThenValuesAndEditsWithUndo_data()
    {
        QTest::addColumn<QString>("make");
        QTest::addColumn<QString>("reread"); // the stored value of cell [1, 2], read anew
        QTest::newRow("h5py r+") << "lazy_sources.h5_grid('r+')" << "float(h5py.File(lazy_sources.FOLDER + '/grid.h5', 'r')['data/grid'][1, 2])";
        QTest::newRow("zarr") << "lazy_sources.zarr_grid()" << "float(edited[1, 2])";
        QTest::newRow("xarray") << "lazy_sources.xarray_grid()" << "float(edited.values[1, 2])";
    }

    void documentShowsPlaceholdersThenValuesAndEditsWithUndo()
    {
        QFETCH(QString, make);
        QFETCH(QString, reread);
        testing::exec("edited = " + make.toStdString());
        PythonWorker worker;
        {
            ArrayDocument document(
                openLazy("edited"), [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
                [&](std::function<void()> job) { worker.runInBackground(std::move(job)); });
            // Nothing was asked for before: a placeholder, then (the worker
            // fetches meanwhile) the value.
            QCOMPARE(document.displayText(1, 2), ArrayDocument::kPendingText);
            QTRY_VERIFY(document.isFetched(1, 2));
            const QString original = pythonText("lazy_sources.grid_values()[1, 2]");
            QCOMPARE(document.exactText(1, 2), original);
            QTRY_COMPARE(document.exactText(39, 29), pythonText("lazy_sources.grid_values()[39, 29]"));

            QVERIFY(!document.isReadOnly());
            QVERIFY(document.setCellText(1, 2, "42.5"));
            QCOMPARE(document.exactText(1, 2), QString("42.5")); // shown at once
            QTRY_COMPARE(pythonText(reread.toStdString()), QString("42.5")); // stored by the worker
            QVERIFY(!document.setCellText(1, 2, "abc")); // refused, nothing written
            document.undoStack()->undo();
            QTRY_COMPARE(pythonText(reread.toStdString()), original);
            QTRY_COMPARE(document.exactText(1, 2), original);
        }
        testing::exec("del edited");
    }

    void readOnlySourcesRefuseEditsWithTheReason()
    {
        PythonWorker worker;
        ArrayDocument document(openLazy("lazy_sources.dask_grid()"),
                               [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
                               [&](std::function<void()> job) { worker.runInBackground(std::move(job)); });
        QTRY_VERIFY(document.isFetched(0, 0));
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(document.isReadOnly());
        QVERIFY(!document.setCellText(0, 0, "1"));
        QCOMPARE(rejected.size(), 1);
        QVERIFY(rejected.front().front().toString().contains("dask"));
        QCOMPARE(document.exactText(0, 0), pythonText("lazy_sources.grid_values()[0, 0]"));
    }

    void dataFrameEditsNumbersWithUndoAndRefusesTextColumns()
    {
        testing::exec("table = lazy_sources.frame()");
        PythonWorker worker;
        {
            ArrayDocument document(
                openLazy("table"), [&](std::shared_ptr<const void> owned) { worker.release(std::move(owned)); },
                [&](std::function<void()> job) { worker.runInBackground(std::move(job)); });
            QCOMPARE(document.view().cols(), std::int64_t{6});
            QCOMPARE(QString::fromStdString(document.source()->columnHeader(5)), QString("7"));
            QCOMPARE(QString::fromStdString(document.source()->rowLabel(1)), QString("second"));
            QTRY_VERIFY(document.isFetched(2, 5));
            QCOMPARE(document.exactText(1, 1), QString("nan"));
            QCOMPARE(document.exactText(2, 2), QString("say \"x\", y"));
            QCOMPARE(document.exactText(1, 3), QString("NaT"));
            // A number goes into the DataFrame itself, and undo takes it back.
            QVERIFY(document.setCellText(1, 0, "12345"));
            QTRY_COMPARE(pythonText("table.loc['second', 'count']"), QString("12345"));
            QCOMPARE(pythonText("table['count'].dtype"), QString("int64"));
            document.undoStack()->undo();
            QTRY_COMPARE(pythonText("table.loc['second', 'count']"), QString("-1"));
            // Text columns are shown, not edited: the reason names the column.
            QSignalSpy rejected(&document, &ArrayDocument::editRejected);
            QVERIFY(!document.setCellText(0, 2, "cd"));
            QCOMPARE(rejected.size(), 1);
            QVERIFY(rejected.front().front().toString().contains("column 'name'"));
            QCOMPARE(pythonText("table.loc['first', 'name']"), QString("ab"));
        }
        testing::exec("del table");
    }

    // ---- Data files opened with no script.

    void dataFilesOpenWithoutAScript_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QByteArray>("csv");
        const QByteArray grid = "0,1,2\n3,4,5\n";
        QTest::newRow(".npy") << "grid.npy" << QStringList{} << "numpy.memmap" << grid;
        QTest::newRow(".npz member") << "pair.npz" << QStringList{"--dataset", "second"} << "numpy.ndarray"
                                     << QByteArray("7\n8\n");
        QTest::newRow(".h5 path") << "tree.h5" << QStringList{"--dataset", "/grp/data"} << "h5py.Dataset" << grid;
        QTest::newRow(".h5 path without the slash") << "tree.h5" << QStringList{"--dataset", "grp/data"}
                                                    << "h5py.Dataset" << grid;
        QTest::newRow(".nc (netCDF-4)") << "climate.nc" << QStringList{"--dataset", "/t"} << "h5py.Dataset" << grid;
        QTest::newRow(".zarr array") << "plain.zarr" << QStringList{} << "zarr.Array" << grid;
        QTest::newRow(".zarr group") << "group.zarr" << QStringList{"--dataset", "/inner/z"} << "zarr.Array" << grid;
        QTest::newRow(".h5 slice") << "tree.h5" << QStringList{"--dataset", "/grp/data", "--slice", "::-1,1"}
                                   << "h5py.Dataset" << QByteArray("4\n1\n");
    }

    void dataFilesOpenWithoutAScript()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, extra);
        QFETCH(QString, source);
        QFETCH(QByteArray, csv);
        makeDataFiles();
        const QString path = folder_.filePath(file);
        const qsizetype at = extra.indexOf("--dataset");
        const std::string dataset = at >= 0 ? extra[at + 1].toStdString() : std::string();
        {
            const std::shared_ptr<ArrayData> data = DataFile(path.toStdString()).open(dataset);
            QCOMPARE(QString::fromStdString(data->origin()), source);
            QCOMPARE(exportInProcess(*data, extra), csv);
        }
        // HDF5 locks a file open for writing: this process lets go first.
        testing::exec("import gc; gc.collect()");
        // Through the command line too, for one file of each kind.
        if (QString(QTest::currentDataTag()).contains("slash") || QString(QTest::currentDataTag()).contains("slice"))
            return;
        const testing::ProcessRun exported = runArrayLens(QStringList{"--export", "-"} << extra << path, options());
        QVERIFY2(exported.exitCode == 0, exported.describe());
        QCOMPARE(exported.out, csv);
    }

    void dataFileMistakesAreToldWithTheDatasets()
    {
        makeDataFiles();
        const QString tree = folder_.filePath("tree.h5");
        const testing::ProcessRun several = runArrayLens({"--export", "-", tree}, options());
        QCOMPARE(several.exitCode, 1);
        QVERIFY2(several.firstErrorLine().contains("holds 2 datasets") &&
                     several.firstErrorLine().contains("/grp/data, /top"),
                 several.describe());
        const testing::ProcessRun unknown = runArrayLens({"--dataset", "/nope", "--info", tree}, options());
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.firstErrorLine().contains("no dataset '/nope'; its datasets are: /grp/data, /top"),
                 unknown.describe());
        const testing::ProcessRun listed = runArrayLens({"--list", tree}, options());
        QCOMPARE(listed.out, QByteArray("Datasets:\n  /grp/data: int64 (2, 3)\n  /top: float32 (3,)\n"));
        const testing::ProcessRun call = runArrayLens({"--call", "f", "--info", tree}, options());
        QCOMPARE(call.exitCode, 2);
        QVERIFY(call.firstErrorLine().contains("is a data file"));
        const testing::ProcessRun script = runArrayLens(
            {"--dataset", "x", "--info", QString::fromStdString(testing::fixture("lazy_sources.py"))}, options());
        QCOMPARE(script.exitCode, 2);
        QVERIFY(script.firstErrorLine().contains("--dataset applies to a data FILE"));
        const testing::ProcessRun missing = runArrayLens({"--info", folder_.filePath("absent.h5")}, options());
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.firstErrorLine().contains("absent.h5"), missing.describe());
    }

    void dataFrameOfOneNumberBlockIsEditedInPlace()
    {
        testing::exec("import pandas\n"
                      "block = pandas.DataFrame(numpy.arange(6.0).reshape(3, 2) / 4, columns=['left', 7],\n"
                      "                         index=['x', 'y', 'z'])\n"
                      "counts = pandas.Series([5, 6], name='n', index=[10, 20])");
        std::shared_ptr<ArrayData> data;
        {
            GilGuard gil;
            data = ArrayData::fromObject(PyHandle(testing::eval("block").get()), "block is ");
        }
        QVERIFY(!data->isLazy());
        QVERIFY(data->buffer()); // the DataFrame's own memory
        QCOMPARE(QString::fromStdString(data->origin()), QString("pandas.DataFrame"));
        ArrayDocument document(data);
        QCOMPARE(QString::fromStdString(document.source()->columnHeader(1)), QString("7"));
        QCOMPARE(QString::fromStdString(document.source()->rowLabel(2)), QString("z"));
        QCOMPARE(document.exactText(2, 1), QString("1.25"));
        QVERIFY(document.setCellText(2, 1, "-8.5"));
        QCOMPARE(pythonText("block.loc['z', 7]"), QString("-8.5")); // at once: the same memory
        document.undoStack()->undo();
        QCOMPARE(pythonText("block.loc['z', 7]"), QString("1.25"));
        // Transposed, each axis keeps its labels.
        document.setSlice(SliceSpec::parse(":,:"), true);
        QCOMPARE(QString::fromStdString(document.source()->columnHeader(0)), QString("x"));
        QCOMPARE(QString::fromStdString(document.source()->rowLabel(1)), QString("7"));
        {
            GilGuard gil;
            data = ArrayData::fromObject(PyHandle(testing::eval("counts").get()), "counts is ");
        }
        ArrayDocument series(data);
        QCOMPARE(QString::fromStdString(series.source()->columnHeader(0)), QString("n"));
        QCOMPARE(QString::fromStdString(series.source()->rowLabel(1)), QString("20"));
        QCOMPARE(series.exactText(1, 0), QString("6"));
    }

    // ---- dask.distributed: worker processes started inside ArrayLens.

    void distributedArraysAreReadOneComputePerTileAndClustersClose()
    {
        testing::exec("from dask.distributed import Client, LocalCluster\n"
                      "cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,\n"
                      "                       dashboard_address=None, silence_logs=50)\n"
                      "client = Client(cluster)\n"
                      "spread = dask.array.arange(10_000 * 10_000, chunks=1_000_000, dtype='i8').reshape(10_000, 10_000) * 3\n"
                      "workers = sorted(p for p in client.run(lambda: __import__('os').getpid()).values())");
        QCOMPARE(pythonText("len(workers)"), QString("2"));
        QVERIFY(pythonText("__import__('os').getpid() not in workers") == "True"); // processes of their own
        const auto source = lazySource(openLazy("spread"), "9000:, 5000:");
        const Tile tile = source->tile(CellRange{990, 10, 4990, 10});
        QCOMPARE(text(tile, 999, 4999), QString::number((9'999LL * 10'000 + 9'999) * 3));
        QCOMPARE(text(tile, 990, 4990), QString::number((9'990LL * 10'000 + 9'990) * 3));
        Interpreter::closeClusters();
        QCOMPARE(pythonText("cluster.status.name"), QString("closed"));
        testing::exec("del spread, client, cluster");
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(LazySourcesTest)
#include "test_lazy_sources.moc"
