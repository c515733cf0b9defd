// SPDX-License-Identifier: MIT
#pragma once

#include "core/tuple_text.h"

#include <QString>
#include <QStringList>

#include <string>
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
