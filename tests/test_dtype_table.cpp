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
            const ElementFormat format = DtypeTable::parse(row.code, row.itemSize);
            QCOMPARE(format.row, &row);
            QCOMPARE(DtypeTable::name(format.itemType), row.numpyName);
            QCOMPARE(format.itemSize, row.itemSize);
            QVERIFY(!format.swapped);
            QCOMPARE(DtypeTable::sizeOf(format.itemType), row.itemSize);
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
        const ElementFormat parsed = DtypeTable::parse(format.toStdString(), itemSize);
        QCOMPARE(QString::fromUtf8(DtypeTable::name(parsed.itemType).data()), dtype);
        QCOMPARE(parsed.swapped, swapped);
        QCOMPARE(QString(QChar(DtypeTable::byteOrderChar(parsed))), order);
        QCOMPARE(QString::fromUtf8(DtypeTable::name(parsed.row->itemType).data()), dtype);
    }

    void ssizeAndSizeAreTheRightWayRound()
    {
        // The seed's bridge swaps them; n is signed, N unsigned.
        QCOMPARE(DtypeTable::kind(DtypeTable::parse("n", 8).itemType), ItemKind::SignedInteger);
        QCOMPARE(DtypeTable::kind(DtypeTable::parse("N", 8).itemType), ItemKind::UnsignedInteger);
        QCOMPARE(DtypeTable::find("n")->cppType, std::string_view("Py_ssize_t"));
        QCOMPARE(DtypeTable::find("N")->cppType, std::string_view("std::size_t"));
    }

    void unsupportedFormatsNameTheFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("itemSize");
        QTest::addColumn<QString>("reason");
        QTest::newRow("struct") << "T{i:a:=d:b:}" << 16 << "structured";
        QTest::newRow("object") << "O" << 8 << "object";
        QTest::newRow("bytes S3") << "3s" << 3 << "byte-string";
        QTest::newRow("unicode U3") << "3w" << 12 << "unicode";
        QTest::newRow("pointer") << "P" << 8 << "pointer";
        QTest::newRow("padding") << "x" << 1 << "padding";
        QTest::newRow("char") << "c" << 1 << "byte-string";
        QTest::newRow("repeat") << "2i" << 8 << "repeat";
        QTest::newRow("unknown letter") << "y" << 1 << "not supported";
        QTest::newRow("two Z") << "ZZd" << 16 << "not supported";
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

    void itemTypeOfMapsCppTypes()
    {
        static_assert(itemTypeOf<bool>() == ItemType::Bool);
        static_assert(itemTypeOf<std::int8_t>() == ItemType::Int8);
        static_assert(itemTypeOf<const std::uint16_t>() == ItemType::UInt16);
        static_assert(itemTypeOf<long long>() == ItemType::Int64);
        static_assert(itemTypeOf<Py_ssize_t>() == ItemType::Int64);
        static_assert(itemTypeOf<std::size_t>() == ItemType::UInt64);
        static_assert(itemTypeOf<Float16>() == ItemType::Float16);
        static_assert(itemTypeOf<std::complex<double>>() == ItemType::Complex128);
        QCOMPARE(DtypeTable::name(itemTypeOf<float>()), std::string_view("float32"));
    }
};

QTEST_APPLESS_MAIN(DtypeTableTest)
#include "test_dtype_table.moc"
