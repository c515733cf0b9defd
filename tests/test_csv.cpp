// SPDX-License-Identifier: MIT
// The CSV writer: exact values for every dtype, headers, selections, quoting,
// order across threads, cancel and write failures (into an OutputFile; the
// file targets themselves are test_export_target's).
#include "test_support.h"

#include "core/csv_writer.h"
#include "core/errors.h"
#include "core/output_file.h"
#include "core/strided_view.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>

using namespace arraylens;

namespace {

std::string csvOf(const StridedView& view, CsvOptions options = {}, std::optional<CellRange> range = {})
{
    std::string out;
    CsvWriter(options).write(view, range.value_or(CellRange::whole(view)), [&](std::string_view text) { out += text; });
    return out;
}

StridedView viewOf(const std::string& expression, const std::string& slice = {})
{
    return StridedView(testing::buffer(expression), SliceSpec::parse(slice));
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

} // namespace

class CsvTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        testing::exec(R"PY(
import io, csv as _csv, warnings
warnings.simplefilter('ignore', RuntimeWarning)  # numpy warns parsing the longdouble maximum
def _edges(dtype):
    dt = np.dtype(dtype)
    if dt.kind == 'b':
        return np.array([[True, False], [False, True]])
    if dt.kind in 'iu':
        info = np.iinfo(dt)
        return np.array([[info.min, info.max], [0, 1], [info.min + 1, info.max - 1]], dtype=dt)
    if dt.kind == 'f':
        info = np.finfo(dt)
        values = [np.nan, np.inf, -np.inf, -0.0, 0.0, info.max, -info.max, info.tiny, info.smallest_subnormal,
                  info.eps, 1 / 3, 0.1, 1e-5, 12345.678]
        return np.array(values, dtype=dt).reshape(-1, 2)
    if dt.kind == 'c':
        f = np.finfo(dt)
        values = [complex(np.nan, np.inf), complex(-0.0, 0.0), complex(0.0, -0.0), complex(f.max, -f.tiny),
                  complex(1 / 3, 0.1), complex(f.smallest_subnormal, f.eps)]
        return np.array(values, dtype=dt).reshape(-1, 2)
def _read_back(text, dtype):
    dt = np.dtype(dtype)
    rows = list(_csv.reader(io.StringIO(text)))
    if dt.kind == 'b':
        parse = lambda s: {'True': True, 'False': False}[s]
    elif dt.kind in 'iu':
        parse = int
    elif dt.kind == 'f':
        parse = float
    else:
        parse = complex
    if dt == np.longdouble:
        parse = np.longdouble  # float() would round to double
    return np.array([[parse(cell) for cell in row] for row in rows], dtype=dt)
def _same_bits(a, b):
    if a.dtype == np.longdouble:
        return all(x.tobytes()[:10] == y.tobytes()[:10] for x, y in zip(a.ravel(), b.ravel()))
    return a.tobytes() == b.tobytes()
)PY");
    }

    void everyDtypeRoundTripsExactly_data()
    {
        QTest::addColumn<QString>("dtype");
        for (const char* dtype : {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                                  "float16", "float32", "float64", "longdouble", "complex64", "complex128", ">f8",
                                  ">i2", "<c8"})
            QTest::newRow(dtype) << dtype;
    }
    void everyDtypeRoundTripsExactly()
    {
        QFETCH(QString, dtype);
        const std::string dt = dtype.toStdString();
        testing::exec("_values = _edges('" + dt + "')");
        const std::string csv = csvOf(viewOf("_values"));
        testing::setString("_csv_text", csv);
        QCOMPARE(testing::str("_same_bits(_read_back(_csv_text, '" + dt + "'), _values)"), std::string("True"));
    }

    void headerAndIndexShowTrueIndices()
    {
        CsvOptions options;
        options.headerRow = true;
        options.indexColumn = true;
        const std::string csv = csvOf(viewOf("np.arange(12).reshape(3, 4)", "::-1, 1::2"), options);
        QCOMPARE(csv, std::string(",1,3\n2,9,11\n1,5,7\n0,1,3\n"));
        options.delimiter = ';';
        // A 1-D array has no column axis: its column is headed "value", as in the grid, not "0".
        QCOMPARE(csvOf(viewOf("np.arange(3)"), options), std::string(";value\n0;0\n1;1\n2;2\n"));
        QCOMPARE(csvOf(viewOf("np.arange(6).reshape(2, 3)", ":, 1"), options), std::string(";value\n0;1\n1;4\n"));
    }

    void shapes()
    {
        QCOMPARE(csvOf(viewOf("np.arange(3)")), std::string("0\n1\n2\n"));        // 1-D: one column
        QCOMPARE(csvOf(viewOf("np.array(2.5)")), std::string("2.5\n"));            // 0-d: one cell
        QCOMPARE(csvOf(viewOf("np.zeros((0, 3))")), std::string());                // empty: empty file
        CsvOptions header;
        header.headerRow = true;
        QCOMPARE(csvOf(viewOf("np.zeros((3, 0))"), header), std::string());
        QCOMPARE(csvOf(viewOf("np.arange(24).reshape(2, 3, 4)", "1,:,::-1")), std::string("15,14,13,12\n19,18,17,16\n23,22,21,20\n"));
    }

    void selection()
    {
        const StridedView view = viewOf("np.arange(20).reshape(4, 5)");
        QCOMPARE(csvOf(view, {}, CellRange{1, 2, 3, 2}), std::string("8,9\n13,14\n"));
        CsvOptions options;
        options.headerRow = true;
        options.indexColumn = true;
        options.delimiter = '\t';
        QCOMPARE(csvOf(view, options, CellRange{2, 1, 0, 2}), std::string("\t0\t1\n2\t10\t11\n"));
    }

    void quotingWhenTheDelimiterAppearsInACell()
    {
        CsvOptions options;
        options.delimiter = '.';
        QCOMPARE(csvOf(viewOf("np.array([[1.5, 2.0]])"), options), std::string("\"1.5\".\"2.0\"\n"));
        options.delimiter = 'j';
        QCOMPARE(csvOf(viewOf("np.array([1+2j])"), options), std::string("\"(1+2j)\"\n"));
        // Labels too, when the delimiter is a digit or '-'.
        options.delimiter = '1';
        options.headerRow = true;
        options.indexColumn = true;
        QCOMPARE(csvOf(viewOf("np.array([[5, 7]])"), options), std::string("101\"1\"\n01517\n"));
    }

    void displayFormatOption()
    {
        CsvOptions options;
        options.display.floatStyle = DisplayOptions::FloatStyle::Fixed;
        options.display.precision = 2;
        QCOMPARE(csvOf(viewOf("np.array([[1/3, 2/3]])"), options), std::string("0.33,0.67\n"));
        // The grid's compact text, as the export dialog's "as displayed" asks
        // for it: rounded, without the grid's "rounded" marker.
        options.display = DisplayOptions::compactView();
        options.display.roundedMarker = false;
        QCOMPARE(csvOf(viewOf("np.array([[1/3, 0.5, 1234567.0]])"), options), std::string("0.333333,0.5,1.23457e+06\n"));
        // and exact by default
        QCOMPARE(csvOf(viewOf("np.array([[1/3]])")), std::string("0.3333333333333333\n"));
    }

    void manyBlocksStayInOrder()
    {
        // Large enough for many blocks on several threads.
        const StridedView view = viewOf("np.arange(300000, dtype=np.int64).reshape(-1, 3)[::-1]");
        const std::string csv = csvOf(view);
        testing::exec("_expected = ''.join(f'{a},{b},{c}\\n' for a, b, c in np.arange(300000).reshape(-1, 3)[::-1].tolist())");
        QCOMPARE(csv.size(), testing::str("_expected").size());
        QVERIFY(csv == testing::str("_expected"));
    }

    void cancelStopsEarly()
    {
        const StridedView view = viewOf("np.zeros((200000, 4))");
        std::int64_t calls = 0;
        std::size_t written = 0;
        const bool completed = CsvWriter().write(view, [&](std::string_view text) { written += text.size(); },
                                                 [&](std::int64_t) { return ++calls < 2; });
        QVERIFY(!completed);
        QVERIFY(written < 200000 * 8);
    }

    void failingSinkStopsTheExport()
    {
        const StridedView view = viewOf("np.zeros((200000, 4))");
        int chunks = 0;
        QVERIFY_THROWS_EXCEPTION(IoError, CsvWriter().write(view, [&](std::string_view) {
            if (++chunks == 2)
                throw IoError("disk full");
        }));
    }

    void writeFailureLeavesTheOldFileAndNoTemporary()
    {
        // A file-size limit makes write() fail with EFBIG, as a full disk fails with ENOSPC.
        QTemporaryDir folder;
        const QString path = folder.filePath("big.csv");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("precious\n");
        }
        const StridedView view = viewOf("np.arange(100000.0)");
        struct rlimit previous {};
        getrlimit(RLIMIT_FSIZE, &previous);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit small = previous;
        small.rlim_cur = 4096;
        setrlimit(RLIMIT_FSIZE, &small);
        QString message;
        try {
            OutputFile file(path.toStdString());
            CsvWriter().write(view, [&](std::string_view text) { file.write(text); });
            file.commit();
        } catch (const IoError& error) {
            message = error.what();
        }
        setrlimit(RLIMIT_FSIZE, &previous);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY2(message.contains("big.csv") && message.contains("File too large") && message.contains("unchanged"),
                 qPrintable(message));
        QCOMPARE(readFile(path), QByteArray("precious\n"));
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }
};

ARRAYLENS_TEST_MAIN(CsvTest)
#include "test_csv.moc"
