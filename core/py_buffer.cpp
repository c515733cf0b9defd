// SPDX-License-Identifier: MIT
#include "core/py_buffer.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/python_error.h"
#include "core/tuple_text.h"

#include <type_traits>

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


namespace {

static_assert(std::is_same_v<Py_ssize_t, std::int64_t>,
              "BufferFields reads Py_buffer's arrays in place: Py_ssize_t is std::int64_t on LP64 Linux");

// The view's fields checked and normalised, or the view released and the
// refusal rethrown naming the exporter (no PyBuffer owns the view yet).
BufferLayout checkedLayout(Py_buffer& view, const std::string& exporterType)
{
    BufferFields fields;
    fields.buf = view.buf;
    fields.len = view.len;
    fields.itemSize = view.itemsize;
    fields.ndim = view.ndim;
    fields.shape = view.shape;
    fields.strides = view.strides;
    fields.suboffsets = view.suboffsets;
    fields.format = view.format;
    fields.readOnly = view.readonly != 0;
    try {
        return BufferLayout(fields);
    } catch (const InvalidBufferError& error) {
        PyBuffer_Release(&view);
        throw InvalidBufferError("a '" + exporterType + "' object exports an invalid buffer: " + error.what());
    } catch (...) {
        PyBuffer_Release(&view);
        throw;
    }
}

} // namespace

std::shared_ptr<PyBuffer> PyBuffer::acquire(PyHandle obj)
{
    std::string exporterType = typeNameOf(obj);
    auto view = std::make_unique<Py_buffer>();
    if (PyObject_GetBuffer(obj.get(), view.get(), PyBUF_FULL_RO) != 0) {
        // Any exception here means "not exportable" (DESIGN.md); TypeError for
        // objects with no buffer at all, ValueError from NumPy for datetime64.
        PythonError cause = PythonError::fetch();
        if (!PyObject_CheckBuffer(obj.get()))
            throw PythonError("TypeError", "a '" + exporterType + "' object does not support the buffer protocol", {});
        throw PythonError(cause.typeName(),
                          "a '" + exporterType + "' object that cannot export a buffer: " + cause.message(),
                          cause.traceback());
    }
    // Throws FormatError or InvalidBufferError.
    BufferLayout layout = checkedLayout(*view, exporterType);
    try {
        return std::shared_ptr<PyBuffer>(new PyBuffer(std::move(view), std::move(layout), std::move(exporterType)));
    } catch (...) {
        if (view) // out of memory before a PyBuffer took the view over
            PyBuffer_Release(view.get());
        throw;
    }
}

PyBuffer::PyBuffer(std::unique_ptr<Py_buffer> view, BufferLayout layout, std::string exporterType)
    : view_(std::move(view)), layout_(std::move(layout)), exporterType_(std::move(exporterType))
{
    if (layout_.highOffset() > layout_.lowOffset())
        guard_ = std::make_unique<GuardedMemory>(layout_.base() + layout_.lowOffset(),
                                                 static_cast<std::size_t>(layout_.highOffset() - layout_.lowOffset()));
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

PyHandle PyBuffer::object() const
{
    return PyHandle(view_->obj);
}

std::byte* PyBuffer::writableElementPointer(std::span<const std::int64_t> index)
{
    requireWritable();
    return const_cast<std::byte*>(elementPointer(index));
}

void PyBuffer::requireWritable() const
{
    if (isReadOnly())
        throw BufferAccessError(BufferAccessError::Reason::ReadOnly,
                                "the buffer of this '" + exporterType_ + "' is read-only; it cannot be written");
}

void PyBuffer::requireType(ItemType wanted) const
{
    if (wanted != itemType())
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
                                    std::to_string(dimensions()) + "-dimensional with shape " + tupleText(shape()));
    if (elementFormat().swapped)
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
    const ElementFormat& format = elementFormat();
    std::string order;
    if (format.swapped)
        order = format.byteOrder == ByteOrder::Big ? "big-endian " : "little-endian ";
    return order + std::string(DtypeTable::name(format.itemType)) + " (format '" + layout_.format() + "')";
}

} // namespace arraylens
