// SPDX-License-Identifier: MIT
#include "core/buffer_info.h"

#include "core/array_data.h"
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

// Appends "key": value pairs to one JSON object.
class JsonObject {
public:
    void add(std::string_view key, const std::string& value)
    {
        if (text_.size() > 1)
            text_ += ", ";
        text_ += jsonString(key) + ": " + value;
    }
    [[nodiscard]] std::string close() const { return text_ + "}"; }

private:
    std::string text_ = "{";
};

std::string fieldsJson(const ElementType& type)
{
    std::string list = "[";
    for (const RecordField& leaf : *type.fields) {
        if (list.size() > 1)
            list += ", ";
        list += "{" + jsonString("name") + ": " + jsonString(leaf.name) + ", " + jsonString("dtype") + ": " +
                jsonString(leaf.type.name) + ", " + jsonString("offset") + ": " + std::to_string(leaf.offset) + "}";
    }
    return list + "]";
}

std::string bufferJson(const PyBuffer& buffer, JsonObject& object)
{
    const ElementType& type = buffer.elementType();
    const auto field = [&object](std::string_view key, const std::string& value) { object.add(key, value); };
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
    if (type.isRecord())
        field("fields", fieldsJson(type));
    return object.close();
}

std::string lazyJson(const ArrayData& array, JsonObject& object)
{
    const ElementType& type = array.elementType();
    object.add("dtype", jsonString(type.name));
    object.add("cpp_type", jsonString(array.readsAsText() ? "" : type.cppType));
    object.add("itemsize", array.readsAsText() ? "null" : std::to_string(type.itemSize));
    object.add("ndim", std::to_string(array.dimensions()));
    object.add("shape", jsonArray(array.shape()));
    object.add("chunks", array.chunks().empty() ? "null" : jsonArray(array.chunks()));
    object.add("readonly", array.readOnlyReason().empty() ? "false" : "true");
    if (!array.readOnlyReason().empty())
        object.add("readonly_reason", jsonString(array.readOnlyReason()));
    if (!array.readsAsText())
        object.add("byteorder", jsonString(std::string(1, DtypeTable::byteOrderChar(type))));
    if (const auto names = array.axisNames(); !names.empty()) {
        std::string list = "[";
        for (std::size_t i = 0; i < names.size(); ++i)
            list += (i ? ", " : "") + jsonString(names[i]);
        object.add("dims", list + "]");
    }
    if (type.isRecord())
        object.add("fields", fieldsJson(type));
    return object.close();
}

} // namespace

std::string bufferInfoJson(const PyBuffer& buffer)
{
    JsonObject object;
    return bufferJson(buffer, object);
}

std::string arrayInfoJson(const ArrayData& array)
{
    JsonObject object;
    object.add("source", jsonString(array.origin()));
    object.add("lazy", array.isLazy() ? "true" : "false");
    if (const auto buffer = array.buffer())
        return bufferJson(*buffer, object);
    return lazyJson(array, object);
}

} // namespace arraylens
