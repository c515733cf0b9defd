// SPDX-License-Identifier: MIT
#include "core/lazy_array.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/lazy_source.h"
#include "core/py_buffer.h"
#include "core/python_error.h"
#include "core/tuple_text.h"

#include <algorithm>

namespace arraylens {

namespace {

// A sequence of str as C++ strings; None (or anything else) gives none.
std::vector<std::string> strItems(PyObject* items)
{
    std::vector<std::string> out;
    PyObjectRef sequence = PyObjectRef::steal(PySequence_Fast(items, "not a sequence"));
    if (!sequence) {
        PyErr_Clear(); // None: no names
        return out;
    }
    const Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence.get());
    out.reserve(static_cast<std::size_t>(count));
    for (Py_ssize_t i = 0; i < count; ++i)
        out.push_back(displayText(PySequence_Fast_GET_ITEM(sequence.get(), i)));
    return out;
}

// Whether values of type `got` can be read as values of type `wanted`.
bool sameLayout(const ElementType& got, const ElementType& wanted)
{
    if (got.kind != wanted.kind || got.itemSize != wanted.itemSize || got.swapped != wanted.swapped ||
        got.isRecord() != wanted.isRecord())
        return false;
    if (!got.isRecord())
        return got.name == wanted.name;
    const auto& a = *got.fields;
    const auto& b = *wanted.fields;
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].offset != b[i].offset || !sameLayout(a[i].type, b[i].type))
            return false;
    return true;
}

// A table's window: the same columns, the native ones of the same types
// (text columns are as wide as their longest text in each window).
bool sameColumns(const ElementType& got, const ElementType& wanted)
{
    if (!got.isRecord() || !wanted.isRecord() || got.fields->size() != wanted.fields->size())
        return false;
    for (std::size_t i = 0; i < got.fields->size(); ++i) {
        const RecordField& a = (*got.fields)[i];
        const RecordField& b = (*wanted.fields)[i];
        if (a.name != b.name || a.type.kind != b.type.kind ||
            (b.type.kind != ElementKind::Text && !sameLayout(a.type, b.type)))
            return false;
    }
    return true;
}

PyObjectRef pyInt(std::int64_t value)
{
    return checked(PyLong_FromLongLong(value));
}

} // namespace

std::shared_ptr<LazyArray> LazyArray::open(PyHandle obj)
{
    const PyObjectRef described =
        checked(PyObject_CallMethod(Interpreter::supportModule(), "lazy_describe", "O", obj.get()));
    if (described.get() == Py_None)
        return nullptr;
    // (family, shape, sample, text, chunks, read-only reason, axis names,
    // table, row labels, text fields), made by lazy_arrays.py.
    if (!PyTuple_Check(described.get()) || PyTuple_GET_SIZE(described.get()) != 10)
        throw Error("lazy_describe() returned something other than a 10-tuple");
    PyObject* const* item = &PyTuple_GET_ITEM(described.get(), 0);
    std::shared_ptr<LazyArray> array(new LazyArray());
    array->object_ = PyObjectRef::borrow(obj);
    array->family_ = displayText(item[0]);
    if (!int64Items(item[1], array->shape_))
        throw Error("lazy_describe() gave a shape that is not a tuple of integers");
    array->sample_ = PyObjectRef::borrow(item[2]);
    array->text_ = PyObject_IsTrue(item[3]) == 1;
    if (item[4] != Py_None && !int64Items(item[4], array->chunks_))
        array->chunks_.clear();
    array->readOnlyReason_ = displayText(item[5]);
    array->axisNames_ = strItems(item[6]);
    array->table_ = PyObject_IsTrue(item[7]) == 1;
    array->rowLabels_ = strItems(item[8]);
    array->textFields_ = strItems(item[9]);
    array->skeleton_ = PyBuffer::acquire(array->sample_);
    if (array->skeleton_->shape() != array->shape_)
        throw InvalidBufferError("the skeleton of this " + array->family_ + " has shape " +
                                 tupleText(array->skeleton_->shape()) + ", not " + tupleText(array->shape_));
    array->type_ = array->skeleton_->elementType();
    if (array->text_)
        array->type_.name = "object"; // shown as str(): the column reads as text of any length
    return array;
}

LazyArray::~LazyArray()
{
    if (!Py_IsInitialized()) {
        (void)object_.release();
        (void)sample_.release();
        return;
    }
    skeleton_.reset(); // releases its export, taking the GIL itself
    GilGuard gil;
    object_ = PyObjectRef();
    sample_ = PyObjectRef();
}

std::shared_ptr<ArraySource> LazyArray::makeSource(const SliceSpec& slice, bool transposed,
                                                   const std::string& field) const
{
    return std::make_shared<LazySource>(shared_from_this(), slice, transposed, field);
}

std::shared_ptr<PyBuffer> LazyArray::fetch(const std::vector<AxisSelection>& window) const
{
    PyObjectRef selections = checked(PyList_New(0));
    std::vector<std::int64_t> expected;
    for (const AxisSelection& axis : window) {
        PyObjectRef item = axis.fixed ? pyInt(axis.start)
                                      : checked(Py_BuildValue("(LLL)", static_cast<long long>(axis.start),
                                                              static_cast<long long>(axis.count),
                                                              static_cast<long long>(axis.step)));
        if (!axis.fixed)
            expected.push_back(axis.count);
        if (PyList_Append(selections.get(), item.get()) != 0)
            PythonError::raise();
    }
    const PyObjectRef values = checked(PyObject_CallMethod(Interpreter::supportModule(), "lazy_fetch", "OOO",
                                                           object_.get(), selections.get(),
                                                           text_ ? Py_True : Py_False));
    const std::shared_ptr<PyBuffer> exported = PyBuffer::acquire(values);
    // An object may hand back something else than what it was asked for;
    // cells are read by the skeleton's geometry, so check it before they are.
    if (exported->shape() != expected)
        throw InvalidBufferError(family_ + "[...] returned a window of shape " + tupleText(exported->shape()) +
                                 " where " + tupleText(expected) + " was asked for");
    const ElementType& got = exported->elementType();
    if (!(text_ ? got.kind == ElementKind::Text : table_ ? sameColumns(got, type_) : sameLayout(got, type_)))
        throw InvalidBufferError(family_ + "[...] returned " + got.name + " values where its dtype says " +
                                 type_.name);
    return exported->detachedCopy();
}

std::string LazyArray::fieldReadOnlyReason(const std::string& field) const
{
    if (!readOnlyReason_.empty())
        return readOnlyReason_;
    if (std::find(textFields_.begin(), textFields_.end(), field) != textFields_.end())
        return "column '" + field + "' holds values NumPy cannot hold natively (text, objects, categories, dates): "
               "they are shown as str() and cannot be edited here";
    return {};
}

void LazyArray::writeTableCell(std::int64_t row, const std::string& field, std::span<const std::byte> value) const
{
    const PyObjectRef name = checked(PyUnicode_FromStringAndSize(field.data(), static_cast<Py_ssize_t>(field.size())));
    const PyObjectRef bytes = checked(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(value.data()),
                                                                static_cast<Py_ssize_t>(value.size())));
    checked(PyObject_CallMethod(Interpreter::supportModule(), "table_write", "OLOOO", object_.get(),
                                static_cast<long long>(row), name.get(), bytes.get(), sample_.get()));
}

void LazyArray::write(const std::vector<std::int64_t>& index, std::span<const std::byte> element) const
{
    PyObjectRef key = checked(PyList_New(0));
    for (std::int64_t i : index)
        if (PyList_Append(key.get(), pyInt(i).get()) != 0)
            PythonError::raise();
    const PyObjectRef bytes = checked(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(element.data()),
                                                                static_cast<Py_ssize_t>(element.size())));
    checked(PyObject_CallMethod(Interpreter::supportModule(), "lazy_write", "OOOO", object_.get(), key.get(),
                                bytes.get(), sample_.get()));
}

} // namespace arraylens
