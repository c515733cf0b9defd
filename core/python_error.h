// SPDX-License-Identifier: MIT
#pragma once

#include "core/errors.h"

#include <string>

namespace arraylens {

/// A Python exception, caught at the C-API call site and carried into C++.
/// Holds the exception's type name, its message and the formatted traceback;
/// no Python object outlives the capture, so it may cross threads freely.
class PythonError : public Error {
public:
    PythonError(std::string typeName, std::string message, std::string traceback);

    /// Takes the pending Python exception (the GIL must be held) and clears it.
    /// Never prints it: SystemExit would end the process inside PyErr_Print.
    [[nodiscard]] static PythonError fetch();
    /// Throws fetch() — the one way C-API failures leave the core.
    [[noreturn]] static void raise();

    [[nodiscard]] const std::string& typeName() const { return typeName_; }
    [[nodiscard]] const std::string& message() const { return message_; }
    /// "Traceback (most recent call last): ..." as Python prints it; empty when
    /// the exception never passed through Python code.
    [[nodiscard]] const std::string& traceback() const { return traceback_; }

private:
    std::string typeName_;
    std::string message_;
    std::string traceback_;
};

} // namespace arraylens
