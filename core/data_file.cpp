// SPDX-License-Identifier: MIT
#include "core/data_file.h"

#include "core/array_data.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/python_error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>

namespace arraylens {

namespace {

PyObjectRef pathObject(const std::string& path)
{
    return checked(PyUnicode_DecodeFSDefaultAndSize(path.data(), static_cast<Py_ssize_t>(path.size())));
}

bool endsWithNoCase(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() &&
           std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

} // namespace

bool DataFile::isDataFile(const std::string& path)
{
    // The same list as DATA_FILE_SUFFIXES in lazy_arrays.py.
    static constexpr std::array<std::string_view, 7> kSuffixes{".npy", ".npz", ".h5", ".hdf5", ".he5", ".nc", ".zarr"};
    std::string_view trimmed = path;
    while (trimmed.size() > 1 && trimmed.back() == '/')
        trimmed.remove_suffix(1);
    if (std::any_of(kSuffixes.begin(), kSuffixes.end(),
                    [&](std::string_view suffix) { return endsWithNoCase(trimmed, suffix); }))
        return true;
    std::error_code error;
    const std::filesystem::path folder(path);
    return std::filesystem::is_directory(folder, error) &&
           (std::filesystem::exists(folder / ".zarray", error) || std::filesystem::exists(folder / ".zgroup", error));
}

std::vector<DatasetInfo> DataFile::datasets() const
{
    GilGuard gil;
    const PyObjectRef listed = checked(
        PyObject_CallMethod(Interpreter::supportModule(), "data_file_datasets", "O", pathObject(path_).get()));
    if (!PyList_Check(listed.get()))
        throw Error("data_file_datasets() returned something other than a list");
    std::vector<DatasetInfo> result;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(listed.get()); ++i) {
        PyObject* row = PyList_GET_ITEM(listed.get(), i);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 3 || !PyTuple_Check(PyTuple_GET_ITEM(row, 2)))
            throw Error("data_file_datasets() returned a row that is not (name, dtype, shape)");
        DatasetInfo info{displayText(PyTuple_GET_ITEM(row, 0)), displayText(PyTuple_GET_ITEM(row, 1)), {}};
        PyObject* shape = PyTuple_GET_ITEM(row, 2);
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(shape); ++k)
            info.shape.push_back(PyLong_AsLongLong(PyTuple_GET_ITEM(shape, k)));
        if (PyErr_Occurred())
            PythonError::raise();
        result.push_back(std::move(info));
    }
    return result;
}

std::shared_ptr<ArrayData> DataFile::open(const std::string& name) const
{
    GilGuard gil;
    const PyObjectRef nameObject =
        checked(PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size())));
    const PyObjectRef dataset = checked(PyObject_CallMethod(Interpreter::supportModule(), "open_data_file", "OO",
                                                            pathObject(path_).get(), nameObject.get()));
    const std::string what = name.empty() ? std::string("the file") : "dataset '" + name + "'";
    return ArrayData::fromObject(PyHandle(dataset.get()), what + " is ");
}

} // namespace arraylens
