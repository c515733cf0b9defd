// SPDX-License-Identifier: MIT
// libFuzzer target: the element format parser, records included. Input: one
// byte of itemsize, then the format text. Any input either parses into an
// element type of that size (a record's fields inside it, each with a
// codec), or throws FormatError; nothing else.
#include "core/dtype_table.h"
#include "core/errors.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::int64_t itemSize = data[0];
    const std::string_view format(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const arraylens::ElementType parsed = arraylens::DtypeTable::parse(format, itemSize);
        if (parsed.itemSize != itemSize || (parsed.row && parsed.row->kind != parsed.kind))
            std::abort();
        if (parsed.isRecord()) {
            for (const arraylens::RecordField& field : *parsed.fields)
                if (field.offset < 0 || field.offset + field.type.itemSize > itemSize || !field.type.codec)
                    std::abort();
        } else if (!parsed.codec) {
            std::abort();
        }
    } catch (const arraylens::FormatError&) {
    }
    return 0;
}
