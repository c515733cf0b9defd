// SPDX-License-Identifier: MIT
#include "core/cell_codec.h"

#include "core/errors.h"
#include "core/text_sink.h"

#include <algorithm>

namespace arraylens {

namespace {

const ElementCodec& codecOf(const ElementType& type)
{
    if (!type.codec)
        throw FormatError("a " + type.name + " record has no single text: each of its fields is a column of its own");
    return *type.codec;
}

} // namespace

std::string CellCodec::format(const std::byte* p, const ElementType& type, const DisplayOptions& options)
{
    std::string text;
    appendTo(text, p, type, options);
    return text;
}

void CellCodec::appendTo(std::string& out, const std::byte* p, const ElementType& type, const DisplayOptions& options)
{
    thread_local TextSink sink;
    sink.clear();
    codecOf(type).format(p, sink, options);
    out.append(sink.text());
}

ElementBytes CellCodec::parse(std::string_view text, const ElementType& type)
{
    const ElementCodec& codec = codecOf(type);
    ElementBytes bytes(static_cast<std::size_t>(type.itemSize));
    codec.parse(text, bytes.data());
    return bytes;
}

void CellCodec::store(std::byte* p, const ElementBytes& bytes)
{
    std::copy(bytes.begin(), bytes.end(), p);
}

ElementBytes CellCodec::load(const std::byte* p, const ElementType& type)
{
    return ElementBytes(p, p + type.itemSize);
}

} // namespace arraylens
