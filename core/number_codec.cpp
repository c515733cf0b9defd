// SPDX-License-Identifier: MIT
#include "core/number_codec.h"

#include "core/cell_text.h"
#include "core/errors.h"
#include "core/float16.h"
#include "core/float_repr.h"
#include "core/number_matcher.h"
#include "core/statistics_kernel.h"
#include "core/text_sink.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <cstdlib>
#include <cmath>
#include <complex>
#include <optional>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

namespace arraylens {

namespace {

// Fixed and scientific styles take at most this many digits after the point.
constexpr int kMaxPrecision = 60;
// One float in fixed notation at most: a long double's 4933 integer digits,
// the point and kMaxPrecision digits, with room to spare.
constexpr std::size_t kMaxFloatText = 5020;
// Room for any number's text: a complex long double in fixed notation.
constexpr std::size_t kMaxNumberText = 10240;
static_assert(2 * kMaxFloatText + 8 <= kMaxNumberText);

// ---------------------------------------------------------------- bytes

template <class T>
constexpr bool kIsComplex = false;
template <class F>
constexpr bool kIsComplex<std::complex<F>> = true;

// Reverses each component of a non-native element (a complex has two).
template <class T>
void swapComponents(std::byte* bytes)
{
    constexpr std::size_t component = kIsComplex<T> ? sizeof(T) / 2 : sizeof(T);
    for (std::size_t offset = 0; offset < sizeof(T); offset += component)
        std::reverse(bytes + offset, bytes + offset + component);
}

// Only the value bytes of an x87 long double: the rest of its 16 is padding.
constexpr std::size_t kLongDoubleValueBytes =
    std::numeric_limits<long double>::digits == 64 ? 10 : sizeof(long double);

template <class T>
T readNative(const std::byte* p, bool swapped)
{
    std::byte bytes[sizeof(T)];
    std::memcpy(bytes, p, sizeof(T));
    if (swapped)
        swapComponents<T>(bytes);
    if constexpr (std::is_same_v<T, bool>) {
        return std::to_integer<unsigned char>(bytes[0]) != 0;
    } else {
        T value;
        std::memcpy(&value, bytes, sizeof(T));
        return value;
    }
}

// Stores value at out (sizeof(T) bytes) in the element's byte order; the
// padding of an x87 long double is written as zeros.
template <class T>
void storeNative(const T& value, std::byte* out, bool swapped)
{
    struct {
        std::array<std::byte, sizeof(T)> bytes{};
    } result; // zeroed: the padding of a long double is stored as zeros
    if constexpr (std::is_same_v<T, long double>) {
        std::memcpy(result.bytes.data(), &value, kLongDoubleValueBytes);
    } else if constexpr (std::is_same_v<T, std::complex<long double>>) {
        const long double parts[2] = {value.real(), value.imag()};
        std::memcpy(result.bytes.data(), &parts[0], kLongDoubleValueBytes);
        std::memcpy(result.bytes.data() + sizeof(long double), &parts[1], kLongDoubleValueBytes);
    } else if constexpr (std::is_same_v<T, bool>) {
        result.bytes[0] = std::byte{static_cast<unsigned char>(value ? 1 : 0)};
    } else {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(result.bytes.data(), &value, sizeof(T));
    }
    if (swapped)
        swapComponents<T>(result.bytes.data());
    std::memcpy(out, result.bytes.data(), sizeof(T));
}

// ---------------------------------------------------------------- formatting

// A finite non-zero magnitude as digits d1 d2 … dn and exponent e:
// value = d1.d2…dn × 10^e.
struct Decimal {
    char digits[48];
    int count = 0;
    int exponent = 0;
};

Decimal decimalFromScientific(const char* begin, const char* end)
{
    Decimal d;
    const char* p = begin;
    for (; p != end && *p != 'e'; ++p)
        if (*p != '.')
            d.digits[d.count++] = *p;
    ++p;
    const bool negativeExponent = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+'))
        ++p;
    int exponent = 0;
    for (; p < end; ++p)
        exponent = exponent * 10 + (*p - '0');
    d.exponent = negativeExponent ? -exponent : exponent;
    while (d.count > 1 && d.digits[d.count - 1] == '0')
        --d.count;
    return d;
}

template <class F>
Decimal shortestDecimal(F magnitude)
{
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, magnitude, std::chars_format::scientific);
    return decimalFromScientific(text, result.ptr);
}

// Adds delta (+1 or -1) to the last digit of d, carrying; false when the
// result would lose its leading digit (…then it is not a candidate).
bool nudgeLastDigit(Decimal& d, int delta)
{
    int i = d.count - 1;
    while (i >= 0) {
        const int digit = d.digits[i] - '0' + delta;
        if (digit >= 0 && digit <= 9) {
            d.digits[i] = static_cast<char>('0' + digit);
            break;
        }
        d.digits[i] = delta > 0 ? '0' : '9';
        --i;
    }
    if (i < 0) {
        if (delta < 0)
            return false;
        // 99…9 + 1: one more power of ten.
        d.digits[0] = '1';
        ++d.exponent;
        return true;
    }
    return d.digits[0] != '0';
}

double valueOf(const Decimal& d)
{
    char text[64];
    int n = 0;
    text[n++] = d.digits[0];
    text[n++] = '.';
    for (int i = 1; i < d.count; ++i)
        text[n++] = d.digits[i];
    n += std::snprintf(text + n, sizeof text - static_cast<std::size_t>(n), "e%d", d.exponent);
    double value = 0;
    std::from_chars(text, text + n, value);
    return value;
}

// float16 has no to_chars: find the fewest significant digits that read back
// (through double, which is innocuous double rounding: 53 >= 2 * 11 + 2).
// For each length the correctly rounded string and its two neighbours are
// tried, as the shortest string in the rounding interval need not be the
// correctly rounded one (2^-6 is "0.01563", not "0.01562"); the closest wins.
Decimal shortestDecimal(Float16 value)
{
    const double magnitude = std::fabs(value.toDouble());
    const std::uint16_t wanted = value.bits & 0x7fffu;
    char text[64];
    for (int precision = 0; precision < 17; ++precision) {
        const auto result = std::to_chars(text, text + sizeof text, magnitude, std::chars_format::scientific, precision);
        const Decimal rounded = decimalFromScientific(text, result.ptr);
        Decimal best;
        double bestError = HUGE_VAL;
        for (int delta : {0, -1, 1}) {
            Decimal candidate = rounded;
            // decimalFromScientific dropped trailing zeros: restore the length first.
            while (candidate.count < precision + 1)
                candidate.digits[candidate.count++] = '0';
            if (delta != 0 && !nudgeLastDigit(candidate, delta))
                continue;
            const double candidateValue = valueOf(candidate);
            if (Float16::fromDouble(candidateValue).bits != wanted)
                continue;
            const double error = std::fabs(candidateValue - magnitude);
            if (error < bestError) {
                bestError = error;
                best = candidate;
            }
        }
        if (bestError != HUGE_VAL) {
            while (best.count > 1 && best.digits[best.count - 1] == '0')
                --best.count;
            return best;
        }
    }
    return shortestDecimal(magnitude); // unreachable: 17 digits always round-trip
}

// The writers below put text at `out` and return its new end; the caller
// provides kMaxNumberText bytes (no bounds checks on the hot path).

char* put(char* out, std::string_view text)
{
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
}

// Lays out digits as Python's repr ('r' format) does: positional for
// 1e-4 <= |x| < 1e16, else d.ddde±XX.
char* writeRepr(char* out, const Decimal& d, bool addDotZero)
{
    const int point = d.exponent + 1;
    const auto digits = [&d](int from, int to) { return std::string_view(d.digits + from, static_cast<std::size_t>(to - from)); };
    if (point > -4 && point <= 16) {
        if (point <= 0) {
            out = put(out, "0.");
            out = std::fill_n(out, -point, '0');
            return put(out, digits(0, d.count));
        }
        if (point >= d.count) {
            out = put(out, digits(0, d.count));
            out = std::fill_n(out, point - d.count, '0');
            return addDotZero ? put(out, ".0") : out;
        }
        out = put(out, digits(0, point));
        *out++ = '.';
        return put(out, digits(point, d.count));
    }
    *out++ = d.digits[0];
    if (d.count > 1) {
        *out++ = '.';
        out = put(out, digits(1, d.count));
    }
    out = put(out, d.exponent < 0 ? "e-" : "e+");
    const int magnitude = std::abs(d.exponent);
    if (magnitude < 10)
        *out++ = '0';
    return std::to_chars(out, out + 8, magnitude).ptr;
}

template <class F>
bool isNegative(F value)
{
    if constexpr (std::is_same_v<F, Float16>)
        return value.bits & 0x8000u;
    else
        return std::signbit(value);
}

/// The significant digits of a decimal text ("0.00120" has 2, "1000000.0" 1):
/// from the first non-zero digit to the last, the exponent left out.
int significantDigits(const char* begin, const char* end)
{
    int first = -1;
    int last = -1;
    int position = 0;
    for (const char* p = begin; p != end && *p != 'e' && *p != 'E'; ++p) {
        if (*p < '0' || *p > '9')
            continue;
        if (*p != '0') {
            if (first < 0)
                first = position;
            last = position;
        }
        ++position;
    }
    return first < 0 ? 0 : last - first + 1;
}

template <class F>
char* writeFloat(char* out, F value, const DisplayOptions& options, bool addDotZero, bool forceSign);

/// FloatStyle::Compact: the exact text if it is short enough, else the
/// value rounded to options.compactDigits significant digits and marked.
template <class F>
char* writeCompactFloat(char* out, F value, const DisplayOptions& options, bool addDotZero, bool forceSign)
{
    char* const start = out;
    char* const end = writeFloat(out, value, DisplayOptions{}, addDotZero, forceSign);
    const int digits = std::clamp(options.compactDigits, 1, 17);
    if (significantDigits(start, end) <= digits)
        return end; // exact already (nan and inf have no digits)
    const auto wide = widenedFloat(value);
    out = start;
    if (isNegative(value))
        *out++ = '-';
    else if (forceSign)
        *out++ = '+';
    out = std::to_chars(out, out + kMaxFloatText, std::fabs(wide), std::chars_format::general, digits).ptr;
    return options.roundedMarker ? put(out, DisplayOptions::kRoundedMarker) : out;
}

template <class F>
char* writeFloat(char* out, F value, const DisplayOptions& options, bool addDotZero, bool forceSign)
{
    if (options.floatStyle == DisplayOptions::FloatStyle::Compact)
        return writeCompactFloat(out, value, options, addDotZero, forceSign);
    if constexpr (std::is_same_v<F, float> || std::is_same_v<F, double>) {
        if (options.floatStyle == DisplayOptions::FloatStyle::Shortest) { // the common case
            if (forceSign && (std::isnan(value) || !std::signbit(value)))
                *out++ = '+';
            return FloatRepr::write(out, value, addDotZero);
        }
    }
    const auto wide = widenedFloat(value);
    if (std::isnan(wide))
        return put(out, forceSign ? "+nan" : "nan");
    if (isNegative(value))
        *out++ = '-';
    else if (forceSign)
        *out++ = '+';
    if (std::isinf(wide))
        return put(out, "inf");
    if (options.floatStyle == DisplayOptions::FloatStyle::Shortest) {
        if constexpr (std::is_same_v<F, Float16>)
            return writeRepr(out, shortestDecimal(value), addDotZero);
        else
            return writeRepr(out, shortestDecimal(std::fabs(value)), addDotZero);
    }
    const auto style = options.floatStyle == DisplayOptions::FloatStyle::Fixed ? std::chars_format::fixed
                                                                                : std::chars_format::scientific;
    const int precision = std::clamp(options.precision, 0, kMaxPrecision);
    // Room for a long double in fixed notation: 4933 integer digits and the precision.
    return std::to_chars(out, out + kMaxFloatText, std::fabs(wide), style, precision).ptr;
}

template <class F>
char* writeComplex(char* out, const std::complex<F>& value, const DisplayOptions& options)
{
    // Python's complex repr: a +0 real part is left out, with no parentheses.
    if (value.real() == 0 && !std::signbit(value.real())) {
        out = writeFloat(out, value.imag(), options, false, false);
        *out++ = 'j';
        return out;
    }
    *out++ = '(';
    out = writeFloat(out, value.real(), options, false, false);
    out = writeFloat(out, value.imag(), options, false, true);
    return put(out, "j)");
}

template <class I>
char* writeInteger(char* out, I value, const DisplayOptions& options)
{
    if (!options.hexIntegers)
        return std::to_chars(out, out + 24, value).ptr;
    using U = std::make_unsigned_t<I>;
    U magnitude = static_cast<U>(value);
    if constexpr (std::is_signed_v<I>) {
        if (value < 0) {
            *out++ = '-';
            magnitude = static_cast<U>(U{0} - magnitude);
        }
    }
    out = put(out, "0x");
    return std::to_chars(out, out + 24, magnitude, 16).ptr;
}

// ---------------------------------------------------------------- parsing

template <class I>
I parseInteger(std::string_view original, std::string_view typeName)
{
    const IntegerText read = readIntegerText(trimmedCellText(original));
    const bool negative = read.negative;
    const std::uint64_t magnitude = read.magnitude;
    const std::errc ec = read.error;
    const std::string range = " (" + std::to_string(std::numeric_limits<I>::min()) + " to " +
                              std::to_string(std::numeric_limits<I>::max()) + ")";
    if (!read.complete)
        throw CellTextError(quotedCellText(original) + " is not an integer; " + std::string(typeName) + " takes whole numbers" +
                            range);
    const std::string outOfRange = quotedCellText(trimmedCellText(original)) + " is out of range for " + std::string(typeName) + range;
    if (ec == std::errc::result_out_of_range)
        throw CellTextError(outOfRange);
    if constexpr (std::is_signed_v<I>) {
        const auto limit = static_cast<std::uint64_t>(std::numeric_limits<I>::max()) + (negative ? 1 : 0);
        if (magnitude > limit)
            throw CellTextError(outOfRange);
        return negative ? static_cast<I>(std::uint64_t{0} - magnitude) : static_cast<I>(magnitude);
    } else {
        if ((negative && magnitude != 0) || magnitude > std::numeric_limits<I>::max())
            throw CellTextError(outOfRange);
        return static_cast<I>(magnitude);
    }
}

template <class F>
F parseFloat(std::string_view original, std::string_view typeName)
{
    std::string_view text = trimmedCellText(original);
    if (text.size() > 1 && text.front() == '+' && text[1] != '-')
        text.remove_prefix(1);
    F value{};
    bool valid = false;
    bool outOfRange = false;
    if constexpr (std::is_same_v<F, long double>) {
        valid = readRealText(text, value, outOfRange);
    } else {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
        valid = !text.empty() && ec != std::errc::invalid_argument && end == text.data() + text.size();
        outOfRange = ec == std::errc::result_out_of_range;
    }
    if (!valid)
        throw CellTextError(quotedCellText(original) + " is not a number; " + std::string(typeName) +
                            " takes decimals such as 1.5, -2e-3, nan, inf");
    if (outOfRange) {
        // from_chars leaves the value unset: ask the wider type which way it went.
        long double wide = 0;
        bool wideOutOfRange = false;
        if constexpr (std::is_same_v<F, long double>)
            wide = value;
        else
            readRealText(text, wide, wideOutOfRange);
        throw CellTextError(quotedCellText(trimmedCellText(original)) + " is out of range for " + std::string(typeName) +
                            " (it would become " + (std::fabs(wide) < 1 ? "0" : "inf") + ")");
    }
    return value;
}

Float16 parseHalf(std::string_view original)
{
    const double value = parseFloat<double>(original, "float16");
    const Float16 half = Float16::fromDouble(value);
    const double back = half.toDouble();
    if (std::isinf(back) && std::isfinite(value))
        throw CellTextError(quotedCellText(trimmedCellText(original)) + " is out of range for float16 (largest finite ±65504)");
    if (back == 0 && value != 0)
        throw CellTextError(quotedCellText(trimmedCellText(original)) +
                            " is out of range for float16 (it would become 0; the smallest is about 6e-08)");
    return half;
}

template <class F>
std::complex<F> parseComplex(std::string_view original, std::string_view typeName)
{
    std::string_view text = trimmedCellText(original);
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
        text = trimmedCellText(text.substr(1, text.size() - 2));
    const auto fail = [&]() -> CellTextError {
        return CellTextError(quotedCellText(original) + " is not a complex number; " + std::string(typeName) +
                             " takes text such as (1+2j), 3.5, -2j, nan+infj");
    };
    if (text.empty())
        throw fail();
    // Split where the imaginary part's sign starts (not an exponent's sign).
    std::size_t split = std::string_view::npos;
    for (std::size_t i = 1; i < text.size(); ++i)
        if ((text[i] == '+' || text[i] == '-') && text[i - 1] != 'e' && text[i - 1] != 'E')
            split = i;
    const bool hasImaginary = text.back() == 'j' || text.back() == 'J';
    if (!hasImaginary && split != std::string_view::npos)
        throw fail();
    if (hasImaginary)
        text.remove_suffix(1);
    const std::string_view realText = !hasImaginary ? text : split == std::string_view::npos ? std::string_view()
                                                                                            : text.substr(0, split);
    const std::string_view imagText = !hasImaginary ? std::string_view() : split == std::string_view::npos ? text
                                                                                                          : text.substr(split);
    try {
        const F real = realText.empty() ? F{0} : parseFloat<F>(realText, typeName);
        if (!hasImaginary)
            return {real, F{0}};
        if (imagText.empty() || imagText == "+" || imagText == "-") // "j", "2-j"
            return {real, imagText == "-" ? F{-1} : F{1}};
        return {real, parseFloat<F>(imagText, typeName)};
    } catch (const CellTextError& error) {
        if (std::string_view(error.what()).find("out of range") != std::string_view::npos)
            throw;
        throw fail();
    }
}

bool parseBool(std::string_view original)
{
    const std::string_view text = trimmedCellText(original);
    std::string lower(text);
    for (char& c : lower)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "true" || lower == "1")
        return true;
    if (lower == "false" || lower == "0")
        return false;
    throw CellTextError(quotedCellText(original) + " is not a bool; type True or False (or 1 or 0)");
}


// The text of a number is drawn from a small alphabet (digits, hex, nan/inf,
// True/False, complex parentheses): quoting is needed only for a delimiter
// inside it.
constexpr std::string_view kNumberAlphabet = "0123456789abcdefxjinTrueFls()+-.";

template <class T>
char* writeNumber(char* out, const T& value, const DisplayOptions& options)
{
    if constexpr (std::is_same_v<T, bool>)
        return put(out, value ? "True" : "False");
    else if constexpr (std::is_integral_v<T>)
        return writeInteger(out, value, options);
    else if constexpr (kIsComplex<T>)
        return writeComplex(out, value, options);
    else
        return writeFloat(out, value, options, true, false);
}

template <class T>
T parseNumber(std::string_view text, std::string_view typeName)
{
    if constexpr (std::is_same_v<T, bool>)
        return parseBool(text);
    else if constexpr (std::is_integral_v<T>)
        return parseInteger<T>(text, typeName);
    else if constexpr (std::is_same_v<T, Float16>)
        return parseHalf(text);
    else if constexpr (kIsComplex<T>)
        return parseComplex<typename T::value_type>(text, typeName);
    else
        return parseFloat<T>(text, typeName);
}

// The kernel type statistics read T as (statistics_kernel.h): the type
// itself where the kernel has a loop for it, else the nearest that holds
// every value (float16 as float), a double for long double (statistics are
// computed in double precision), the magnitude for complex, 0/1 for bool.
template <class T>
struct StatisticsKernelType {
    using type = T;
};
template <>
struct StatisticsKernelType<bool> {
    using type = std::uint8_t;
};
template <>
struct StatisticsKernelType<Float16> {
    using type = float;
};
template <>
struct StatisticsKernelType<long double> {
    using type = double;
};
template <class F>
struct StatisticsKernelType<std::complex<F>> {
    using type = double;
};

template <class T>
auto statisticsValue(const T& value)
{
    using K = typename StatisticsKernelType<T>::type;
    if constexpr (std::is_same_v<T, Float16>)
        return static_cast<float>(value.toDouble());
    else if constexpr (kIsComplex<T>)
        return static_cast<double>(std::abs(value));
    else
        return static_cast<K>(value);
}

/// The codec of one numeric C++ type in one byte order.
template <class T>
class NumberCodec final : public ElementCodec {
public:
    NumberCodec(std::string typeName, bool swapped) : typeName_(std::move(typeName)), swapped_(swapped) {}

    void format(const std::byte* p, TextSink& out, const DisplayOptions& options) const override
    {
        // Integers and bool need little room; reserving less keeps the
        // sink's check cheap and its blocks small.
        char* text = out.reserve(std::is_integral_v<T> ? 32 : kMaxNumberText);
        out.commit(writeNumber(text, readNative<T>(p, swapped_), options));
    }
    void parse(std::string_view text, std::byte* out) const override
    {
        storeNative(parseNumber<T>(text, typeName_), out, swapped_);
    }
    [[nodiscard]] std::optional<double> toDouble(const std::byte* p) const override
    {
        return asDouble(readNative<T>(p, swapped_));
    }
    void toDoubles(const std::byte* p, std::ptrdiff_t stride, std::size_t count, double* out) const override
    {
        // The byte-order test out of the loop: the native loop is a plain strided load.
        if (swapped_) {
            for (std::size_t i = 0; i < count; ++i, p += stride)
                out[i] = asDouble(readNative<T>(p, true));
        } else {
            for (std::size_t i = 0; i < count; ++i, p += stride)
                out[i] = asDouble(readNative<T>(p, false));
        }
    }
    [[nodiscard]] StatisticsReading statisticsReading() const override
    {
        return kIsComplex<T> ? StatisticsReading::Magnitude : StatisticsReading::Value;
    }
    void accumulateStatistics(const StatisticsRun& run, StatisticsAccumulator& statistics) const override
    {
        using K = typename StatisticsKernelType<T>::type;
        statistics_kernel::accumulateRun<K>(
            run, std::is_same_v<K, T> && !swapped_,
            [swapped = swapped_](const std::byte* p) { return statisticsValue(readNative<T>(p, swapped)); }, statistics);
    }
    [[nodiscard]] bool mayNeedQuotes(char delimiter) const override
    {
        return delimiter == '"' || kNumberAlphabet.find(delimiter) != std::string_view::npos;
    }
    [[nodiscard]] std::unique_ptr<const CellMatcher> matcher(const FindCondition& condition) const override
    {
        return makeNumberMatcher<T>(condition, *this, typeName_, swapped_);
    }

private:
    static double asDouble(const T& value)
    {
        if constexpr (std::is_same_v<T, Float16>)
            return value.toDouble();
        else if constexpr (kIsComplex<T>)
            return static_cast<double>(std::abs(value));
        else
            return static_cast<double>(value);
    }

    std::string typeName_;
    bool swapped_;
};

} // namespace

template <class T>
std::shared_ptr<const ElementCodec> makeNumberCodec(std::string typeName, bool swapped)
{
    return std::make_shared<NumberCodec<T>>(std::move(typeName), swapped);
}

template std::shared_ptr<const ElementCodec> makeNumberCodec<bool>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::int8_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::int16_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::int32_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::int64_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::uint8_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::uint16_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::uint32_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::uint64_t>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<Float16>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<float>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<double>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<long double>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::complex<float>>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::complex<double>>(std::string, bool);
template std::shared_ptr<const ElementCodec> makeNumberCodec<std::complex<long double>>(std::string, bool);

} // namespace arraylens
