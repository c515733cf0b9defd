// SPDX-License-Identifier: MIT
#pragma once

// What the benchmarks read about this process's memory, from /proc.

#include <QFile>
#include <QList>

#include <cstdint>

#include <unistd.h>

namespace bench {

/// Resident memory (/proc/self/statm), in bytes.
inline std::int64_t residentBytes()
{
    QFile statm("/proc/self/statm");
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

/// The anonymous part of the resident set (heap, not mapped file pages), in bytes.
inline std::int64_t residentAnonymousBytes()
{
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("RssAnon:"))
            return line.mid(8).trimmed().split(' ').front().toLongLong() * 1024;
    return 0;
}

} // namespace bench
