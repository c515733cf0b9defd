// SPDX-License-Identifier: MIT
// libFuzzer target: the PEP 3118 format parser. Input: one byte of itemsize,
// then the format text. Any input either parses into a row of the dtype
// table with a consistent size, or throws FormatError; nothing else.
#include "core/dtype_table.h"
#include "core/errors.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::int64_t itemSize = data[0] % 40;
    const std::string_view format(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const arraylens::ElementFormat parsed = arraylens::DtypeTable::parse(format, itemSize);
        if (!parsed.row || parsed.itemSize != itemSize ||
            arraylens::DtypeTable::sizeOf(parsed.itemType) != parsed.itemSize ||
            parsed.row->itemType != parsed.itemType)
            std::abort();
    } catch (const arraylens::FormatError&) {
    }
    return 0;
}
