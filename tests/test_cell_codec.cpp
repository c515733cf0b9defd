// SPDX-License-Identifier: MIT
// Cell text (DESIGN.md decision 5): formatting checked against Python and
// NumPy themselves, parsing with full validation.
#include "test_support.h"

#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/float_repr.h"
#include "core/gil.h"
#include "core/python_error.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace arraylens;

namespace {

ElementType formatOf(const char* code, int itemSize)
{
    return DtypeTable::parse(code, itemSize);
}

template <class T>
std::string text(T value, const char* code, const DisplayOptions& options = {})
{
    std::byte bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    return CellCodec::format(bytes, formatOf(code, sizeof(T)), options);
}

template <class T>
T parsed(const std::string& input, const char* code)
{
    const ElementBytes bytes = CellCodec::parse(input, formatOf(code, sizeof(T)));
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
}

QString rejection(const std::string& input, const char* code, int itemSize)
{
    try {
        (void)CellCodec::parse(input, formatOf(code, itemSize));
    } catch (const CellTextError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

// What FloatRepr must write, built independently: the shortest digits from
// libstdc++'s std::to_chars (Ryu), laid out by repr's rule.
template <class F>
std::string reprByToChars(F value)
{
    if (std::isnan(value))
        return "nan";
    const std::string sign = std::signbit(value) ? "-" : "";
    if (std::isinf(value))
        return sign + "inf";
    char scientific[64];
    char* end = std::to_chars(scientific, scientific + sizeof scientific, std::fabs(value), std::chars_format::scientific).ptr;
    const std::string_view text(scientific, static_cast<std::size_t>(end - scientific));
    const std::size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
        if (c != '.')
            digits += c;
    const int exponent = std::stoi(std::string(text.substr(e + 1)));
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    const auto count = static_cast<int>(digits.size());
    const int point = exponent + 1;
    // Built by append: GCC 12 warns falsely (-Wrestrict) on chains of string +.
    std::string result = sign;
    if (point > -4 && point <= 16) {
        if (point <= 0)
            result.append("0.").append(static_cast<std::size_t>(-point), '0').append(digits);
        else if (point >= count)
            result.append(digits).append(static_cast<std::size_t>(point - count), '0').append(".0");
        else
            result.append(digits, 0, static_cast<std::size_t>(point)).append(".").append(digits, static_cast<std::size_t>(point));
        return result;
    }
    result.append(digits, 0, 1);
    if (count > 1)
        result.append(".").append(digits, 1);
    char exponentText[16];
    std::snprintf(exponentText, sizeof exponentText, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return result.append(exponentText);
}

template <class F>
std::string floatRepr(F value)
{
    char text[FloatRepr::kMaxTextSize];
    return std::string(text, FloatRepr::write(text, value, true));
}

// Values where shortest-digit algorithms differ if they are wrong: powers of
// two (the rounding interval is asymmetric there), the neighbours of powers
// of ten, the ends of the range, subnormals, and random bit patterns.
template <class F, class Bits>
std::vector<F> hardValues(std::size_t randomCount)
{
    std::vector<F> values;
    for (int e = std::numeric_limits<F>::min_exponent - std::numeric_limits<F>::digits;
         e <= std::numeric_limits<F>::max_exponent; ++e)
        values.push_back(std::ldexp(F(1), e));
    for (int e = std::numeric_limits<F>::min_exponent10; e <= std::numeric_limits<F>::max_exponent10; ++e) {
        const F power = static_cast<F>(std::pow(10.0L, e));
        values.insert(values.end(), {power, std::nextafter(power, F(0)), std::nextafter(power, F(HUGE_VAL))});
    }
    values.insert(values.end(), {std::numeric_limits<F>::max(), std::numeric_limits<F>::min(),
                                 std::numeric_limits<F>::denorm_min(), F(0), -F(0)});
    std::mt19937_64 random(2026);
    while (values.size() < randomCount) {
        const F value = std::bit_cast<F>(static_cast<Bits>(random()));
        values.push_back(value);
    }
    return values;
}

} // namespace

class CellCodecTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void integersAreExact()
    {
        QCOMPARE(text<std::int8_t>(-128, "b"), "-128");
        QCOMPARE(text<std::uint8_t>(255, "B"), "255");
        QCOMPARE(text<std::int64_t>(std::numeric_limits<std::int64_t>::min(), "l"), "-9223372036854775808");
        QCOMPARE(text<std::uint64_t>(std::numeric_limits<std::uint64_t>::max(), "L"), "18446744073709551615");
        DisplayOptions hex;
        hex.hexIntegers = true;
        QCOMPARE(text<std::int32_t>(-31, "i", hex), "-0x1f");
        QCOMPARE(text<std::int64_t>(std::numeric_limits<std::int64_t>::min(), "l", hex), "-0x8000000000000000");
        QCOMPARE(text<std::uint16_t>(0xbeef, "H", hex), "0xbeef");
    }

    void boolWords()
    {
        QCOMPARE(text<bool>(true, "?"), "True");
        QCOMPARE(text<bool>(false, "?"), "False");
        const std::byte two{2}; // a non-canonical bool byte reads as True, no UB
        QCOMPARE(CellCodec::format(&two, formatOf("?", 1)), "True");
        for (const char* yes : {"True", "true", "TRUE", "1", " True "})
            QCOMPARE(parsed<std::uint8_t>(yes, "?"), std::uint8_t{1});
        for (const char* no : {"False", "false", "0"})
            QCOMPARE(parsed<std::uint8_t>(no, "?"), std::uint8_t{0});
        QVERIFY(rejection("yes", "?", 1).contains("not a bool"));
        QVERIFY(rejection("2", "?", 1).contains("not a bool"));
    }

    void float64MatchesPythonRepr()
    {
        // Fixed cases first: every layout rule of repr().
        const std::pair<double, const char*> cases[] = {
            {0.0, "0.0"}, {-0.0, "-0.0"}, {1.0, "1.0"}, {0.1, "0.1"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"},
            {1234567890123456.0, "1234567890123456.0"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
            {1.5e-300, "1.5e-300"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
            {0.30000000000000004, "0.30000000000000004"}, {-2.5, "-2.5"}, {123.456, "123.456"},
            {std::numeric_limits<double>::infinity(), "inf"}, {-std::numeric_limits<double>::infinity(), "-inf"},
            {std::numeric_limits<double>::quiet_NaN(), "nan"},
        };
        for (const auto& [value, expected] : cases)
            QCOMPARE(text(value, "d"), std::string(expected));

        // Then random bit patterns against Python's own repr.
        std::mt19937_64 random(42);
        QStringList values;
        std::vector<double> doubles;
        while (doubles.size() < 3000) {
            const double value = std::bit_cast<double>(random());
            if (std::isfinite(value))
                doubles.push_back(value);
        }
        for (int e = -30; e <= 30; ++e)
            doubles.push_back(std::pow(10.0, e) * 1.25);
        // Where repr is positional (1e-4 <= |x| < 1e16), and at its edges.
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int i = 0; i < 3000; ++i)
            doubles.push_back(unit(random) * std::pow(10.0, i % 21 - 5) * (i % 2 ? -1 : 1));
        for (double edge : {1e-4, 9.999999999999999e-05, 1e16, 9999999999999998.0, 1e15, 123456.0, 0.5})
            doubles.push_back(edge);
        for (int i = 1; i < 500; ++i)
            doubles.push_back(i / 7.0);
        std::string hexes;
        for (double value : doubles)
            hexes += std::to_string(std::bit_cast<std::uint64_t>(value)) + ",";
        testing::exec("_values = [" + hexes + "]\n"
                      "_reprs = '\\n'.join(repr(struct.unpack('<d', struct.pack('<Q', v))[0]) for v in _values)");
        const QStringList reprs = QString::fromStdString(testing::str("_reprs")).split('\n');
        QCOMPARE(reprs.size(), qsizetype(doubles.size()));
        for (std::size_t i = 0; i < doubles.size(); ++i)
            QCOMPARE(QString::fromStdString(text(doubles[i], "d")), reprs[qsizetype(i)]);
    }

    void float32AndFloat16MatchNumPy()
    {
        std::mt19937 random(7);
        std::vector<float> floats;
        while (floats.size() < 2000) {
            const float value = std::bit_cast<float>(static_cast<std::uint32_t>(random()));
            if (std::isfinite(value))
                floats.push_back(value);
        }
        std::uniform_real_distribution<float> unit(0.0f, 1.0f);
        for (int i = 0; i < 3000; ++i)
            floats.push_back(unit(random) * std::pow(10.0f, static_cast<float>(i % 14 - 5)));
        for (int i = 1; i < 300; ++i)
            floats.push_back(static_cast<float>(i) / 7.0f);
        std::string list;
        for (float value : floats)
            list += std::to_string(std::bit_cast<std::uint32_t>(value)) + ",";
        testing::exec("_f32 = '\\n'.join(str(x) for x in np.array([" + list + "], dtype=np.uint32).view(np.float32))");
        const QStringList expected32 = QString::fromStdString(testing::str("_f32")).split('\n');
        for (std::size_t i = 0; i < floats.size(); ++i)
            QCOMPARE(QString::fromStdString(text(floats[i], "f")), expected32[qsizetype(i)]);

        // Every finite float16, against numpy.float16's str().
        testing::exec("_h = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16)\n"
                      "_f16 = '\\n'.join(str(x) for x in _h)");
        const QStringList expected16 = QString::fromStdString(testing::str("_f16")).split('\n');
        QCOMPARE(expected16.size(), 65536);
        for (std::uint32_t bits = 0; bits < 65536; ++bits) {
            const Float16 half = Float16::fromBits(static_cast<std::uint16_t>(bits));
            const QString ours = QString::fromStdString(text(half, "e"));
            if (std::isnan(half.toDouble())) {
                QCOMPARE(ours, "nan");
                continue;
            }
            QCOMPARE(ours, expected16[bits]);
            // and it reads back to the same bits
            QCOMPARE(parsed<Float16>(ours.toStdString(), "e").bits, half.bits);
        }
    }

    void floatReprAgreesWithToChars()
    {
        // FloatRepr (Dragonbox, the CSV hot path) against an independent
        // shortest-digit implementation, on 10^6 values of each width; the
        // Python comparisons above check the layout rule on fewer values.
        for (const double value : hardValues<double, std::uint64_t>(1'000'000))
            if (floatRepr(value) != reprByToChars(value))
                QFAIL(qPrintable(QString::fromStdString(floatRepr(value) + " != " + reprByToChars(value))));
        for (const float value : hardValues<float, std::uint32_t>(1'000'000))
            if (floatRepr(value) != reprByToChars(value))
                QFAIL(qPrintable(QString::fromStdString(floatRepr(value) + " != " + reprByToChars(value))));
        QCOMPARE(floatRepr(std::bit_cast<double>(0xfff8000000000000ull)), "nan"); // negative nan, as repr
        QCOMPARE(floatRepr(-std::numeric_limits<float>::infinity()), "-inf");
    }

    void floatReprJoinedEqualsOneByOne()
    {
        // Mixed kinds in one run: specials and signs between ordinary values,
        // across the boundaries of the groups writeJoined formats together.
        std::vector<double> values = hardValues<double, std::uint64_t>(5'000);
        for (std::size_t i = 0; i < values.size(); i += 7)
            values[i] = i % 3 == 0 ? std::numeric_limits<double>::quiet_NaN()
                                   : i % 3 == 1 ? -std::numeric_limits<double>::infinity() : -values[i];
        for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{8}, std::size_t{9}, values.size()}) {
            const std::span<const double> run(values.data(), count);
            std::string expected;
            for (std::size_t i = 0; i < count; ++i)
                expected.append(i ? ";" : "").append(floatRepr(run[i]));
            std::string joined((count + 1) * FloatRepr::kMaxTextSize, '\0');
            joined.resize(static_cast<std::size_t>(FloatRepr::writeJoined(joined.data(), run, ';') - joined.data()));
            QCOMPARE(joined, expected);
        }
        const float floats[] = {1.5f, -0.0f, 16777216.0f, 1e-5f};
        char text[5 * FloatRepr::kMaxTextSize];
        QCOMPARE(std::string(text, FloatRepr::writeJoined(text, std::span<const float>(floats), '\t')),
                 "1.5\t-0.0\t16777216.0\t1e-05");
    }

    void complexAsPythonWritesIt()
    {
        using C = std::complex<double>;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        const std::pair<C, QString> cases[] = {
            {C(1, 2), "(1+2j)"}, {C(0, 1), "1j"}, {C(0, -1), "-1j"}, {C(-0.0, 1), "(-0+1j)"}, {C(1.5, -0.0), "(1.5-0j)"},
            {C(0, 0), "0j"}, {C(nan, nan), "(nan+nanj)"}, {C(inf, -inf), "(inf-infj)"}, {C(1e20, 1e-7), "(1e+20+1e-07j)"},
        };
        const auto hex = [](double x) {
            char text[64];
            std::snprintf(text, sizeof text, "%a", x);
            return std::string(text);
        };
        for (const auto& [value, expected] : cases) {
            QCOMPARE(QString::fromStdString(text(value, "Zd")), expected);
            const std::string python = testing::str("repr(complex(float.fromhex('" + hex(value.real()) +
                                                    "'), float.fromhex('" + hex(value.imag()) + "')))");
            QCOMPARE(QString::fromStdString(python), expected);
        }
        QCOMPARE(QString::fromStdString(text(std::complex<float>(0.1f, -0.2f), "Zf")), "(0.1-0.2j)");
    }

    void complexRoundTripsThroughPythonComplex()
    {
        std::mt19937_64 random(3);
        for (int i = 0; i < 500; ++i) {
            const std::complex<double> value(std::bit_cast<double>(random() & 0x7fefffffffffffffull),
                                             -std::bit_cast<double>(random() & 0x7fefffffffffffffull));
            const std::string written = text(value, "Zd");
            const std::string back = testing::str("(lambda z: struct.pack('<dd', z.real, z.imag).hex())(complex('" +
                                                  written + "'))");
            std::byte bytes[16];
            std::memcpy(bytes, &value, 16);
            QString expected;
            for (std::byte b : bytes)
                expected += QString::asprintf("%02x", std::to_integer<unsigned>(b));
            QCOMPARE(QString::fromStdString(back), expected);
            QCOMPARE(parsed<std::complex<double>>(written, "Zd"), value);
        }
    }

    void parseComplexForms()
    {
        using C = std::complex<double>;
        QCOMPARE(parsed<C>("(1+2j)", "Zd"), C(1, 2));
        QCOMPARE(parsed<C>("1+2j", "Zd"), C(1, 2));
        QCOMPARE(parsed<C>("-2.5j", "Zd"), C(0, -2.5));
        QCOMPARE(parsed<C>("3", "Zd"), C(3, 0));
        QCOMPARE(parsed<C>("1e+5-1e-3j", "Zd"), C(1e5, -1e-3));
        QCOMPARE(parsed<C>("j", "Zd"), C(0, 1));
        QCOMPARE(parsed<C>("2-j", "Zd"), C(2, -1));
        QVERIFY(std::isinf(parsed<C>("-inf-infj", "Zd").imag()));
        QVERIFY(std::isnan(parsed<C>("(nan+nanj)", "Zd").real()));
        QVERIFY(rejection("1+2", "Zd", 16).contains("not a complex number"));
        QVERIFY(rejection("abc", "Zd", 16).contains("not a complex number"));
        QVERIFY(rejection("(1+2j", "Zd", 16).contains("not a complex number"));
        QVERIFY(rejection("1e39+0j", "Zf", 8).contains("out of range"));
    }

    void integerRangeIsChecked()
    {
        QCOMPARE(parsed<std::int8_t>("127", "b"), std::int8_t{127});
        QCOMPARE(parsed<std::int8_t>("-128", "b"), std::int8_t{-128});
        QCOMPARE(parsed<std::int8_t>(" 0x7f ", "b"), std::int8_t{127});
        QCOMPARE(parsed<std::int8_t>("+5", "b"), std::int8_t{5});
        QCOMPARE(parsed<std::uint8_t>("-0", "B"), std::uint8_t{0});
        QCOMPARE(parsed<std::int64_t>("-9223372036854775808", "l"), std::numeric_limits<std::int64_t>::min());
        QCOMPARE(parsed<std::uint64_t>("18446744073709551615", "L"), std::numeric_limits<std::uint64_t>::max());
        QCOMPARE(parsed<std::uint32_t>("0b101", "I"), 5u);

        const QString tooBig = rejection("300", "b", 1);
        QVERIFY2(tooBig.contains("'300' is out of range for int8 (-128 to 127)"), qPrintable(tooBig));
        QVERIFY(rejection("-1", "B", 1).contains("out of range for uint8 (0 to 255)"));
        QVERIFY(rejection("128", "b", 1).contains("out of range"));
        QVERIFY(rejection("-129", "b", 1).contains("out of range"));
        QVERIFY(rejection("9223372036854775808", "l", 8).contains("out of range"));
        QVERIFY(rejection("18446744073709551616", "L", 8).contains("out of range"));
        QVERIFY(rejection("99999999999999999999999", "l", 8).contains("out of range"));
        QVERIFY(rejection("abc", "i", 4).contains("'abc' is not an integer"));
        QVERIFY(rejection("1.5", "i", 4).contains("not an integer"));
        QVERIFY(rejection("", "i", 4).contains("not an integer"));
        QVERIFY(rejection("1 2", "i", 4).contains("not an integer"));
        QVERIFY(rejection("--1", "i", 4).contains("not an integer"));
        QVERIFY(rejection("0x", "i", 4).contains("not an integer"));
    }

    void floatParsing()
    {
        QCOMPARE(parsed<double>("1.5", "d"), 1.5);
        QCOMPARE(parsed<double>("+1.5", "d"), 1.5);
        QCOMPARE(parsed<double>(" -2e-3 ", "d"), -2e-3);
        QVERIFY(std::signbit(parsed<double>("-0.0", "d")));
        QVERIFY(std::isnan(parsed<double>("nan", "d")));
        QCOMPARE(parsed<double>("-inf", "d"), -std::numeric_limits<double>::infinity());
        QCOMPARE(parsed<double>("Infinity", "d"), std::numeric_limits<double>::infinity());
        QCOMPARE(parsed<double>("5e-324", "d"), 5e-324); // subnormal is representable
        QCOMPARE(parsed<float>("1e-45", "f"), std::numeric_limits<float>::denorm_min());
        QCOMPARE(parsed<float>("3.4028235e38", "f"), std::numeric_limits<float>::max());
        QVERIFY(rejection("1e400", "d", 8).contains("out of range for float64 (it would become inf)"));
        QVERIFY(rejection("-1e39", "f", 4).contains("out of range for float32 (it would become inf)"));
        QVERIFY(rejection("1e-400", "d", 8).contains("out of range for float64 (it would become 0)"));
        QVERIFY(rejection("1e-5000", "g", 16).contains("(it would become 0)"));
        QVERIFY(rejection("1e5000", "g", 16).contains("(it would become inf)"));
        QVERIFY(rejection("abc", "d", 8).contains("'abc' is not a number"));
        QVERIFY(rejection("1,5", "d", 8).contains("not a number")); // no locale decimal comma
        QVERIFY(rejection("0x10", "d", 8).contains("not a number"));
        QVERIFY(rejection("", "d", 8).contains("not a number"));
        QCOMPARE(parsed<Float16>("65504", "e").bits, std::uint16_t{0x7bff});
        QCOMPARE(parsed<Float16>("6e-08", "e").bits, std::uint16_t{0x0001});
        QVERIFY(rejection("65520", "e", 2).contains("out of range for float16"));
        QVERIFY(rejection("1e-9", "e", 2).contains("out of range for float16"));
        QCOMPARE(parsed<long double>("1.5", "g"), 1.5L);
    }

    void longDoubleRoundTrips()
    {
        const long double values[] = {0.1L, -1e4000L, std::numeric_limits<long double>::max(),
                                      std::numeric_limits<long double>::denorm_min(), 1.0L / 3};
        for (long double value : values) {
            const std::string written = text(value, "g");
            QCOMPARE(parsed<long double>(written, "g"), value);
        }
        QCOMPARE(text(1.0L, "g"), std::string("1.0"));
    }

    void displayStyles()
    {
        DisplayOptions fixed;
        fixed.floatStyle = DisplayOptions::FloatStyle::Fixed;
        fixed.precision = 3;
        QCOMPARE(text(2.0 / 3, "d", fixed), std::string("0.667"));
        QCOMPARE(text(-1e20, "d", fixed), std::string("-100000000000000000000.000"));
        QCOMPARE(text(std::numeric_limits<double>::quiet_NaN(), "d", fixed), std::string("nan"));
        DisplayOptions scientific;
        scientific.floatStyle = DisplayOptions::FloatStyle::Scientific;
        scientific.precision = 2;
        QCOMPARE(text(12345.0f, "f", scientific), std::string("1.23e+04"));
        QCOMPARE(text(Float16::fromDouble(0.5), "e", scientific), std::string("5.00e-01"));
        QCOMPARE(text(std::complex<double>(1, 2), "Zd", fixed), std::string("(1.000+2.000j)"));
        // A long double in fixed notation is long, and written whole.
        const std::string longest = text(std::numeric_limits<long double>::max(), "g", fixed);
        QVERIFY2(longest.size() > 4900, longest.c_str());
    }

    void nonNativeByteOrder()
    {
        const ElementType big = formatOf(">i", 4);
        const std::byte bytes[4] = {std::byte{0}, std::byte{0}, std::byte{1}, std::byte{2}};
        QCOMPARE(CellCodec::format(bytes, big), std::string("258"));
        const ElementBytes written = CellCodec::parse("-2", big);
        QCOMPARE(written.size(), std::size_t{4});
        QCOMPARE(std::to_integer<int>(written[0]), 0xff);
        QCOMPARE(std::to_integer<int>(written[3]), 0xfe);

        // A big-endian complex swaps each half, not the whole item.
        const ElementType bigComplex = formatOf(">Zf", 8);
        const ElementBytes z = CellCodec::parse("(1+2j)", bigComplex);
        QCOMPARE(CellCodec::format(z.data(), bigComplex), std::string("(1+2j)"));
        QCOMPARE(std::to_integer<int>(z[0]), 0x3f); // 1.0f = 3f800000, big-endian first
        QCOMPARE(std::to_integer<int>(z[4]), 0x40); // 2.0f = 40000000
    }

    void longTextIsShortenedInMessages()
    {
        const QString message = rejection(std::string(500, 'x'), "i", 4);
        QVERIFY(message.size() < 200);
    }
};

ARRAYLENS_TEST_MAIN(CellCodecTest)
#include "test_cell_codec.moc"
