// SPDX-License-Identifier: MIT
#include "core/standard_output.h"

#include <fcntl.h>
#include <unistd.h>

namespace arraylens {

namespace {

bool g_reserved = false;
int g_descriptor = STDOUT_FILENO;

bool isOpen(int descriptor)
{
    return ::fcntl(descriptor, F_GETFD) != -1;
}

// Opens /dev/null as exactly `descriptor` (which must be closed).
void fillWithDevNull(int descriptor)
{
    const int opened = ::open("/dev/null", O_RDWR);
    if (opened >= 0 && opened != descriptor) {
        ::dup2(opened, descriptor);
        ::close(opened);
    }
}

} // namespace

void StandardOutput::reserve()
{
    if (g_reserved)
        return;
    g_reserved = true;
    // Above 2, so that it can never be mistaken for a standard stream.
    g_descriptor = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (!isOpen(STDERR_FILENO))
        fillWithDevNull(STDERR_FILENO);
    if (::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        ::close(STDOUT_FILENO);
        fillWithDevNull(STDOUT_FILENO);
    }
}

int StandardOutput::descriptor()
{
    return g_descriptor;
}

} // namespace arraylens
