// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace arraylens {

/// Writes a file all or nothing: data goes to a temporary file in the same
/// folder, which commit() renames over the target. Until
/// then an existing file of that name is untouched; if commit() is never
/// reached (an error, a cancel) the destructor removes the temporary file.
/// Errors (a full disk, no permission) throw IoError with the OS's reason.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view data);
    void commit();

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& temporaryPath() const { return temporaryPath_; }

private:
    [[noreturn]] void fail(const std::string& what, int error);

    std::string path_;
    std::string temporaryPath_;
    int fd_ = -1;
    bool committed_ = false;
};

} // namespace arraylens
