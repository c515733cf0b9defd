// SPDX-License-Identifier: MIT
#pragma once

// The exception family of the core. Every error the core reports derives from
// arraylens::Error, so callers (the command line, the UI) can catch one type and
// show what() — each message names what was expected and what was found.

#include <stdexcept>
#include <string>

namespace arraylens {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A typed accessor does not fit the buffer (decision 2/3 of DESIGN.md).
class BufferAccessError : public Error {
public:
    enum class Reason { ReadOnly, ItemType, Dimensions, ByteOrder, Layout, Index };
    BufferAccessError(Reason reason, const std::string& message) : Error(message), reason_(reason) {}
    [[nodiscard]] Reason reason() const { return reason_; }

private:
    Reason reason_;
};

/// A PEP 3118 format string the dtype table cannot represent.
class FormatError : public Error {
public:
    using Error::Error;
};

/// A Py_buffer whose fields cannot describe memory ArrayLens may read: an
/// exporter that lies about ndim, itemsize, shape, strides or len. The
/// message names the field and its value.
class InvalidBufferError : public Error {
public:
    using Error::Error;
};

/// A NumPy basic-index text that is malformed or does not fit the shape.
class SliceError : public Error {
public:
    using Error::Error;
};

/// Cell text that does not parse into the element type (syntax or range).
class CellTextError : public Error {
public:
    using Error::Error;
};

/// A file could not be written (export); the message carries the OS reason.
class IoError : public Error {
public:
    using Error::Error;
};

/// Statistics asked of cells that hold no numbers (text, dates).
class StatisticsError : public Error {
public:
    using Error::Error;
};

} // namespace arraylens
