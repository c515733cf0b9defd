// SPDX-License-Identifier: MIT
#include "core/array_data.h"

#include "core/buffer_data.h"
#include "core/errors.h"
#include "core/labelled_data.h"
#include "core/lazy_array.h"
#include "core/py_buffer.h"
#include "core/python_error.h"

#include <exception>

namespace arraylens {

std::shared_ptr<ArrayData> ArrayData::fromObject(PyHandle result, const std::string& what)
{
    // An object array exports no buffer (NumPy refuses, or its format is
    // 'O'), yet it can be read lazily: the buffer's failure is told only
    // when the lazy way does not apply either.
    // A DataFrame of one number block is a buffer with labels.
    if (std::shared_ptr<LabelledData> table = LabelledData::fromTable(result))
        return table;
    std::exception_ptr bufferFailure;
    if (PyObject_CheckBuffer(result.get())) {
        try {
            return std::make_shared<BufferData>(PyBuffer::acquire(result));
        } catch (const Error&) {
            bufferFailure = std::current_exception();
        }
    }
    std::shared_ptr<LazyArray> lazy;
    try {
        lazy = LazyArray::open(result);
    } catch (const PythonError& error) {
        throw PythonError(error.typeName(), what + error.message(), error.traceback());
    } catch (const Error& error) {
        throw Error(what + "a '" + PyBuffer::typeNameOf(result) + "' that cannot be read: " +
                    error.what());
    }
    if (lazy)
        return lazy;
    if (bufferFailure) {
        try {
            std::rethrow_exception(bufferFailure);
        } catch (const PythonError& error) {
            throw PythonError(error.typeName(), what + error.message(), error.traceback());
        }
    }
    throw PythonError("TypeError", what + "a '" + PyBuffer::typeNameOf(result) +
                                       "' object, which does not support the buffer protocol and is no array "
                                       "with shape, dtype and __getitem__ either",
                      "");
}

} // namespace arraylens
