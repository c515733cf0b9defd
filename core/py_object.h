// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h>

#include <cstdint>
#include <string>
#include <vector>
#include <utility>

namespace arraylens {

/// A non-owning reference to a Python object (a borrowed reference).
/// Never touches the reference count; valid only while someone else owns it.
class PyHandle {
public:
    PyHandle() = default;
    explicit PyHandle(PyObject* ptr) : ptr_(ptr) {}

    [[nodiscard]] PyObject* get() const { return ptr_; }
    [[nodiscard]] explicit operator bool() const { return ptr_ != nullptr; }

protected:
    PyObject* ptr_ = nullptr;
};

/// An owning reference to a Python object: decrements on destruction.
/// Caller must hold the GIL whenever one is created, copied or destroyed
/// with a non-null pointer.
class PyObjectRef : public PyHandle {
public:
    PyObjectRef() = default;
    PyObjectRef(const PyObjectRef& other) : PyHandle(other.ptr_) { Py_XINCREF(ptr_); }
    PyObjectRef(PyObjectRef&& other) noexcept : PyHandle(std::exchange(other.ptr_, nullptr)) {}
    PyObjectRef& operator=(PyObjectRef other) noexcept
    {
        std::swap(ptr_, other.ptr_);
        return *this;
    }
    ~PyObjectRef() { Py_XDECREF(ptr_); }

    /// Takes over a new reference (the result of most C-API calls).
    [[nodiscard]] static PyObjectRef steal(PyObject* ptr) { return PyObjectRef(ptr); }
    /// Adds a reference to a borrowed pointer.
    [[nodiscard]] static PyObjectRef borrow(PyObject* ptr)
    {
        Py_XINCREF(ptr);
        return PyObjectRef(ptr);
    }
    [[nodiscard]] static PyObjectRef borrow(PyHandle handle) { return borrow(handle.get()); }

    /// Gives the reference away (to a C-API call that steals it).
    [[nodiscard]] PyObject* release() { return std::exchange(ptr_, nullptr); }

private:
    explicit PyObjectRef(PyObject* ptr) : PyHandle(ptr) {}
};

/// Turns a new reference from a C-API call into an owning ref, throwing
/// PythonError (with the pending Python exception) when it is null.
PyObjectRef checked(PyObject* newReference);

/// A str as UTF-8 for messages and listings; lone surrogates (undecodable
/// bytes kept by surrogateescape) become backslash escapes, "caf\udce9.py",
/// as Python's stderr shows them. Never throws; null gives "".
[[nodiscard]] std::string displayText(PyObject* text);
/// Appends the ints of a tuple to `values`; false (and no exception set)
/// for anything else: a list, a non-int item, one beyond 64 bits.
bool int64Items(PyObject* tuple, std::vector<std::int64_t>& values);

} // namespace arraylens
