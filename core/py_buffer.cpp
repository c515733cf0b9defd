// SPDX-License-Identifier: MIT
#include "core/py_buffer.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/python_error.h"
#include "core/tuple_text.h"

namespace arraylens {

std::string PyBuffer::typeNameOf(PyHandle handle)
{
    PyObject* obj = handle.get();
    PyTypeObject* type = Py_TYPE(obj);
    const PyObjectRef module = PyObjectRef::steal(PyObject_GetAttrString(reinterpret_cast<PyObject*>(type), "__module__"));
    std::string name = type->tp_name;
    if (module && PyUnicode_Check(module.get())) {
        const char* text = PyUnicode_AsUTF8(module.get());
        // tp_name of heap types is the bare name; add the module as Python does.
        if (text && std::string_view(text) != "builtins" && name.find('.') == std::string::npos)
            name = std::string(text) + "." + name;
    }
    PyErr_Clear();
    return name;
}


std::shared_ptr<PyBuffer> PyBuffer::acquire(PyHandle obj)
{
    std::shared_ptr<PyBuffer> buffer(new PyBuffer());
    buffer->exporterType_ = typeNameOf(obj);
    auto view = std::make_unique<Py_buffer>();
    if (PyObject_GetBuffer(obj.get(), view.get(), PyBUF_FULL_RO) != 0) {
        // Any exception here means "not exportable" (DESIGN.md); TypeError for
        // objects with no buffer at all, ValueError from NumPy for datetime64.
        PythonError cause = PythonError::fetch();
        if (!PyObject_CheckBuffer(obj.get()))
            throw PythonError("TypeError", "a '" + buffer->exporterType_ + "' object does not support the buffer protocol",
                              {});
        throw PythonError(cause.typeName(),
                          "a '" + buffer->exporterType_ + "' object that cannot export a buffer: " + cause.message(),
                          cause.traceback());
    }
    Py_buffer& v = *view;
    buffer->view_ = std::move(view);
    buffer->readOnly_ = v.readonly != 0;
    buffer->formatText_ = v.format ? v.format : "B";
    const int ndim = v.ndim;
    for (int i = 0; i < ndim; ++i)
        buffer->shape_.push_back(v.shape ? v.shape[i] : (ndim == 1 ? v.len / v.itemsize : 0));
    if (v.strides) {
        buffer->strides_.assign(v.strides, v.strides + ndim);
    } else {
        // NULL strides means C order (ctypes gives none).
        buffer->strides_.assign(static_cast<std::size_t>(ndim), 0);
        std::int64_t stride = v.itemsize;
        for (int i = ndim - 1; i >= 0; --i) {
            buffer->strides_[static_cast<std::size_t>(i)] = stride;
            stride *= buffer->shape_[static_cast<std::size_t>(i)];
        }
    }
    if (v.suboffsets) {
        bool any = false;
        for (int i = 0; i < ndim; ++i)
            any = any || v.suboffsets[i] >= 0;
        if (any)
            buffer->suboffsets_.assign(v.suboffsets, v.suboffsets + ndim);
    }
    // Throws FormatError; the destructor releases the view.
    buffer->format_ = DtypeTable::parse(buffer->formatText_, v.itemsize);
    buffer->guardMemory();
    return buffer;
}

void PyBuffer::guardMemory()
{
    if (hasSuboffsets())
        return;
    // The bytes the elements span: from the lowest (negative strides reach
    // below the base) to the highest, plus one item.
    std::int64_t low = 0;
    std::int64_t high = itemSize();
    for (std::size_t k = 0; k < shape_.size(); ++k) {
        if (shape_[k] == 0)
            return;
        std::int64_t reach = 0;
        if (__builtin_mul_overflow(shape_[k] - 1, strides_[k], &reach))
            return;
        if (__builtin_add_overflow(reach < 0 ? low : high, reach, reach < 0 ? &low : &high))
            return;
    }
    guard_ = std::make_unique<GuardedMemory>(base() + low, static_cast<std::size_t>(high - low));
}

PyBuffer::~PyBuffer()
{
    guard_.reset(); // before the memory may go away
    // Released once, with the GIL, and never after finalization (the exporter
    // is gone with the interpreter then).
    if (view_ && view_->obj && Py_IsInitialized()) {
        GilGuard gil;
        PyBuffer_Release(view_.get());
    }
}

std::int64_t PyBuffer::elementCount() const
{
    std::int64_t count = 1;
    for (std::int64_t extent : shape_)
        count *= extent;
    return count;
}

bool PyBuffer::isContiguous(bool lastAxisFastest) const
{
    if (hasSuboffsets())
        return false;
    if (elementCount() == 0)
        return true; // as PyBuffer_IsContiguous and NumPy say
    std::int64_t expected = itemSize();
    const std::size_t n = shape_.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = lastAxisFastest ? n - 1 - i : i;
        if (shape_[k] != 1 && strides_[k] != expected)
            return false;
        expected *= shape_[k];
    }
    return true;
}

PyHandle PyBuffer::object() const
{
    return PyHandle(view_->obj);
}

const std::byte* PyBuffer::elementPointer(std::span<const std::int64_t> index) const
{
    if (index.size() != shape_.size())
        throw BufferAccessError(BufferAccessError::Reason::Index,
                                "expected " + std::to_string(shape_.size()) + " indices for shape " + tupleText(shape_) +
                                    ", got " + std::to_string(index.size()));
    const std::byte* p = base();
    for (std::size_t k = 0; k < index.size(); ++k) {
        std::int64_t i = index[k];
        if (i < 0)
            i += shape_[k];
        if (i < 0 || i >= shape_[k])
            throw BufferAccessError(BufferAccessError::Reason::Index,
                                    "index " + std::to_string(index[k]) + " is out of bounds for axis " +
                                        std::to_string(k) + " with size " + std::to_string(shape_[k]));
        p += i * strides_[k];
        if (!suboffsets_.empty() && suboffsets_[k] >= 0)
            p = *reinterpret_cast<std::byte* const*>(p) + suboffsets_[k];
    }
    return p;
}

std::byte* PyBuffer::writableElementPointer(std::span<const std::int64_t> index)
{
    requireWritable();
    return const_cast<std::byte*>(elementPointer(index));
}

void PyBuffer::requireWritable() const
{
    if (readOnly_)
        throw BufferAccessError(BufferAccessError::Reason::ReadOnly,
                                "the buffer of this '" + exporterType_ + "' is read-only; it cannot be written");
}

void PyBuffer::requireType(ItemType wanted) const
{
    if (wanted != format_.itemType)
        throw BufferAccessError(BufferAccessError::Reason::ItemType,
                                "expected items of type " + std::string(DtypeTable::name(wanted)) + ", but the buffer holds " +
                                    describe());
}

void PyBuffer::checkTyped(ItemType wanted, int wantedDimensions, bool forWriting) const
{
    requireType(wanted);
    if (dimensions() != wantedDimensions)
        throw BufferAccessError(BufferAccessError::Reason::Dimensions,
                                "expected a " + std::to_string(wantedDimensions) + "-dimensional buffer, but it is " +
                                    std::to_string(dimensions()) + "-dimensional with shape " + tupleText(shape_));
    if (format_.swapped)
        throw BufferAccessError(BufferAccessError::Reason::ByteOrder,
                                "expected native byte order, but the buffer holds " + describe() +
                                    "; read it through the cell codec or a view, which swap bytes");
    if (hasSuboffsets())
        throw BufferAccessError(BufferAccessError::Reason::Layout,
                                "expected a strided buffer, but this one uses PIL-style suboffsets; use elementPointer()");
    if (forWriting)
        requireWritable();
}

std::string PyBuffer::describe() const
{
    std::string order;
    if (format_.swapped)
        order = format_.byteOrder == ByteOrder::Big ? "big-endian " : "little-endian ";
    return order + std::string(DtypeTable::name(format_.itemType)) + " (format '" + formatText_ + "')";
}

} // namespace arraylens
