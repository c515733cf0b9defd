// SPDX-License-Identifier: MIT
#pragma once

#include "core/path_text.h"
#include "core/tuple_text.h"

#include <QString>
#include <QStringList>

#include <string>
#include <string_view>
#include <vector>

// Text crossing between Qt and the core.

/// Qt's strings as the core takes them (UTF-8).
inline std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> result;
    result.reserve(static_cast<std::size_t>(list.size()));
    for (const QString& item : list)
        result.push_back(item.toStdString());
    return result;
}

/// A shape or strides as Python writes a tuple: "(2, 3)".
inline QString tupleQString(const std::vector<std::int64_t>& values)
{
    return QString::fromStdString(arraylens::tupleText(values));
}

/// Bytes that may not be UTF-8 (a command-line argument, a path) as a
/// QString that keeps them all: each undecodable byte becomes a lone
/// surrogate, as in Python's surrogateescape. QString::fromLocal8Bit would
/// make every such byte U+FFFD, so `out\xff.csv` and `out\xfe.csv` would be
/// the same name.
inline QString fromPathBytes(std::string_view bytes)
{
    const std::u16string text = arraylens::decodeSurrogateEscape(bytes);
    return QString::fromUtf16(text.data(), static_cast<qsizetype>(text.size()));
}

/// The exact bytes fromPathBytes() was given; for any other text, UTF-8.
inline std::string toPathBytes(const QString& text)
{
    return arraylens::encodeSurrogateEscape(
        std::u16string_view(reinterpret_cast<const char16_t*>(text.utf16()), static_cast<std::size_t>(text.size())));
}
