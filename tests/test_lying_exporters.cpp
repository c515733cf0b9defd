// SPDX-License-Identifier: MIT
// Exporters that lie never crash ArrayLens (issue 9, item 5). A real CPython
// exporter (tests/lying_exporter.cpp, imported as a module) hands out
// whatever Py_buffer fields a test sets; PyBuffer::acquire must refuse each
// lie with a message naming the exporter and the field, release the export,
// and keep honest layouts of the same exporter readable.
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/strided_view.h"

#include <string>

using namespace arraylens;

namespace {

/// What acquiring `expression` threw, or "" when it was accepted. A layout
/// that is accepted is also read, cell by cell, through a view of its first
/// plane, as the grid and the CSV writer would.
QString refusal(const std::string& expression)
{
    try {
        const auto buffer = testing::buffer(expression);
        std::string slice;
        for (int k = 2; k < buffer->dimensions(); ++k)
            slice += "0,";
        const StridedView view(buffer, SliceSpec::parse(slice));
        for (std::int64_t r = 0; r < view.rows(); ++r)
            for (std::int64_t c = 0; c < view.cols(); ++c)
                (void)CellCodec::format(view.pointer(r, c), view.columnType(0));
    } catch (const Error& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

} // namespace

class LyingExportersTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        testing::setString("_modules", ARRAYLENS_TEST_MODULES_DIR);
        testing::exec("sys.path.insert(0, _modules)\n"
                      "from arraylens_lying_exporter import Exporter\n"
                      "_last = None\n"
                      "def lie(*args, **kwargs):\n"
                      "    global _last\n"
                      "    _last = Exporter(*args, **kwargs)\n"
                      "    return _last\n");
    }

    void liesAreRefusedNamingTheField_data()
    {
        QTest::addColumn<QString>("exporter"); // a Python expression
        QTest::addColumn<QStringList>("fragments");
        // clang-format off
        QTest::newRow("ndim 70 with suboffsets") << "lie(bytes(16), ndim=70, shape=[1] * 70, strides=[0] * 70, suboffsets=[0] + [-1] * 69, pointers=[(0, 8)], len=1)"
            << QStringList{"ndim 70", "at most 64 dimensions are supported"};
        QTest::newRow("ndim 65") << "lie(bytes(8), ndim=65, shape=[1] * 65, strides=[0] * 65)" << QStringList{"ndim 65", "at most 64"};
        QTest::newRow("ndim -1") << "lie(b'abc', ndim=-1, shape=None)" << QStringList{"ndim -1"};
        QTest::newRow("itemsize 0, no shape") << "lie(b'abc', shape=None, itemsize=0)" << QStringList{"itemsize 0"};
        QTest::newRow("itemsize 0 with a shape") << "lie(b'abc', shape=[3], strides=[1], itemsize=0)" << QStringList{"itemsize 0"};
        QTest::newRow("itemsize -8") << "lie(bytes(16), shape=[2], strides=[8], itemsize=-8, format='d')" << QStringList{"itemsize -8"};
        QTest::newRow("len -1") << "lie(b'abc', shape=[0], strides=[1], len=-1)" << QStringList{"len -1"};
        QTest::newRow("shape [-5]") << "lie(b'abc', shape=[-5], strides=[1], len=0)" << QStringList{"shape[0] is -5"};
        QTest::newRow("shape [2, -5]") << "lie(b'abc', shape=[2, -5], strides=[1, 1], len=0)" << QStringList{"shape[1] is -5", "(2, -5)"};
        QTest::newRow("shape (2**62, 2**62)") << "lie(bytes(8), shape=[2**62, 2**62], strides=None)"
            << QStringList{"shape (4611686018427387904, 4611686018427387904) has more elements than fit in 64 bits"};
        QTest::newRow("shape (2**62, 2**62, 0)") << "lie(bytes(8), shape=[2**62, 2**62, 0], strides=[0, 0, 1], len=0)"
            << QStringList{"more elements than fit in 64 bits"};
        QTest::newRow("2**61 float64") << "lie(bytes(8), shape=[2**61], strides=None, itemsize=8, format='d')"
            << QStringList{"shape (2305843009213693952,) of 8-byte elements has more bytes than fit in 64 bits"};
        QTest::newRow("no shape for 2 dimensions") << "lie(bytes(4), ndim=2, shape=None)"
            << QStringList{"ndim 2 but no shape", "only 0 or 1 dimensions"};
        QTest::newRow("no shape, len not a multiple of itemsize") << "lie(b'abc', shape=None, itemsize=2, format='h')"
            << QStringList{"len 3", "not a multiple of itemsize 2"};
        QTest::newRow("C order past len") << "lie(bytes(16), shape=[100], strides=None, itemsize=8, format='d')"
            << QStringList{"len 16", "800 bytes"};
        QTest::newRow("strides past len") << "lie(bytes(16), shape=[4, 4], strides=[16, 4], itemsize=4, format='i')"
            << QStringList{"len 16", "64 bytes", "(4, 4)"};
        QTest::newRow("a reach past 64 bits") << "lie(bytes(4), shape=[4], strides=[2**62])"
            << QStringList{"strides[0] is 4611686018427387904 over shape[0] of 4", "do not fit in 64 bits"};
        QTest::newRow("a reach past 64 bits in an empty buffer") << "lie(bytes(4), shape=[4, 0], strides=[2**62, 1], len=0)"
            << QStringList{"strides[0] is 4611686018427387904"};
        QTest::newRow("reaches whose sum passes 64 bits") << "lie(bytes(9), shape=[3, 3], strides=[3 * 2**60, 3 * 2**60])"
            << QStringList{"strides (3458764513820540928, 3458764513820540928) over shape (3, 3)", "do not fit in 64 bits"};
        QTest::newRow("below address 0") << "lie(bytes(2), shape=[2], strides=[-(2**62)])"
            << QStringList{"strides (-4611686018427387904,) over shape (2,) from buf 0x", "address space"};
        QTest::newRow("buf NULL") << "lie(b'', shape=[1], strides=[1], len=1)" << QStringList{"buf NULL for 1 element"};
        QTest::newRow("itemsize against the format") << "lie(bytes(16), shape=[2], strides=[8], itemsize=8, format='i')"
            << QStringList{"format 'i' says int32 (4 bytes) but the buffer's itemsize is 8"};
        // clang-format on
    }

    void liesAreRefusedNamingTheField()
    {
        QFETCH(QString, exporter);
        QFETCH(QStringList, fragments);
        const QString message = refusal(exporter.toStdString());
        QVERIFY2(!message.isEmpty(), "accepted");
        for (const QString& fragment : fragments)
            QVERIFY2(message.contains(fragment), qPrintable("\"" + fragment + "\" missing from: " + message));
        if (!message.startsWith("format "))
            QVERIFY2(message.startsWith("a 'arraylens_lying_exporter.Exporter' object exports an invalid buffer: "),
                     qPrintable(message));
        // The refused export was released: the exporter may resize or free its memory again.
        QCOMPARE(testing::str("_last.exports"), std::string("0"));
    }

    void theSameExporterTellingTheTruthIsRead()
    {
        testing::exec("import struct\n_doubles = struct.pack('4d', 1.5, -2.0, 3.25, 4.0)");
        const auto read = [](const std::string& expression, const std::string& slice = {}) {
            const auto buffer = testing::buffer(expression);
            const StridedView view(buffer, SliceSpec::parse(slice));
            std::string text;
            for (std::int64_t r = 0; r < view.rows(); ++r)
                for (std::int64_t c = 0; c < view.cols(); ++c)
                    text += CellCodec::format(view.pointer(r, c), view.columnType(0)) + " ";
            return text;
        };
        QCOMPARE(read("lie(_doubles, shape=[2, 2], strides=[16, 8], itemsize=8, format='d')"),
                 std::string("1.5 -2.0 3.25 4.0 "));
        // Fortran order, NULL strides (C order), a len longer than the elements need.
        QCOMPARE(read("lie(_doubles, shape=[2, 2], strides=[8, 16], itemsize=8, format='d')"),
                 std::string("1.5 3.25 -2.0 4.0 "));
        QCOMPARE(read("lie(_doubles, shape=[3], strides=None, itemsize=8, format='d', len=32)"),
                 std::string("1.5 -2.0 3.25 "));
        // buf at the last element and a negative stride, as NumPy's a[::-1].
        QCOMPARE(read("lie(_doubles, shape=[4], strides=[-8], itemsize=8, format='d', offset=24, len=32)"),
                 std::string("4.0 3.25 -2.0 1.5 "));
        // A gap between elements: len is count × itemsize, not the 24 bytes touched (NumPy's a[::2]).
        QCOMPARE(read("lie(_doubles, shape=[2], strides=[16], itemsize=8, format='d', len=16)"), std::string("1.5 3.25 "));
        // Broadcast: stride 0.
        QCOMPARE(read("lie(_doubles, shape=[3], strides=[0], itemsize=8, format='d', len=24)"),
                 std::string("1.5 1.5 1.5 "));
        // No shape, ndim 1: len / itemsize elements.
        QCOMPARE(read("lie(_doubles, shape=None, itemsize=8, format='d')"), std::string("1.5 -2.0 3.25 4.0 "));
        // PIL style: two row pointers at 0 and 8, each to two int32.
        testing::exec("_rows = bytes(16) + struct.pack('4i', 1, 2, 3, 4)");
        QCOMPARE(read("lie(_rows, shape=[2, 2], strides=[8, 4], suboffsets=[0, -1], itemsize=4, format='i', "
                      "pointers=[(0, 16), (8, 24)], len=16)"),
                 std::string("1 2 3 4 "));
        QCOMPARE(read("lie(_rows, shape=[2, 2], strides=[8, 4], suboffsets=[0, -1], itemsize=4, format='i', "
                      "pointers=[(0, 16), (8, 24)], len=16)",
                      "::-1, ::-1"),
                 std::string("4 3 2 1 "));
        // 64 dimensions with suboffsets: the most PyBUF_MAX_NDIM allows, read
        // through the pointer at 0 on every cell of a plane.
        std::string plane;
        for (int k = 0; k < 62; ++k)
            plane += "0,";
        QCOMPARE(read("lie(struct.pack('P', 0) + struct.pack('2i', 7, 8), ndim=64, shape=[1] * 62 + [1, 2], "
                      "strides=[0] * 63 + [4], suboffsets=[0] + [-1] * 63, pointers=[(0, 8)], itemsize=4, format='i', len=8)",
                      plane + ":,:"),
                 std::string("7 8 "));
    }
};

ARRAYLENS_TEST_MAIN(LyingExportersTest)
#include "test_lying_exporters.moc"
