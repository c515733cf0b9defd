// SPDX-License-Identifier: MIT
#include "core/buffer_info.h"

#include "core/py_buffer.h"

namespace arraylens {

namespace {

std::string jsonString(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string jsonArray(const std::vector<std::int64_t>& values)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + std::to_string(values[i]);
    return out + "]";
}

} // namespace

std::string bufferInfoJson(const PyBuffer& buffer)
{
    const ElementType& type = buffer.elementType();
    std::string out = "{";
    auto field = [&out](std::string_view key, const std::string& value) {
        if (out.size() > 1)
            out += ", ";
        out += jsonString(key) + ": " + value;
    };
    field("format", jsonString(buffer.format()));
    field("dtype", jsonString(type.name));
    field("cpp_type", jsonString(type.cppType));
    field("itemsize", std::to_string(buffer.itemSize()));
    field("ndim", std::to_string(buffer.dimensions()));
    field("shape", jsonArray(buffer.shape()));
    field("strides", jsonArray(buffer.strides()));
    field("readonly", buffer.isReadOnly() ? "true" : "false");
    field("byteorder", jsonString(std::string(1, DtypeTable::byteOrderChar(type))));
    field("c_contiguous", buffer.isCContiguous() ? "true" : "false");
    field("f_contiguous", buffer.isFContiguous() ? "true" : "false");
    field("suboffsets", buffer.hasSuboffsets() ? jsonArray(buffer.suboffsets()) : "null");
    field("exporter", jsonString(buffer.exporterType()));
    field("masked", buffer.mask() ? "true" : "false");
    if (type.isRecord()) {
        std::string list = "[";
        for (const RecordField& leaf : *type.fields) {
            if (list.size() > 1)
                list += ", ";
            list += "{" + jsonString("name") + ": " + jsonString(leaf.name) + ", " + jsonString("dtype") + ": " +
                    jsonString(leaf.type.name) + ", " + jsonString("offset") + ": " + std::to_string(leaf.offset) + "}";
        }
        field("fields", list + "]");
    }
    return out + "}";
}

} // namespace arraylens
