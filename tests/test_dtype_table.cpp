// SPDX-License-Identifier: MIT
// The dtype table and the PEP 3118 format parser (DESIGN.md decision 4).
#include "test_support.h"

#include "core/dtype_table.h"
#include "core/errors.h"

using namespace arraylens;

class DtypeTableTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyRowParsesToItself()
    {
        for (const DtypeRow& row : DtypeTable::rows()) {
            const ElementType format = DtypeTable::parse(row.code, row.itemSize);
            QCOMPARE(format.row, &row);
            QCOMPARE(format.name, std::string(row.numpyName));
            QCOMPARE(format.kind, row.kind);
            QCOMPARE(format.itemSize, row.itemSize);
            QVERIFY(!format.swapped);
            QVERIFY(format.codec != nullptr);
        }
    }

    void seedTableIsCovered()
    {
        // The seed's eleven rows, each with its accessor stem.
        const std::pair<const char*, const char*> seed[] = {
            {"?", "Bool"}, {"b", "SByte"}, {"h", "Short"}, {"i", "Int"}, {"l", "Long"}, {"B", "Byte"},
            {"H", "UShort"}, {"I", "UInt"}, {"L", "ULong"}, {"f", "Float"}, {"d", "Double"},
        };
        for (const auto& [code, stem] : seed) {
            const DtypeRow* row = DtypeTable::find(code);
            QVERIFY2(row, code);
            QCOMPARE(row->accessorStem, std::string_view(stem));
        }
    }

    void byteOrderPrefixes_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("itemSize");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<bool>("swapped");
        QTest::addColumn<QString>("order");
        QTest::newRow("native i") << "i" << 4 << "int32" << false << "<";
        QTest::newRow("@i") << "@i" << 4 << "int32" << false << "<";
        QTest::newRow("=i") << "=i" << 4 << "int32" << false << "<";
        QTest::newRow("^g (numpy, unaligned)") << "^g" << 16 << "longdouble" << false << "<";
        QTest::newRow("^l native size") << "^l" << 8 << "int64" << false << "<";
        QTest::newRow("<i (ctypes)") << "<i" << 4 << "int32" << false << "<";
        QTest::newRow(">i") << ">i" << 4 << "int32" << true << ">";
        QTest::newRow("!i") << "!i" << 4 << "int32" << true << ">";
        QTest::newRow(">d") << ">d" << 8 << "float64" << true << ">";
        QTest::newRow(">q (numpy >i8)") << ">q" << 8 << "int64" << true << ">";
        QTest::newRow("<q (ctypes c_long)") << "<q" << 8 << "int64" << false << "<";
        QTest::newRow("<l standard size") << "<l" << 4 << "int32" << false << "<";
        QTest::newRow("<l ctypes native size") << "<l" << 8 << "int64" << false << "<";
        QTest::newRow(">Zd") << ">Zd" << 16 << "complex128" << true << ">";
        QTest::newRow(">e") << ">e" << 2 << "float16" << true << ">";
        QTest::newRow(">B one byte") << ">B" << 1 << "uint8" << false << "|";
        QTest::newRow("? bool") << "?" << 1 << "bool" << false << "|";
        QTest::newRow("empty is B") << "" << 1 << "uint8" << false << "|";
        QTest::newRow("n ssize_t") << "n" << 8 << "int64" << false << "<";
        QTest::newRow("N size_t") << "N" << 8 << "uint64" << false << "<";
    }
    void byteOrderPrefixes()
    {
        QFETCH(QString, format);
        QFETCH(int, itemSize);
        QFETCH(QString, dtype);
        QFETCH(bool, swapped);
        QFETCH(QString, order);
        const ElementType parsed = DtypeTable::parse(format.toStdString(), itemSize);
        QCOMPARE(QString::fromStdString(parsed.name), dtype);
        QCOMPARE(parsed.swapped, swapped);
        QCOMPARE(QString(QChar(DtypeTable::byteOrderChar(parsed))), order);
        if (parsed.row)
            QCOMPARE(QString::fromUtf8(parsed.row->numpyName.data()), dtype);
    }

    void ssizeAndSizeAreTheRightWayRound()
    {
        // The seed's bridge swaps them; n is signed, N unsigned.
        QCOMPARE(DtypeTable::parse("n", 8).kind, ElementKind::SignedInteger);
        QCOMPARE(DtypeTable::parse("N", 8).kind, ElementKind::UnsignedInteger);
        QCOMPARE(DtypeTable::find("n")->cppType, std::string_view("Py_ssize_t"));
        QCOMPARE(DtypeTable::find("N")->cppType, std::string_view("std::size_t"));
    }

    void unsupportedFormatsNameTheFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("itemSize");
        QTest::addColumn<QString>("reason");
        QTest::newRow("struct larger than its items") << "T{i:a:=d:b:}" << 8 << "itemsize is 8";
        QTest::newRow("object") << "O" << 8 << "object";
        QTest::newRow("bytes S3 of 4 bytes") << "3s" << 4 << "itemsize is 4";
        QTest::newRow("unicode U3 of 3 bytes") << "3w" << 3 << "itemsize is 3";
        QTest::newRow("pointer") << "P" << 8 << "pointer";
        QTest::newRow("padding") << "x" << 1 << "padding";
        QTest::newRow("date in an unknown unit") << "<M8[fortnight]" << 8 << "fortnight";
        QTest::newRow("date of 4 bytes") << "<M8[s]" << 4 << "itemsize is 4";
        QTest::newRow("unknown letter") << "y" << 1 << "not supported";
        QTest::newRow("two Z") << "ZZd" << 16 << "'Z' is not followed by";
        QTest::newRow("itemsize mismatch") << "d" << 4 << "itemsize is 4";
        QTest::newRow("int with odd size") << "<l" << 3 << "itemsize is 3";
        // Found by fuzz/format_parser_fuzzer: an empty format read past its end.
        QTest::newRow("empty format, wrong itemsize") << "" << 16 << "itemsize is 16";
        QTest::newRow("prefix alone") << "<" << 4 << "not supported";
    }
    void unsupportedFormatsNameTheFormat()
    {
        QFETCH(QString, format);
        QFETCH(int, itemSize);
        QFETCH(QString, reason);
        try {
            (void)DtypeTable::parse(format.toStdString(), itemSize);
            QFAIL("no error");
        } catch (const FormatError& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("'" + format + "'"), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
    }

    void itemSizesBeyondAnIntAreRefused()
    {
        // Found by fuzz/buffer_fields_fuzzer: a record's name multiplied a huge
        // itemsize by 8 (signed overflow); ElementType::itemSize, an int as
        // NumPy's is, would also have cut it short.
        const std::pair<std::string, std::int64_t> refused[] = {
            {"T{i:a:}", (std::int64_t{1} << 32) + 4},
            {"B", std::int64_t{std::numeric_limits<int>::max()} + 1},
            {"1s", -1},
            // A count whose size in bytes overflows 64 bits (2^62 × 4).
            {"4611686018427387904w", 16},
        };
        for (const auto& [format, itemSize] : refused) {
            try {
                (void)DtypeTable::parse(format, itemSize);
                QFAIL(qPrintable(QString::fromStdString("no error for " + format)));
            } catch (const FormatError& error) {
                const QString message = error.what();
                QVERIFY2(message.contains(QString::fromStdString("'" + format + "'")), qPrintable(message));
                QVERIFY2(message.contains("itemsize"), qPrintable(message));
            }
        }
        QCOMPARE(DtypeTable::parse("T{i:a:}", std::numeric_limits<int>::max()).itemSize,
                 std::numeric_limits<int>::max());
    }

    void scalarShapeOfMapsCppTypes()
    {
        const auto is = [](ScalarShape shape, ElementKind kind, int size) { return shape.kind == kind && shape.size == size; };
        static_assert(is(scalarShapeOf<bool>(), ElementKind::Bool, 1));
        static_assert(is(scalarShapeOf<std::int8_t>(), ElementKind::SignedInteger, 1));
        static_assert(is(scalarShapeOf<const std::uint16_t>(), ElementKind::UnsignedInteger, 2));
        static_assert(is(scalarShapeOf<long long>(), ElementKind::SignedInteger, 8));
        static_assert(is(scalarShapeOf<Py_ssize_t>(), ElementKind::SignedInteger, 8));
        static_assert(is(scalarShapeOf<std::size_t>(), ElementKind::UnsignedInteger, 8));
        static_assert(is(scalarShapeOf<Float16>(), ElementKind::Float, 2));
        static_assert(is(scalarShapeOf<std::complex<double>>(), ElementKind::Complex, 16));
        QCOMPARE(DtypeTable::nameOf(scalarShapeOf<float>()), std::string_view("float32"));
        QCOMPARE(DtypeTable::nameOf(scalarShapeOf<std::complex<long double>>()), std::string_view("clongdouble"));
    }

    void stringAndDateFormatsAreRegistered_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("itemSize");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("swapped");
        QTest::newRow("S3") << "3s" << 3 << "S3" << int(ElementKind::Bytes) << false;
        QTest::newRow("S1 as c") << "c" << 1 << "S1" << int(ElementKind::Bytes) << false;
        QTest::newRow("U3") << "3w" << 12 << "U3" << int(ElementKind::Text) << false;
        QTest::newRow(">U3") << ">3w" << 12 << "U3" << int(ElementKind::Text) << true;
        QTest::newRow("U1 without count") << "w" << 4 << "U1" << int(ElementKind::Text) << false;
        QTest::newRow("datetime64[ms]") << "<M8[ms]" << 8 << "datetime64[ms]" << int(ElementKind::DateTime) << false;
        QTest::newRow(">datetime64[D]") << ">M8[D]" << 8 << "datetime64[D]" << int(ElementKind::DateTime) << true;
        QTest::newRow("timedelta64[s]") << "<m8[s]" << 8 << "timedelta64[s]" << int(ElementKind::TimeDelta) << false;
    }
    void stringAndDateFormatsAreRegistered()
    {
        QFETCH(QString, format);
        QFETCH(int, itemSize);
        QFETCH(QString, dtype);
        QFETCH(int, kind);
        QFETCH(bool, swapped);
        const ElementType type = DtypeTable::parse(format.toStdString(), itemSize);
        QCOMPARE(QString::fromStdString(type.name), dtype);
        QCOMPARE(int(type.kind), kind);
        QCOMPARE(type.itemSize, itemSize);
        QCOMPARE(type.swapped, swapped);
        QVERIFY(type.codec != nullptr);
        QVERIFY(type.row == nullptr);
    }
};

QTEST_APPLESS_MAIN(DtypeTableTest)
#include "test_dtype_table.moc"
