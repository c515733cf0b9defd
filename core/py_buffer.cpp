// SPDX-License-Identifier: MIT
#include "core/py_buffer.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/python_error.h"
#include "core/tuple_text.h"

#include <algorithm>
#include <cstring>
#include <limits>
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

// A ctypes Structure's format with its fields where ctypes put them, or
// empty for other exporters; throws FormatError for a Union, a _pack_ed
// Structure or bit fields, which have no columns to show.
std::string ctypesRecordFormat(PyHandle obj)
{
    PyObject* support = Interpreter::supportModule();
    if (!support || !PyDict_GetItemString(PyImport_GetModuleDict(), "ctypes"))
        return {};
    const PyObjectRef format = PyObjectRef::steal(PyObject_CallMethod(support, "ctypes_record_format", "O", obj.get()));
    if (!format) {
        const PythonError error = PythonError::fetch();
        throw FormatError(error.message());
    }
    if (!PyUnicode_Check(format.get()))
        return {};
    const char* text = PyUnicode_AsUTF8(format.get());
    if (!text) {
        PyErr_Clear();
        return {};
    }
    return text;
}

// The view's fields checked and normalised, or the view released and the
// refusal rethrown naming the exporter (no PyBuffer owns the view yet).
BufferLayout checkedLayout(Py_buffer& view, const std::string& exporterType, const std::string& formatOverride)
{
    BufferFields fields;
    fields.buf = view.buf;
    fields.len = view.len;
    fields.itemSize = view.itemsize;
    fields.ndim = view.ndim;
    fields.shape = view.shape;
    fields.strides = view.strides;
    fields.suboffsets = view.suboffsets;
    fields.format = formatOverride.empty() ? view.format : formatOverride.c_str();
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
    std::shared_ptr<PyBuffer> buffer = acquireElements(obj);
    buffer->mask_ = acquireMask(obj, buffer->layout_);
    return buffer;
}

std::shared_ptr<PyBuffer> PyBuffer::acquireElements(PyHandle obj)
{
    std::string exporterType = typeNameOf(obj);
    auto view = std::make_unique<Py_buffer>();
    std::shared_ptr<PyBuffer> buffer;
    if (PyObject_GetBuffer(obj.get(), view.get(), PyBUF_FULL_RO) != 0) {
        // Any exception here means "not exportable" (DESIGN.md); TypeError for
        // objects with no buffer at all, ValueError from NumPy for datetime64.
        PythonError cause = PythonError::fetch();
        buffer = acquireArrayInterface(obj, exporterType);
        if (!buffer && !PyObject_CheckBuffer(obj.get()))
            throw PythonError("TypeError", "a '" + exporterType + "' object does not support the buffer protocol", {});
        if (!buffer)
            throw PythonError(cause.typeName(),
                              "a '" + exporterType + "' object that cannot export a buffer: " + cause.message(),
                              cause.traceback());
    } else {
        std::string ctypesFormat;
        try {
            ctypesFormat = ctypesRecordFormat(obj);
        } catch (...) {
            PyBuffer_Release(view.get());
            throw;
        }
        // Throws FormatError or InvalidBufferError.
        BufferLayout layout = checkedLayout(*view, exporterType, ctypesFormat);
        try {
            buffer = std::shared_ptr<PyBuffer>(new PyBuffer(std::move(view), {}, std::move(layout), exporterType));
        } catch (...) {
            if (view) // out of memory before a PyBuffer took the view over
                PyBuffer_Release(view.get());
            throw;
        }
    }
    return buffer;
}

namespace {

PyObjectRef attribute(PyHandle obj, const char* name)
{
    PyObjectRef value = PyObjectRef::steal(PyObject_GetAttrString(obj.get(), name));
    if (!value)
        PyErr_Clear();
    return value;
}

} // namespace

std::shared_ptr<PyBuffer> PyBuffer::acquireArrayInterface(PyHandle obj, const std::string& exporterType)
{
    // Only NumPy's own arrays, through ndarray's own property: from a class
    // that merely claims an array interface (a few lines of Python) the data
    // pointer could be any address, and reading it would crash the app.
    PyObject* numpy = PyDict_GetItemString(PyImport_GetModuleDict(), "numpy"); // borrowed
    if (!numpy)
        return nullptr;
    const PyObjectRef ndarray = attribute(PyHandle(numpy), "ndarray");
    if (!ndarray || !PyType_Check(ndarray.get()) || PyObject_TypeCheck(obj.get(), reinterpret_cast<PyTypeObject*>(ndarray.get())) == 0)
        return nullptr;
    const PyObjectRef property = attribute(ndarray, "__array_interface__");
    if (!property || !Py_TYPE(property.get())->tp_descr_get)
        return nullptr;
    const PyObjectRef interface = PyObjectRef::steal(
        Py_TYPE(property.get())->tp_descr_get(property.get(), obj.get(), ndarray.get()));
    if (!interface || !PyDict_Check(interface.get())) {
        PyErr_Clear();
        return nullptr;
    }
    PyObject* typestr = PyDict_GetItemString(interface.get(), "typestr"); // borrowed
    const char* typeText = typestr && PyUnicode_Check(typestr) ? PyUnicode_AsUTF8(typestr) : nullptr;
    if (!typeText) {
        PyErr_Clear();
        return nullptr;
    }
    // Only what the buffer protocol cannot carry: NumPy's dates and durations.
    const std::string format = typeText;
    if (format.size() < 3 || (format[1] != 'M' && format[1] != 'm'))
        return nullptr;
    const auto refuse = [&](const std::string& why) {
        return InvalidBufferError("a '" + exporterType + "' object has an invalid __array_interface__: " + why);
    };
    PyObject* data = PyDict_GetItemString(interface.get(), "data");
    if (!data || !PyTuple_Check(data) || PyTuple_GET_SIZE(data) != 2)
        throw refuse("'data' is not a (pointer, read-only) tuple");
    void* address = PyLong_AsVoidPtr(PyTuple_GET_ITEM(data, 0));
    const int readOnly = PyObject_IsTrue(PyTuple_GET_ITEM(data, 1));
    if (PyErr_Occurred() || readOnly < 0) {
        PyErr_Clear();
        throw refuse("'data' is not a (pointer, read-only) tuple");
    }
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> strides;
    PyObject* shapeItem = PyDict_GetItemString(interface.get(), "shape");
    if (!shapeItem || !int64Items(shapeItem, shape))
        throw refuse("'shape' is not a tuple of integers");
    PyObject* stridesItem = PyDict_GetItemString(interface.get(), "strides");
    const bool hasStrides = stridesItem && stridesItem != Py_None;
    if (hasStrides && (!int64Items(stridesItem, strides) || strides.size() != shape.size()))
        throw refuse("'strides' is neither None nor a tuple of one integer per axis");

    BufferFields fields;
    fields.buf = address;
    fields.itemSize = 8; // "<M8[unit]": eight bytes; the dtype table checks the digit
    fields.ndim = static_cast<int>(shape.size());
    fields.shape = shape.data();
    fields.strides = hasStrides ? strides.data() : nullptr;
    fields.format = format.c_str();
    fields.readOnly = readOnly != 0;
    // The interface has no len: the elements' bytes, which the layout checks
    // against the shape (a product that overflows is refused there).
    std::int64_t count = 1;
    bool overflow = false;
    for (std::int64_t extent : shape)
        overflow |= extent >= 0 && __builtin_mul_overflow(count, extent, &count);
    fields.len = overflow || count < 0 || count > std::numeric_limits<std::int64_t>::max() / 8 ? 0 : count * 8;
    BufferLayout layout(fields);
    return std::shared_ptr<PyBuffer>(new PyBuffer(nullptr, PyObjectRef::borrow(obj), std::move(layout), exporterType));
}

std::shared_ptr<PyBuffer> PyBuffer::acquireMask(PyHandle obj, const BufferLayout& data)
{
    PyObject* support = Interpreter::supportModule();
    if (!support)
        return nullptr;
    const PyObjectRef mask = PyObjectRef::steal(
        PyObject_CallMethod(support, "masked_array_mask", "OO", obj.get(), data.isReadOnly() ? Py_False : Py_True));
    if (!mask) {
        PythonError cause = PythonError::fetch();
        throw PythonError(cause.typeName(), "the mask of this masked array cannot be read: " + cause.message(),
                          cause.traceback());
    }
    if (mask.get() == Py_None)
        return nullptr;
    // The mask's own elements only: a mask that is itself a masked array
    // (or this very array, m._mask = m) brings no mask of its own, and
    // asking for one would recurse without end.
    std::shared_ptr<PyBuffer> buffer = acquireElements(mask);
    if (buffer->shape() != data.shape())
        throw InvalidBufferError("the mask of this masked array has shape " + tupleText(buffer->shape()) +
                                 " but its data has shape " + tupleText(data.shape()));
    const ElementType& maskType = buffer->elementType();
    const bool boolMask = maskType.kind == ElementKind::Bool ||
                          (maskType.isRecord() && std::all_of(maskType.fields->begin(), maskType.fields->end(),
                                                              [](const RecordField& f) {
                                                                  return f.type.kind == ElementKind::Bool;
                                                              }));
    if (!boolMask)
        throw InvalidBufferError("the mask of this masked array holds " + maskType.name + ", not bool");
    // A record mask masks field by field (numpy.ma's make_mask_descr): the
    // views read each field's own bool, found by name.
    const ElementType& dataType = data.elementType();
    if (maskType.isRecord()) {
        if (!dataType.isRecord())
            throw InvalidBufferError("the mask of this masked array is a record (" + maskType.name +
                                     ") but its data holds " + dataType.name);
        for (const RecordField& field : *dataType.fields)
            if (std::none_of(maskType.fields->begin(), maskType.fields->end(),
                             [&](const RecordField& f) { return f.name == field.name; }))
                throw InvalidBufferError("the mask of this masked array has no field '" + field.name + "'");
    }
    return buffer;
}

PyBuffer::PyBuffer(std::unique_ptr<Py_buffer> view, PyObjectRef owner, BufferLayout layout, std::string exporterType)
    : view_(std::move(view)), owner_(std::move(owner)), layout_(std::move(layout)),
      exporterType_(std::move(exporterType))
{
    if (layout_.highOffset() > layout_.lowOffset())
        guard_ = std::make_unique<GuardedMemory>(layout_.base() + layout_.lowOffset(),
                                                 static_cast<std::size_t>(layout_.highOffset() - layout_.lowOffset()));
}

std::shared_ptr<PyBuffer> PyBuffer::detachedCopy() const
{
    if (hasSuboffsets() || !isCContiguous())
        throw InvalidBufferError("only a C-contiguous buffer can be copied out of Python; this " + exporterType_ +
                                 " has strides " + tupleText(strides()));
    std::vector<std::byte> memory(static_cast<std::size_t>(elementCount() * itemSize()));
    if (!memory.empty())
        std::memcpy(memory.data(), layout_.base(), memory.size());
    BufferFields fields;
    fields.buf = memory.data();
    fields.len = static_cast<std::int64_t>(memory.size());
    fields.itemSize = itemSize();
    fields.ndim = dimensions();
    fields.shape = shape().data();
    fields.format = format().c_str();
    fields.readOnly = false;
    BufferLayout layout(fields);
    std::shared_ptr<PyBuffer> copy(new PyBuffer(nullptr, PyObjectRef(), std::move(layout), exporterType_));
    copy->ownedMemory_ = std::move(memory); // a moved vector keeps its block: the layout's pointers stay valid
    return copy;
}

PyBuffer::~PyBuffer()
{
    guard_.reset(); // before the memory may go away
    mask_.reset();
    // Released once, with the GIL, and never after finalization (the exporter
    // is gone with the interpreter then).
    if (!Py_IsInitialized()) {
        (void)owner_.release();
        return;
    }
    if ((view_ && view_->obj) || owner_) {
        GilGuard gil;
        if (view_ && view_->obj)
            PyBuffer_Release(view_.get());
        owner_ = PyObjectRef();
    }
}

PyHandle PyBuffer::object() const
{
    return view_ ? PyHandle(view_->obj) : PyHandle(owner_.get());
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

std::string PyBuffer::readOnlyReason() const
{
    if (!isReadOnly())
        return {};
    if (exporterType_ == "bytes")
        return "bytes objects are immutable: this buffer is read-only";
    for (std::int64_t stride : strides())
        if (stride == 0)
            return "this " + exporterType_ + " is a broadcast view (a stride is 0): it is read-only";
    return "this " + exporterType_ + " exports a read-only buffer (e.g. flags.writeable is False)";
}

void PyBuffer::requireType(ScalarShape wanted) const
{
    const ElementType& type = elementType();
    if (wanted.kind != type.kind || wanted.size != type.itemSize)
        throw BufferAccessError(BufferAccessError::Reason::ItemType,
                                "expected items of type " + std::string(DtypeTable::nameOf(wanted)) + ", but the buffer holds " +
                                    describe());
}

void PyBuffer::checkTyped(ScalarShape wanted, int wantedDimensions, bool forWriting) const
{
    requireType(wanted);
    if (dimensions() != wantedDimensions)
        throw BufferAccessError(BufferAccessError::Reason::Dimensions,
                                "expected a " + std::to_string(wantedDimensions) + "-dimensional buffer, but it is " +
                                    std::to_string(dimensions()) + "-dimensional with shape " + tupleText(shape()));
    if (elementType().swapped)
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
    const ElementType& type = elementType();
    std::string order;
    if (type.swapped)
        order = type.byteOrder == ByteOrder::Big ? "big-endian " : "little-endian ";
    return order + type.name + " (format '" + layout_.format() + "')";
}

} // namespace arraylens
