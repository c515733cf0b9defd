// SPDX-License-Identifier: MIT
#include "core/labelled_data.h"

#include "core/buffer_data.h"
#include "core/errors.h"
#include "core/interpreter.h"
#include "core/labelled_source.h"
#include "core/py_buffer.h"
#include "core/python_error.h"

namespace arraylens {

namespace {

std::vector<std::string> strList(PyObject* items)
{
    std::vector<std::string> out;
    if (PyList_Check(items))
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); ++i)
            out.push_back(displayText(PyList_GET_ITEM(items, i)));
    return out;
}

} // namespace

LabelledData::LabelledData(std::shared_ptr<ArrayData> values, std::string origin,
                           std::vector<std::string> columnNames, std::vector<std::string> rowLabels)
    : values_(std::move(values)), origin_(std::move(origin)), columnNames_(std::move(columnNames)),
      rowLabels_(std::move(rowLabels))
{
}

std::shared_ptr<LabelledData> LabelledData::fromTable(PyHandle obj)
{
    const PyObjectRef found = checked(PyObject_CallMethod(Interpreter::supportModule(), "table_buffer", "O", obj.get()));
    if (found.get() == Py_None)
        return nullptr;
    // (values, column names, row labels or None, family), made by lazy_arrays.py.
    if (!PyTuple_Check(found.get()) || PyTuple_GET_SIZE(found.get()) != 4)
        throw Error("table_buffer() returned something other than a 4-tuple");
    auto values = std::make_shared<BufferData>(PyBuffer::acquire(PyHandle(PyTuple_GET_ITEM(found.get(), 0))));
    std::vector<std::string> names = strList(PyTuple_GET_ITEM(found.get(), 1));
    std::vector<std::string> rows = strList(PyTuple_GET_ITEM(found.get(), 2));
    const auto& shape = values->shape();
    // The labels must fit the values they name, or a header would be read past its end.
    const std::size_t columns = shape.size() == 2 ? static_cast<std::size_t>(shape[1]) : 1;
    if (shape.empty() || shape.size() > 2 || names.size() != columns ||
        (!rows.empty() && rows.size() != static_cast<std::size_t>(shape[0])))
        throw Error("table_buffer() returned labels that do not fit the table's values");
    return std::make_shared<LabelledData>(std::move(values), displayText(PyTuple_GET_ITEM(found.get(), 3)),
                                          std::move(names), std::move(rows));
}

std::string LabelledData::label(int axis, std::int64_t index) const
{
    if (axis == 1)
        return columnNames_[static_cast<std::size_t>(index)];
    return rowLabels_.empty() ? std::to_string(index) : rowLabels_[static_cast<std::size_t>(index)];
}

std::shared_ptr<ArraySource> LabelledData::makeSource(const SliceSpec& slice, bool transposed,
                                                      const std::string& field) const
{
    return std::make_shared<LabelledSource>(values_->makeSource(slice, transposed, field),
                                            std::static_pointer_cast<const LabelledData>(shared_from_this()));
}

} // namespace arraylens
