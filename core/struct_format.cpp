// SPDX-License-Identifier: MIT
#include "core/struct_format.h"

#include "core/errors.h"

#include <algorithm>
#include <complex>
#include <cstddef>
#include <memory>
#include <numeric>
#include <optional>
#include <type_traits>
#include <unordered_set>
#include <utility>

namespace arraylens {

namespace {

constexpr std::int64_t kMaxExtent = std::int64_t{1} << 40; // counts, sizes and offsets stay below
constexpr std::size_t kMaxLeaves = 100000;                 // leaf fields stay below
constexpr std::size_t kMaxNameBytes = std::size_t{64} << 20;
constexpr int kMaxDepth = 64;
constexpr std::size_t kShownFormatLength = 256;

struct Code {
    std::string_view code;
    std::int64_t standardSize; ///< 0: the struct module has no standard size, the native one holds
    std::int64_t nativeSize;
    std::int64_t nativeAlignment; ///< NumPy's dtype.alignment (the struct module's where NumPy has none)
};

template <class T>
constexpr Code code(std::string_view text, std::int64_t standardSize)
{
    return {text, standardSize, static_cast<std::int64_t>(sizeof(T)), static_cast<std::int64_t>(alignof(T))};
}

// The scalar codes of the struct module and PEP 3118 (s, w and x are lengths, see below).
const Code kCodes[] = {
    code<bool>("?", 1),
    code<char>("c", 1),
    code<signed char>("b", 1),
    code<unsigned char>("B", 1),
    code<short>("h", 2),
    code<unsigned short>("H", 2),
    code<int>("i", 4),
    code<unsigned int>("I", 4),
    code<long>("l", 4),
    code<unsigned long>("L", 4),
    code<long long>("q", 8),
    code<unsigned long long>("Q", 8),
    code<std::make_signed_t<std::size_t>>("n", 0),
    code<std::size_t>("N", 0),
    code<void*>("P", 0),
    {"e", 2, 2, 2},
    code<float>("f", 4),
    code<double>("d", 8),
    code<long double>("g", 0),
    {"Zf", 2 * static_cast<std::int64_t>(sizeof(float)), sizeof(std::complex<float>), alignof(float)},
    {"Zd", 2 * static_cast<std::int64_t>(sizeof(double)), sizeof(std::complex<double>), alignof(double)},
    {"Zg", 0, sizeof(std::complex<long double>), alignof(long double)},
};

bool isPrefix(char c)
{
    return c == '@' || c == '=' || c == '<' || c == '>' || c == '!' || c == '^';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Control bytes as \xNN (a NUL would end what()); at most 256 bytes of the format.
std::string escaped(std::string_view text)
{
    static const char* const hex = "0123456789abcdef";
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::string shown(std::string_view format)
{
    if (format.size() <= kShownFormatLength)
        return escaped(format);
    return escaped(format.substr(0, kShownFormatLength)) + "…(" + std::to_string(format.size()) + " bytes)";
}

std::string_view shownName(std::string_view name)
{
    return name.substr(0, kShownFormatLength);
}

std::string quoted(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
        static const char* const hex = "0123456789abcdef";
        return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 15];
    }
    return std::string("'") + c + "'";
}

struct Member;

/// A struct body: its members, kept until the whole text is read, and what
/// the enclosing struct needs to place it. Leaves are written out once, at the
/// end (names built along the way would be copied once per nesting level).
struct Layout {
    std::vector<Member> members;
    std::int64_t itemSize = 0;
    std::int64_t alignment = 1; ///< NumPy's common_alignment: the lcm of the '@' members' alignments
    std::size_t leafCount = 0;  ///< leaves it expands into
    std::size_t nameBytes = 0;  ///< the length of their names, all together
};

/// One element of a struct body (with its sub-array, if any).
struct Member {
    std::optional<std::string> written; ///< the name as written; unset when the text gave none
    std::string name;                   ///< the name, NumPy's f<j> when none was written
    bool padding = false;
    std::int64_t offset = 0;
    std::vector<std::int64_t> dims; ///< sub-array shape then repeat count; empty for one element
    std::int64_t elements = 1;      ///< product of dims
    std::int64_t stride = 0;        ///< bytes from one element to the next
    std::string leafFormat;         ///< for a scalar or string element
    std::int64_t leafSize = 0;
    std::unique_ptr<Layout> nested; ///< for a T{} element
    std::size_t position = 0;       ///< where the element starts in the text, for messages
};

/// The length of "[i,j]" for flat element `flat` of `dims`.
std::size_t indexLength(std::int64_t flat, const std::vector<std::int64_t>& dims)
{
    std::size_t length = 1 + dims.size(); // brackets and commas
    for (std::size_t k = dims.size(); k-- > 0;) {
        std::int64_t index = flat % dims[k];
        flat /= dims[k];
        do {
            ++length;
            index /= 10;
        } while (index);
    }
    return length;
}

void appendIndex(std::string& text, std::int64_t flat, const std::vector<std::int64_t>& dims)
{
    std::int64_t index[64];
    std::vector<std::int64_t> many;
    std::int64_t* digits = index;
    if (dims.size() > 64) {
        many.resize(dims.size());
        digits = many.data();
    }
    for (std::size_t k = dims.size(); k-- > 0;) {
        digits[k] = flat % dims[k];
        flat /= dims[k];
    }
    text += '[';
    for (std::size_t k = 0; k < dims.size(); ++k) {
        if (k)
            text += ',';
        text += std::to_string(digits[k]);
    }
    text += ']';
}

/// Writes the leaves of `layout`, placed at `base`, named under `name`.
void emit(const Layout& layout, std::int64_t base, std::string& name, std::vector<StructField>& out)
{
    for (const Member& member : layout.members) {
        if (member.padding || member.elements == 0 || (member.nested && member.nested->leafCount == 0))
            continue;
        const std::size_t keep = name.size();
        for (std::int64_t element = 0; element < member.elements; ++element) {
            name.resize(keep);
            name += member.name;
            if (!member.dims.empty())
                appendIndex(name, element, member.dims);
            const std::int64_t offset = base + member.offset + element * member.stride;
            if (member.nested) {
                name += '.';
                emit(*member.nested, offset, name, out);
            } else {
                out.push_back(StructField{name, offset, member.leafFormat, member.leafSize});
            }
        }
        name.resize(keep);
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    StructFormat parse()
    {
        if (text_.empty())
            fail(0, "it is empty");
        Layout layout = parseBody(0, std::string_view::npos);
        const Layout* inner = unwrapped(layout);
        const Layout* fields = inner ? inner : &layout;
        StructFormat result;
        result.itemSize = layout.itemSize;
        result.fields.reserve(fields->leafCount);
        std::string name;
        emit(*fields, 0, name, result.fields);
        return result;
    }

private:
    [[noreturn]] void fail(std::size_t position, const std::string& what) const
    {
        throw FormatError("record format '" + shown(text_) + "' cannot be read: " + what + " (at offset " +
                          std::to_string(position) + ")");
    }

    [[nodiscard]] bool atEnd() const { return pos_ >= text_.size(); }
    [[nodiscard]] char peek() const { return text_[pos_]; }

    /// Decimal digits at pos_, below 2^40; nullopt when there are none.
    std::optional<std::int64_t> parseNumber(const char* what)
    {
        if (atEnd() || !isDigit(peek()))
            return std::nullopt;
        const std::size_t start = pos_;
        std::int64_t value = 0;
        while (!atEnd() && isDigit(peek())) {
            value = value * 10 + (peek() - '0');
            if (value >= kMaxExtent)
                fail(start, std::string(what) + " starting '" + escaped(text_.substr(start, pos_ + 1 - start)) +
                                "' is too large (the limit is 2^40)");
            ++pos_;
        }
        return value;
    }

    /// "(2,3)" at pos_ (the '(' included): appends the dimensions.
    void parseShape(std::vector<std::int64_t>& dims)
    {
        const std::size_t open = pos_++;
        while (true) {
            const std::optional<std::int64_t> dim = parseNumber("a sub-array dimension");
            if (!dim) {
                if (atEnd())
                    fail(open, "the sub-array shape '(' has no closing ')'");
                fail(pos_, "a sub-array shape holds " + quoted(peek()) + " where a dimension (digits) was expected");
            }
            dims.push_back(*dim);
            if (atEnd())
                fail(open, "the sub-array shape '(' has no closing ')'");
            if (peek() == ')') {
                ++pos_;
                return;
            }
            if (peek() != ',')
                fail(pos_, "a sub-array shape holds " + quoted(peek()) + " where ',' or ')' was expected");
            ++pos_;
        }
    }

    /// Counts the leaves and the name bytes of a finished body, within the limits.
    void count(Layout& layout) const
    {
        for (const Member& member : layout.members) {
            if (member.padding || member.elements == 0)
                continue;
            const std::size_t per = member.nested ? member.nested->leafCount : 1;
            if (per == 0)
                continue;
            if (static_cast<std::size_t>(member.elements) > (kMaxLeaves - 1 - layout.leafCount) / per)
                fail(member.position, "it describes " + std::to_string(kMaxLeaves) + " or more leaf fields");
            layout.leafCount += static_cast<std::size_t>(member.elements) * per;
            // elements < 100000 now: the names can be measured one element at a time.
            for (std::int64_t element = 0; element < member.elements; ++element) {
                std::size_t segment = member.name.size();
                if (!member.dims.empty())
                    segment += indexLength(element, member.dims);
                layout.nameBytes += member.nested ? per * (segment + 1) + member.nested->nameBytes : segment;
                if (layout.nameBytes > kMaxNameBytes)
                    fail(member.position,
                         "its field names take more than " + std::to_string(kMaxNameBytes >> 20) + " MiB");
            }
        }
    }

    /// A struct body up to its '}' (nested) or to the end of the text (top
    /// level, open == npos), as NumPy's __dtype_from_pep3118 reads it.
    Layout parseBody(int depth, std::size_t open)
    {
        const bool nested = open != std::string_view::npos;
        Layout layout;
        std::unordered_set<std::string> names;
        std::int64_t offset = 0;
        std::int64_t commonAlignment = 1;

        while (true) {
            if (atEnd()) {
                if (nested)
                    fail(open, "the 'T{' has no closing '}'");
                break;
            }
            if (peek() == '}') {
                if (!nested)
                    fail(pos_, "a '}' closes no 'T{'");
                ++pos_;
                break;
            }

            const std::size_t elementStart = pos_;
            Member member;
            member.position = elementStart;
            // Modifiers: byte-order prefixes and sub-array shapes, in any order
            // (NumPy reads "(2,3)=i"; "<(3)i" and "(2)(3)i" are read as well).
            std::vector<std::int64_t> shape;
            bool hasShape = false;
            bool lastWasPrefix = false;
            while (!atEnd()) {
                if (isPrefix(peek())) {
                    if (lastWasPrefix)
                        fail(pos_, "two byte-order prefixes follow each other");
                    order_ = peek();
                    ++pos_;
                    lastWasPrefix = true;
                } else if (peek() == '(') {
                    parseShape(shape);
                    hasShape = true;
                    lastWasPrefix = false;
                } else {
                    break;
                }
            }
            const std::size_t countStart = pos_;
            const std::optional<std::int64_t> count = parseNumber("a repeat count");
            if (atEnd())
                fail(elementStart, "the format ends where an element code was expected");

            const bool standardSizes = order_ == '=' || order_ == '<' || order_ == '>' || order_ == '!';
            const std::string prefix = order_ ? std::string(1, order_) : std::string();
            std::int64_t repeat = count.value_or(1); // NumPy's "itemsize": a count, or 1 for a length code
            std::int64_t size = 0;
            std::int64_t alignment = 1;
            const std::size_t codeStart = pos_;
            const char c = peek();
            if (c == 'T') {
                if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '{')
                    fail(pos_, "'T' is not followed by '{'");
                if (depth + 1 > kMaxDepth)
                    fail(pos_, "'T{' is nested more than " + std::to_string(kMaxDepth) + " deep");
                pos_ += 2;
                member.nested = std::make_unique<Layout>(parseBody(depth + 1, codeStart));
                size = member.nested->itemSize;
                alignment = member.nested->alignment;
            } else if (c == 's' || c == 'w' || c == 'x') {
                ++pos_;
                const std::int64_t length = repeat;
                repeat = 1;
                const std::int64_t unit = c == 'w' ? 4 : 1;
                size = length * unit; // length < 2^40, so this is below 2^42
                if (size >= kMaxExtent)
                    fail(countStart, "a string of " + std::to_string(length) + " characters is 2^40 bytes or more");
                alignment = unit;
                member.padding = c == 'x';
                member.leafFormat = prefix + std::to_string(length) + c;
            } else {
                const Code* found = nullptr;
                for (const Code& entry : kCodes)
                    if (text_.substr(pos_, entry.code.size()) == entry.code) {
                        found = &entry;
                        break;
                    }
                if (!found) {
                    switch (c) {
                    case '&': fail(pos_, "pointers ('&') are not supported");
                    case 'X': fail(pos_, "function pointers ('X{}') are not supported");
                    case 'O': fail(pos_, "Python objects ('O') are not supported");
                    case 't': fail(pos_, "bit fields ('t') are not supported");
                    case 'u': fail(pos_, "UCS-2 characters ('u') are not supported");
                    case 'Z': fail(pos_, "'Z' is not followed by 'f', 'd' or 'g'");
                    case '{': fail(pos_, "a '{' does not follow 'T'");
                    case ')': fail(pos_, "a ')' closes no '('");
                    case ':': fail(pos_, "a field name stands where an element code was expected");
                    default: fail(pos_, "unknown element code " + quoted(c));
                    }
                }
                pos_ += found->code.size();
                size = standardSizes && found->standardSize ? found->standardSize : found->nativeSize;
                alignment = found->nativeAlignment;
                member.leafFormat = prefix + std::string(found->code);
            }
            if (!member.nested)
                member.leafSize = size;

            // Native alignment, decided by the prefix in force after the element
            // (a nested body may have changed it), as NumPy does.
            std::int64_t extraOffset = 0;
            std::int64_t stride = size;
            if (order_ == 0 || order_ == '@') {
                offset += (alignment - offset % alignment) % alignment;
                const std::int64_t intraPadding = (alignment - size % alignment) % alignment;
                if (intraPadding != 0) {
                    // NumPy pads each element of a repeat or sub-array; a single
                    // element gets the padding after it instead.
                    std::int64_t shapeElements = 1; // saturates at 2: only "more than one" matters
                    for (std::int64_t dim : shape)
                        shapeElements = dim == 0 ? 0 : std::min<std::int64_t>(2, shapeElements * dim);
                    if (repeat > 1 || (hasShape && shapeElements > 1))
                        stride += intraPadding;
                    else
                        extraOffset = intraPadding;
                }
                commonAlignment = std::lcm(commonAlignment, alignment);
                if (commonAlignment >= kMaxExtent)
                    fail(codeStart, "its alignment is absurd");
            }

            // Sub-array shape (outer) then repeat count (inner): "(2)3d" is (2,3).
            member.dims = std::move(shape);
            if (repeat != 1)
                member.dims.push_back(repeat);
            std::int64_t elements = 1;
            for (std::int64_t dim : member.dims) {
                if (dim != 0 && elements > (kMaxExtent - 1) / dim)
                    fail(elementStart, "it has 2^40 or more sub-array elements");
                elements *= dim;
            }
            member.elements = elements;
            member.stride = stride;
            member.offset = offset;

            // Field name.
            if (!atEnd() && peek() == ':') {
                const std::size_t nameStart = ++pos_;
                const std::size_t close = text_.find(':', nameStart);
                if (close == std::string_view::npos)
                    fail(nameStart - 1, "the field name has no closing ':'");
                member.written = std::string(text_.substr(nameStart, close - nameStart));
                pos_ = close + 1;
                if (!names.insert(*member.written).second)
                    fail(nameStart,
                         "the field name '" + escaped(shownName(*member.written)) + "' is used twice in one struct");
            }

            if (stride != 0 && elements > (kMaxExtent - 1 - offset - extraOffset) / stride)
                fail(elementStart, "its offsets reach 2^40 bytes or more");
            offset += elements * stride + extraOffset;
            if (offset >= kMaxExtent)
                fail(elementStart, "its offsets reach 2^40 bytes or more");

            if (!(member.padding && !member.written))
                layout.members.push_back(std::move(member));
        }

        layout.itemSize = offset;
        if (order_ == 0 || order_ == '@') {
            layout.itemSize += (commonAlignment - offset % commonAlignment) % commonAlignment;
            if (layout.itemSize >= kMaxExtent)
                fail(text_.size(), "its size reaches 2^40 bytes or more");
        }
        layout.alignment = commonAlignment;

        // NumPy's _fix_names: an unnamed member takes the first f<j> no member has.
        std::int64_t nextUnnamed = 0;
        for (Member& member : layout.members) {
            if (member.written) {
                member.name = *member.written;
                continue;
            }
            do
                member.name = "f" + std::to_string(nextUnnamed++);
            while (names.count(member.name));
            names.insert(member.name);
        }
        if (const Layout* inner = nested ? nullptr : unwrapped(layout)) {
            layout.leafCount = inner->leafCount;
            layout.nameBytes = inner->nameBytes;
        } else {
            count(layout);
        }
        return layout;
    }

    /// A lone unnamed T{} at the top level that fills the record is the
    /// record: NumPy unwraps it, and no "f0." stands before its names.
    static const Layout* unwrapped(const Layout& top)
    {
        if (top.members.size() != 1)
            return nullptr;
        const Member& only = top.members.front();
        if (!only.written && only.nested && only.dims.empty() && only.offset == 0 && only.stride == top.itemSize)
            return only.nested.get();
        return nullptr;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    char order_ = 0; ///< the byte-order prefix in force, 0 before any
};

} // namespace

bool isStructFormat(std::string_view format)
{
    std::size_t pos = 0;
    if (pos < format.size() && isPrefix(format[pos]))
        ++pos;
    if (format.substr(pos, 2) == "T{")
        return true;
    int codes = 0;
    while (pos < format.size()) {
        const char c = format[pos];
        if (isPrefix(c)) {
            ++pos;
            continue;
        }
        if (c == '(' || c == '{' || c == '}' || c == ':')
            return true; // sub-arrays, structs and names belong to records
        if (isDigit(c)) {
            while (pos < format.size() && isDigit(format[pos]))
                ++pos;
            if (pos >= format.size())
                return true; // a count with no code: not a scalar, let the parser say why
            const char next = format[pos];
            if (next != 's' && next != 'w')
                return true; // a repeat count (of anything but a string length)
            continue;
        }
        if (c == 'Z' && pos + 1 < format.size())
            ++pos;
        ++pos;
        if (++codes > 1)
            return true;
    }
    return false;
}

StructFormat parseStructFormat(std::string_view format)
{
    return Parser(format).parse();
}

} // namespace arraylens
