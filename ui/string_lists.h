// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <string>
#include <vector>

/// Qt's strings as the core takes them (UTF-8).
inline std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> result;
    result.reserve(static_cast<std::size_t>(list.size()));
    for (const QString& item : list)
        result.push_back(item.toStdString());
    return result;
}
