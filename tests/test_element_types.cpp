// SPDX-License-Identifier: MIT
// The element types beyond numbers, on real NumPy and ctypes objects:
// strings (U, S), dates and durations (through __array_interface__),
// masked arrays and records (one column per leaf field). Each is shown as
// NumPy shows it, edited (with undo) straight into the object's memory, and
// exported to CSV that Python's csv module and NumPy read back equal,
// field by field.
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/csv_writer.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/strided_view.h"
#include "ui/array_document.h"
#include "ui/array_table_model.h"

#include <QSignalSpy>

using namespace arraylens;

namespace {

std::string csvOf(const StridedView& view, CsvOptions options = {})
{
    std::string out;
    CsvWriter(options).write(view, [&](std::string_view text) { out += text; });
    return out;
}

/// Every cell's text, row by row, as the grid and the clipboard see it.
QStringList cellTexts(const ArrayDocument& document)
{
    QStringList texts;
    for (std::int64_t r = 0; r < document.view().rows(); ++r)
        for (std::int64_t c = 0; c < document.view().cols(); ++c)
            texts << document.exactText(r, c);
    return texts;
}

/// The Python list `expression` as a QStringList of its str() items.
QStringList pythonTexts(const std::string& expression)
{
    testing::exec("_texts = '\\x1f'.join(str(t) for t in " + expression + ")");
    const std::string joined = testing::str("_texts");
    QStringList texts = QString::fromStdString(joined).split(QChar(0x1f));
    if (joined.empty())
        texts = QStringList{QString()};
    return texts;
}

QString rejectionOf(ArrayDocument& document, std::int64_t row, std::int64_t column, const QString& text)
{
    QSignalSpy rejected(&document, &ArrayDocument::editRejected);
    if (document.setCellText(row, column, text))
        return {};
    return rejected.isEmpty() ? QString("<no message>") : rejected.first().first().toString();
}

} // namespace

class ElementTypesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        testing::exec(R"PY(
import csv as _csv, io as _io
def _bytes_text(b):
    b = b.rstrip(b'\0')
    return ''.join('\\\\' if c == 92 else chr(c) if 32 <= c < 127 else '\\x%02x' % c for c in b)
def _read_csv(text):
    return list(_csv.reader(_io.StringIO(text, newline='')))
)PY");
    }

    // ------------------------------------------------------------ strings

    void unicodeStrings()
    {
        testing::exec("u = np.array(['', 'abc', 'é€😀x', 'a' * 10, 'tab\\there, \"quoted\"'], dtype='U10')");
        ArrayDocument document(testing::buffer("u"));
        QCOMPARE(QString::fromStdString(document.buffer()->elementType().name), QString("U10"));
        QCOMPARE(cellTexts(document), pythonTexts("u"));
        QVERIFY(document.setCellText(1, 0, "Grüße 😀"));
        QCOMPARE(testing::str("u[1]"), std::string("Grüße 😀"));
        document.undoStack()->undo();
        QCOMPARE(testing::str("u[1]"), std::string("abc"));
        const QString tooLong = rejectionOf(document, 1, 0, "12345678901");
        QVERIFY2(tooLong.contains("11 characters") && tooLong.contains("at most 10"), qPrintable(tooLong));
        QCOMPARE(testing::str("u[1]"), std::string("abc"));
        // Exactly as long as the field: no terminating NUL needed.
        QVERIFY(document.setCellText(0, 0, "0123456789"));
        QCOMPARE(testing::str("u[0]"), std::string("0123456789"));
    }

    void bigEndianUnicode()
    {
        testing::exec("ub = np.array(['ab', 'ÿ€'], dtype='>U3')");
        ArrayDocument document(testing::buffer("ub"));
        QCOMPARE(cellTexts(document), (QStringList{"ab", "ÿ€"}));
        QVERIFY(document.setCellText(0, 0, "xyz"));
        QCOMPARE(testing::str("ub[0]"), std::string("xyz"));
    }

    void byteStrings()
    {
        testing::exec("s = np.array([b'abc', b'a\\\\b', b'\\x00\\xff\\n', b'x\\x00y', b'', b'q\\x00\\x00'], dtype='S4')");
        ArrayDocument document(testing::buffer("s"));
        QCOMPARE(QString::fromStdString(document.buffer()->elementType().name), QString("S4"));
        QCOMPARE(cellTexts(document), pythonTexts("[_bytes_text(x) for x in s]"));
        QCOMPARE(document.exactText(2, 0), QString("\\x00\\xff\\x0a"));
        QVERIFY(document.setCellText(4, 0, "\\x01z\\\\"));
        QCOMPARE(testing::str("repr(s[4])"), std::string("b'\\x01z\\\\'"));
        document.undoStack()->undo();
        QCOMPARE(testing::str("repr(s[4])"), std::string("b''"));
        QVERIFY(rejectionOf(document, 0, 0, "abcde").contains("at most 4"));
        QVERIFY(rejectionOf(document, 0, 0, "é").contains("non-ASCII"));
        QVERIFY(rejectionOf(document, 0, 0, "\\q").contains("backslash"));
        QCOMPARE(testing::str("repr(s[0])"), std::string("b'abc'"));
    }

    // ------------------------------------------------------------ dates

    void datesAreNumPysText_data()
    {
        QTest::addColumn<QString>("unit");
        for (const char* unit : {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"})
            QTest::newRow(unit) << unit;
    }
    void datesAreNumPysText()
    {
        QFETCH(QString, unit);
        const std::string u = unit.toStdString();
        // Around the epoch, far out, negative years, and NaT.
        testing::exec("_rng = np.random.default_rng(7)\n"
                      "_span = 10**7 if '" + u + "' in 'YMWD' else 2**52\n"
                      "d = np.concatenate([np.array([0, -1, 1, -719893, 2932897], 'i8'),"
                      " _rng.integers(-_span, _span, 300)]).astype('M8[" + u + "]')\n"
                      "d[3] = np.datetime64('NaT')\n");
        ArrayDocument document(testing::buffer("d"));
        QVERIFY(document.buffer()->isArrayInterface());
        QCOMPARE(QString::fromStdString(document.buffer()->elementType().name), "datetime64[" + unit + "]");
        const QStringList texts = cellTexts(document);
        QCOMPARE(texts, pythonTexts("np.datetime_as_string(d)"));
        // What we write, we read: every text parses back to the same count.
        const ElementType& type = document.view().columnType(0);
        for (std::int64_t r = 0; r < document.view().rows(); ++r) {
            const ElementBytes parsed = CellCodec::parse(texts[int(r)].toStdString(), type);
            QVERIFY2(std::equal(parsed.begin(), parsed.end(), document.view().pointer(r, 0)), qPrintable(texts[int(r)]));
        }
    }

    void datesAreEditedExactly()
    {
        testing::exec("dm = np.array(['2024-01-01T00:00:00.000'] * 3, dtype='M8[ms]')");
        ArrayDocument document(testing::buffer("dm"));
        QVERIFY(document.setCellText(1, 0, "2024-02-29T12:00:00.125"));
        QCOMPARE(testing::str("dm[1] == np.datetime64('2024-02-29T12:00:00.125')"), std::string("True"));
        QCOMPARE(document.exactText(1, 0), QString("2024-02-29T12:00:00.125"));
        QVERIFY(document.setCellText(2, 0, "NaT"));
        QCOMPARE(testing::str("np.isnat(dm[2])"), std::string("True"));
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(testing::str("(dm == np.datetime64('2024-01-01')).all()"), std::string("True"));
        // Refused: not a day, more precise than the unit, not a date.
        QVERIFY(rejectionOf(document, 0, 0, "2023-02-29").contains("no day 29"));
        QVERIFY(rejectionOf(document, 0, 0, "2024-01-01T00:00:00.0005").contains("more precise"));
        QVERIFY(rejectionOf(document, 0, 0, "yesterday").contains("datetime64[ms]"));
        // A coarser text fills the rest, as NumPy reads it.
        QVERIFY(document.setCellText(0, 0, "1999-12"));
        QCOMPARE(testing::str("str(dm[0])"), std::string("1999-12-01T00:00:00.000"));
    }

    void durationsAreCounts()
    {
        testing::exec("td = np.array([5, -3, 0, 'NaT'], dtype='m8[s]')");
        ArrayDocument document(testing::buffer("td"));
        QCOMPARE(cellTexts(document), (QStringList{"5", "-3", "0", "NaT"}));
        QVERIFY(document.setCellText(2, 0, "-9223372036854775807"));
        QCOMPARE(testing::str("int(td[2].astype('i8'))"), std::string("-9223372036854775807"));
        QVERIFY(rejectionOf(document, 2, 0, "-9223372036854775808").contains("out of range"));
        QVERIFY(rejectionOf(document, 2, 0, "1.5").contains("whole number"));
        QVERIFY(rejectionOf(document, 2, 0, "+-5").contains("whole number")); // once read as -5
        QVERIFY(document.setCellText(2, 0, "+7"));
        QCOMPARE(testing::str("int(td[2].astype('i8'))"), std::string("7"));
        QCOMPARE(document.view().columnType(0).codec->toDouble(document.view().pointer(0, 0)).value_or(0), 5.0);
    }

    void readOnlyDatesStayReadOnly()
    {
        testing::exec("dr = np.array(['2020-01-01'], 'M8[D]'); dr.flags.writeable = False");
        ArrayDocument document(testing::buffer("dr"));
        QVERIFY(document.isReadOnly());
        QVERIFY(!rejectionOf(document, 0, 0, "2021-01-01").isEmpty());
        QCOMPARE(testing::str("str(dr[0])"), std::string("2020-01-01"));
    }

    void spoofedArrayInterfacesAreNotRead()
    {
        // A class that claims an array interface with any address, and an
        // ndarray subclass that overrides NumPy's: neither is believed.
        testing::exec(R"PY(
class _Claims:
    __array_interface__ = {'data': (8, False), 'typestr': '<M8[s]', 'shape': (4,), 'version': 3}
class _Overrides(np.ndarray):
    @property
    def __array_interface__(self):
        return {'data': (8, False), 'typestr': '<M8[s]', 'shape': (4,), 'version': 3}
spoofed = np.array(['2020-01-01T00:00:00', 'NaT'], 'M8[s]').view(_Overrides)
)PY");
        try {
            (void)testing::buffer("_Claims()");
            QFAIL("a claimed array interface was read");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("does not support the buffer protocol"), error.what());
        }
        auto buffer = testing::buffer("spoofed");
        StridedView view(buffer, SliceSpec::parse(""));
        QCOMPARE(view.rows(), 2);
        QCOMPARE(CellCodec::format(view.pointer(0, 0), view.columnType(0)), std::string("2020-01-01T00:00:00"));
    }

    void stridedDatesAreZeroCopy()
    {
        testing::exec("dz = np.arange(24).astype('M8[h]').reshape(4, 6)[::-1, ::2]");
        auto buffer = testing::buffer("dz");
        StridedView view(buffer, SliceSpec::parse(""));
        QCOMPARE(view.rows(), 4);
        QCOMPARE(view.cols(), 3);
        QCOMPARE(CellCodec::format(view.pointer(0, 2), view.columnType(2)), testing::str("str(dz[0, 2])"));
        testing::exec("dz[0, 2] = np.datetime64('2000-01-01T05')");
        QCOMPARE(CellCodec::format(view.pointer(0, 2), view.columnType(2)), std::string("2000-01-01T05"));
    }

    // ------------------------------------------------------------ masks

    void maskedCellsAreEmptyAndToggle()
    {
        testing::exec("ma = np.ma.masked_array([1.5, 2.0, 3.0], mask=[False, True, False])");
        ArrayDocument document(testing::buffer("ma"));
        QVERIFY(document.hasMask());
        QVERIFY(document.isMasked(1, 0));
        QCOMPARE(document.displayText(1, 0), QString());
        QCOMPARE(document.displayText(0, 0), QString("1.5"));
        ArrayTableModel model(&document);
        QVERIFY(model.data(model.index(1, 0), Qt::BackgroundRole).isValid());
        QVERIFY(!model.data(model.index(0, 0), Qt::BackgroundRole).isValid());
        // Export: a masked cell is an empty cell.
        QCOMPARE(csvOf(document.view()), std::string("1.5\n\n3.0\n"));
        // Toggling is an edit with undo, written into the array's own mask.
        QVERIFY(document.toggleMask(CellRange{0, 1, 0, 1}));
        QCOMPARE(testing::str("ma.mask.tolist()"), std::string("[True, True, False]"));
        QCOMPARE(testing::str("ma.data.tolist()"), std::string("[1.5, 2.0, 3.0]")); // the values stay
        document.undoStack()->undo();
        QCOMPARE(testing::str("ma.mask.tolist()"), std::string("[False, True, False]"));
        QVERIFY(document.toggleMask(CellRange{1, 2, 0, 1})); // the first is masked: unmask both
        QCOMPARE(testing::str("ma.mask.tolist()"), std::string("[False, False, False]"));
        // A value typed into a masked cell unmasks it, as ma[i] = x does; one undo step.
        QVERIFY(document.toggleMask(CellRange{2, 1, 0, 1}));
        QVERIFY(document.setCellText(2, 0, "-4.5"));
        QCOMPARE(testing::str("ma.tolist()"), std::string("[1.5, 2.0, -4.5]"));
        document.undoStack()->undo();
        QCOMPARE(testing::str("ma.tolist()"), std::string("[1.5, 2.0, None]"));
        QCOMPARE(testing::str("ma.data[2]"), std::string("3.0"));
    }

    void unmaskedArrayGetsItsOwnMask()
    {
        testing::exec("mn = np.ma.masked_array(np.arange(4, dtype='i2'))\n_nomask_before = mn.mask is np.ma.nomask");
        QCOMPARE(testing::str("_nomask_before"), std::string("True"));
        ArrayDocument document(testing::buffer("mn"));
        QVERIFY(document.hasMask());
        QVERIFY(document.toggleMask(CellRange{2, 1, 0, 1}));
        QCOMPARE(testing::str("mn.mask.tolist()"), std::string("[False, False, True, False]"));
        QCOMPARE(testing::str("str(mn)"), std::string("[0 1 -- 3]"));
    }

    void sharedMaskIsNotChangedThroughAView()
    {
        testing::exec("mbase = np.ma.masked_array([1, 2, 3], mask=[0, 0, 1])\nmview = mbase[:]");
        ArrayDocument document(testing::buffer("mview"));
        QVERIFY(document.toggleMask(CellRange{0, 1, 0, 1}));
        QCOMPARE(testing::str("mview.mask.tolist()"), std::string("[True, False, True]"));
        QCOMPARE(testing::str("mbase.mask.tolist()"), std::string("[False, False, True]"));
    }

    void readOnlyMaskedArrayRefusesToggles()
    {
        testing::exec("mr = np.ma.masked_array([1, 2], mask=[1, 0]); mr.flags.writeable = False");
        ArrayDocument document(testing::buffer("mr"));
        QVERIFY(document.isMasked(0, 0));
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(!document.toggleMask(CellRange{1, 1, 0, 1}));
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(testing::str("mr.mask.tolist()"), std::string("[True, False]"));
    }

    void maskedRecordsMaskFieldByField()
    {
        testing::exec("mrec = np.ma.masked_array(np.zeros(2, dtype=[('a', 'i4'), ('b', 'f8')]),"
                      " mask=[(False, True), (True, False)])");
        ArrayDocument document(testing::buffer("mrec"));
        QCOMPARE(cellTexts(document), (QStringList{"0", "0.0", "0", "0.0"})); // exact text, under the mask too
        QVERIFY(!document.isMasked(0, 0));
        QVERIFY(document.isMasked(0, 1));
        QVERIFY(document.isMasked(1, 0));
        QVERIFY(!document.isMasked(1, 1));
        QCOMPARE(csvOf(document.view()), std::string("0,\n,0.0\n"));
        QVERIFY(document.toggleMask(CellRange{1, 1, 1, 1}));
        QCOMPARE(testing::str("mrec.mask['b'].tolist()"), std::string("[True, True]"));
        QCOMPARE(testing::str("mrec.mask['a'].tolist()"), std::string("[False, True]"));
    }

    void longValuesAndWideRecords()
    {
        // Values have no fixed size: a 1,000-character string, a record of 300 fields.
        testing::exec("long_text = np.array(['x' * 999 + '€', 'short'], dtype='U1000')\n"
                      "wide = np.zeros(2, dtype=[(f'f{i}', 'f8' if i % 2 else 'i2') for i in range(300)])\n"
                      "wide['f299'] = [1.25, -2.5]");
        ArrayDocument text(testing::buffer("long_text"));
        QCOMPARE(text.exactText(0, 0).size(), 1000);
        QVERIFY(text.setCellText(1, 0, QString(1000, QChar(0x00e9))));
        QCOMPARE(testing::str("len(long_text[1]), long_text[1][-1]"), std::string("(1000, 'é')"));
        QCOMPARE(csvOf(StridedView(testing::buffer("long_text"), SliceSpec::parse(""))).size(),
                 std::size_t(999 + 3 + 1 + 2000 + 1));
        ArrayDocument records(testing::buffer("wide"));
        QCOMPARE(records.view().cols(), 300);
        QCOMPARE(records.view().columnHeader(299), std::string("f299"));
        QCOMPARE(records.exactText(1, 299), QString("-2.5"));
        QVERIFY(records.paste(CellRange{0, 1, 0, 300}, "7"));
        QCOMPARE(testing::str("int(wide['f0'][0]), float(wide['f299'][0])"), std::string("(7, 7.0)"));
    }

    void plainArraysHaveNoMask()
    {
        ArrayDocument document(testing::buffer("np.arange(3)"));
        QVERIFY(!document.hasMask());
        QSignalSpy rejected(&document, &ArrayDocument::editRejected);
        QVERIFY(!document.toggleMask(CellRange{0, 1, 0, 1}));
        QVERIFY(rejected.first().first().toString().contains("no mask"));
    }

    void recordMasksAreFieldByField()
    {
        // numpy.ma masks a record array field by field: its mask is a record
        // of bools with the same names, nested fields and sub-arrays included.
        testing::exec(R"PY(
mrec = np.ma.masked_array(np.zeros(3, dtype=[('x', 'f8'), ('p', [('a', 'i2'), ('b', 'i2', (2,))]), ('y', 'i4')]))
mrec[1] = np.ma.masked
mrec.mask[2]['y'] = True
mrec.mask[0]['p']['b'][1] = True
)PY");
        ArrayDocument document(testing::buffer("mrec"));
        const StridedView& view = document.view();
        QCOMPARE(view.cols(), 5); // x, p.a, p.b[0], p.b[1], y
        QStringList masked;
        for (std::int64_t r = 0; r < view.rows(); ++r)
            for (std::int64_t c = 0; c < view.cols(); ++c)
                masked << (document.isMasked(r, c) ? "--" : "0");
        QCOMPARE(masked, (QStringList{"0", "0", "0", "--", "0", "--", "--", "--", "--", "--", "0", "0", "0", "0", "--"}));
        QCOMPARE(csvOf(view), std::string("0.0,0,0,,0\n,,,,\n0.0,0,0,0,\n"));
        // Toggling a cell masks that field only, as mrec[0]['x'] = np.ma.masked does.
        QVERIFY(document.toggleMask(CellRange{0, 1, 0, 1}));
        QCOMPARE(testing::str("mrec.mask['x'].tolist()"), std::string("[True, True, False]"));
        QCOMPARE(testing::str("mrec.mask['y'].tolist()"), std::string("[False, True, True]"));
        QCOMPARE(testing::str("mrec.mask['p']['b'].tolist()"), std::string("[[False, True], [True, True], [False, False]]"));
        // One field of the record plane reads its own mask, too.
        const StridedView y(testing::buffer("mrec"), SliceSpec::parse(""), false, "y");
        QVERIFY(!y.isMasked(0, 0));
        QVERIFY(y.isMasked(2, 0));
    }

    void aMaskThatIsAMaskedArrayIsReadAsItsData()
    {
        // m._mask = m once recursed without end (a stack overflow): the
        // mask's own mask is never asked for.
        testing::exec("mself = np.ma.masked_array([True, False])\nmself._mask = mself");
        ArrayDocument document(testing::buffer("mself"));
        QVERIFY(document.isMasked(0, 0));
        QVERIFY(!document.isMasked(1, 0));
        testing::exec("mnest = np.ma.masked_array([1.5, 2.5])\n"
                      "mnest._mask = np.ma.masked_array([False, True], mask=[True, False])");
        QCOMPARE(csvOf(ArrayDocument(testing::buffer("mnest")).view()), std::string("1.5\n\n"));
    }

    void masksThatDoNotFitTheRecordAreRefused()
    {
        testing::exec("mplain = np.ma.masked_array([1.0, 2.0])\nmplain._mask = np.zeros(2, dtype=[('a', '?')])\n"
                      "mnames = np.ma.masked_array(np.zeros(2, dtype=[('x', 'f8')]))\n"
                      "mnames._mask = np.zeros(2, dtype=[('a', '?')])");
        QVERIFY_THROWS_EXCEPTION(InvalidBufferError, (void)testing::buffer("mplain"));
        QVERIFY_THROWS_EXCEPTION(InvalidBufferError, (void)testing::buffer("mnames"));
    }

    // ------------------------------------------------------------ records

    void recordColumns()
    {
        testing::exec(R"PY(
rec_dtype = np.dtype([('name', 'U10'), ('pos', [('x', '<f8'), ('y', '>f8')]), ('v', '<i4', (2,)), ('flag', '?'),
                      ('when', 'S3')])
rec = np.zeros(3, dtype=rec_dtype)
rec['name'] = ['a', 'bé', 'c,d']
rec['pos']['x'] = [0.5, -1.25, 1e300]
rec['pos']['y'] = [2.0, 3.5, -0.0]
rec['v'] = [[1, 2], [3, 4], [-5, 2**31 - 1]]
rec['flag'] = [True, False, True]
rec['when'] = [b'abc', b'\n', b'']
)PY");
        ArrayDocument document(testing::buffer("rec"));
        const StridedView& view = document.view();
        QCOMPARE(view.cols(), 7);
        QStringList headers;
        for (std::int64_t c = 0; c < view.cols(); ++c)
            headers << QString::fromStdString(view.columnHeader(c));
        QCOMPARE(headers, (QStringList{"name", "pos.x", "pos.y", "v[0]", "v[1]", "flag", "when"}));
        QCOMPARE(cellTexts(document),
                 pythonTexts("[t for r in rec for t in (r['name'], repr(float(r['pos']['x'])), "
                             "repr(float(r['pos']['y'])), r['v'][0], r['v'][1], r['flag'], _bytes_text(r['when']))]"));
        QVERIFY(document.isBool(5));
        QVERIFY(!document.isBool(4));
        // Each field edits with its own codec, in its own byte order, with undo.
        QVERIFY(document.setCellText(1, 2, "-7.75"));
        QCOMPARE(testing::str("rec['pos']['y'][1]"), std::string("-7.75"));
        QVERIFY(document.setCellText(2, 0, "zz"));
        QVERIFY(document.setCellText(0, 4, "-2147483648"));
        QCOMPARE(testing::str("rec[0]['v'].tolist()"), std::string("[1, -2147483648]"));
        QVERIFY(rejectionOf(document, 0, 3, "2147483648").contains("out of range for int32"));
        document.undoStack()->undo();
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(testing::str("rec['pos']['y'][1]"), std::string("3.5"));
        QCOMPARE(testing::str("rec['name'][2]"), std::string("c,d"));
        QCOMPARE(testing::str("rec[0]['v'].tolist()"), std::string("[1, 2]"));
        // A paste across fields parses each cell with its column's codec.
        QVERIFY(document.paste(CellRange{0, 1, 0, 3}, "x\t9\t10"));
        QCOMPARE(testing::str("(rec['name'][0], rec['pos']['x'][0], rec['pos']['y'][0])"),
                 std::string("('x', 9.0, 10.0)"));
    }

    void recordCsvReadsBackFieldByField()
    {
        testing::exec(R"PY(
rt = np.zeros(4, dtype=[('id', '<i8'), ('label', 'U8'), ('raw', 'S4'), ('t', 'M8[s]'), ('pos', [('x', 'f4'), ('y', '>f8')]),
                        ('ok', '?'), ('z', 'c16')])
rt['id'] = [1, -2, 3, 2**62]
rt['label'] = ['plain', 'a,b', 'say "hi"', 'two\nlines']
rt['raw'] = [b'ab', b'\x00\x01', b'\\', b'"q"']
rt['t'] = ['2024-02-29T12:00:01', 'NaT', '1969-12-31T23:59:59', '2000-01-01']
rt['pos']['x'] = [0.1, np.nan, -np.inf, 3.4028235e38]
rt['pos']['y'] = [1e-300, -0.0, 2.5, 1 / 3]
rt['ok'] = [True, False, False, True]
rt['z'] = [1 + 2j, -0.5j, complex(np.nan, 1), 0]
)PY");
        // Records with dates refuse the buffer protocol in NumPy: read the
        // date-free fields through the buffer, the whole through a view.
        auto buffer = testing::buffer("rt[['id', 'label', 'raw', 'pos', 'ok', 'z']]");
        StridedView view(buffer, SliceSpec::parse(""));
        CsvOptions options;
        options.headerRow = true;
        testing::setString("_csv_text", csvOf(view, options));
        testing::exec(R"PY(
_rows = _read_csv(_csv_text)
_header, _body = _rows[0], _rows[1:]
_cols = {name: [row[i] for row in _body] for i, name in enumerate(_header)}
_problems = []
def _check(name, got, want):
    if got != want:
        _problems.append((name, got, want))
_check('id', np.array(_cols['id'], dtype='i8').tolist(), rt['id'].tolist())
_check('label', _cols['label'], rt['label'].tolist())
_check('raw', [bytes(t, 'ascii').decode('unicode_escape').encode('latin-1') for t in _cols['raw']], rt['raw'].tolist())
_check('pos.x', np.array(_cols['pos.x'], dtype='f4').tobytes(), rt['pos']['x'].tobytes())
_check('pos.y', np.array(_cols['pos.y'], dtype='>f8').tobytes(), rt['pos']['y'].tobytes())
_check('ok', [t == 'True' for t in _cols['ok']], rt['ok'].tolist())
_check('z', np.array([complex(t) for t in _cols['z']]).tobytes(), rt['z'].tobytes())
_check('header', _header, ['id', 'label', 'raw', 'pos.x', 'pos.y', 'ok', 'z'])
)PY");
        QCOMPARE(testing::str("_problems"), std::string("[]"));
        // The dates, a strided field read in place through the array
        // interface, read back with NumPy.
        auto dates = testing::buffer("rt['t']");
        testing::setString("_csv_text", csvOf(StridedView(dates, SliceSpec::parse(""))));
        QCOMPARE(testing::str("(np.array([r[0] for r in _read_csv(_csv_text)], 'M8[s]') == rt['t']).sum() + "
                              "np.isnat(rt['t']).sum()"),
                 std::string("4"));
    }

    void recordPlanesShowOneField()
    {
        testing::exec("grid_rec = np.zeros((3, 4), dtype=[('a', 'i2'), ('b', [('c', 'f4'), ('d', 'U2')])])\n"
                      "grid_rec['b']['c'] = np.arange(12).reshape(3, 4) / 2");
        ArrayDocument document(testing::buffer("grid_rec"));
        QCOMPARE(document.view().cols(), 4);
        QCOMPARE(document.view().shownFields(), std::vector<std::string>{"a"});
        QCOMPARE(document.view().columnHeader(2), std::string("2"));
        document.setSlice(document.slice(), false, "b.c");
        QCOMPARE(document.exactText(2, 3), QString("5.5"));
        QVERIFY(document.setCellText(2, 3, "-1"));
        QCOMPARE(testing::str("grid_rec['b']['c'][2, 3]"), std::string("-1.0"));
        try {
            document.setSlice(document.slice(), false, "nope");
            QFAIL("an unknown field was accepted");
        } catch (const SliceError& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("'nope'") && message.contains("a, b.c, b.d"), qPrintable(message));
        }
        try {
            document.setSlice(document.slice(), false, "b");
            QFAIL("two fields were shown on a plane");
        } catch (const SliceError& error) {
            QVERIFY2(QString(error.what()).contains("one at a time: b.c, b.d"), error.what());
        }
        QCOMPARE(document.field(), std::string("b.c")); // a refusal changes nothing
        // A column of the same records shows every field.
        document.setSlice(SliceSpec::parse("1, :"));
        QCOMPARE(document.view().cols(), 3);
        QCOMPARE(document.view().columnHeader(1), std::string("b.c"));
    }

    void ctypesStructures()
    {
        testing::exec(R"PY(
class _Point(ctypes.BigEndianStructure):
    _fields_ = [('x', ctypes.c_int16), ('y', ctypes.c_double)]
class _Shape(ctypes.Structure):
    _fields_ = [('id', ctypes.c_uint8), ('corner', _Point), ('sizes', ctypes.c_float * 3)]
shapes = (_Shape * 2)()
shapes[1].id = 7
shapes[1].corner.x = -300
shapes[1].corner.y = 2.5
shapes[1].sizes[2] = 0.25
)PY");
        ArrayDocument document(testing::buffer("shapes"));
        const StridedView& view = document.view();
        QStringList headers;
        for (std::int64_t c = 0; c < view.cols(); ++c)
            headers << QString::fromStdString(view.columnHeader(c));
        QCOMPARE(headers, (QStringList{"id", "corner.x", "corner.y", "sizes[0]", "sizes[1]", "sizes[2]"}));
        QCOMPARE(cellTexts(document).mid(6), (QStringList{"7", "-300", "2.5", "0.0", "0.0", "0.25"}));
        QVERIFY(document.setCellText(1, 1, "12345"));
        QCOMPARE(testing::str("shapes[1].corner.x"), std::string("12345"));
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(ElementTypesTest)
#include "test_element_types.moc"
