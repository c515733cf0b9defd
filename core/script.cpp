// SPDX-License-Identifier: MIT
#include "core/script.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/interpreter.h"
#include "core/array_data.h"
#include "core/py_buffer.h"
#include "core/python_error.h"

#include <vector>

namespace arraylens {

namespace {

std::string text(PyObject* obj)
{
    if (obj == Py_None)
        return {};
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
    if (!data)
        PythonError::raise();
    return std::string(data, static_cast<std::size_t>(size));
}

// What the support module's describe_* functions return is checked before
// it is read: a script can reach the helper (through frames or the garbage
// collector) and replace a function, and an unchecked PyTuple_GET_ITEM on
// whatever comes back then reads wild memory.
[[noreturn]] void malformedHelperResult(const char* helper, PyObject* what)
{
    throw Error(std::string("ArrayLens's helper ") + helper + "() returned a malformed result (a '" +
                Py_TYPE(what)->tp_name + "' where it makes lists of tuples of text); the script may have replaced it");
}

/// The rows of a list of tuples that each hold `width` items (borrowed: the
/// list keeps them alive, and no Python code runs while they are read).
std::vector<PyObject*> helperRows(PyObject* list, Py_ssize_t width, const char* helper)
{
    if (!PyList_CheckExact(list))
        malformedHelperResult(helper, list);
    std::vector<PyObject*> rows;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i) {
        PyObject* row = PyList_GET_ITEM(list, i);
        if (!PyTuple_CheckExact(row) || PyTuple_GET_SIZE(row) != width)
            malformedHelperResult(helper, row);
        rows.push_back(row);
    }
    return rows;
}

/// A str (or None, as empty) from a helper's result, as UTF-8 for display:
/// lone surrogates (a docstring may hold them) become backslash escapes.
std::string helperText(PyObject* obj, const char* helper)
{
    if (obj == Py_None)
        return {};
    if (!PyUnicode_Check(obj))
        malformedHelperResult(helper, obj);
    return displayText(obj);
}

PyObjectRef callSupport(const char* function, PyObject* argument)
{
    PyObject* support = Interpreter::supportModule();
    if (!support)
        throw Error("the Python interpreter is not running");
    return checked(PyObject_CallMethod(support, function, "O", argument));
}

PyObjectRef toPyList(const std::vector<std::string>& items)
{
    PyObjectRef list = checked(PyList_New(static_cast<Py_ssize_t>(items.size())));
    for (std::size_t i = 0; i < items.size(); ++i) {
        PyObjectRef item = checked(PyUnicode_FromStringAndSize(items[i].data(), static_cast<Py_ssize_t>(items[i].size())));
        PyList_SET_ITEM(list.get(), static_cast<Py_ssize_t>(i), item.release());
    }
    return list;
}

} // namespace

Script Script::load(const std::string& path)
{
    GilGuard gil;
    PyObjectRef pathObject = checked(PyUnicode_DecodeFSDefault(path.c_str()));
    Script script;
    script.module_ = callSupport("load_script", pathObject.get());
    PyObjectRef file = checked(PyObject_GetAttrString(script.module_.get(), "__file__"));
    // Bytes again, as given (a name that is not UTF-8 stays that name).
    PyObjectRef fileBytes = checked(PyUnicode_EncodeFSDefault(file.get()));
    script.path_.assign(PyBytes_AS_STRING(fileBytes.get()), static_cast<std::size_t>(PyBytes_GET_SIZE(fileBytes.get())));
    return script;
}

std::string Script::locateModule(const std::string& name)
{
    GilGuard gil;
    PyObjectRef nameObject = checked(PyUnicode_DecodeFSDefault(name.c_str()));
    PyObjectRef path = callSupport("locate_module", nameObject.get());
    PyObjectRef pathBytes = checked(PyUnicode_EncodeFSDefault(path.get()));
    return {PyBytes_AS_STRING(pathBytes.get()), static_cast<std::size_t>(PyBytes_GET_SIZE(pathBytes.get()))};
}

Script& Script::operator=(Script&& other) noexcept
{
    if (this != &other) {
        GilGuard gil;
        module_ = std::move(other.module_);
        path_ = std::move(other.path_);
    }
    return *this;
}

Script::~Script()
{
    if (module_ && Py_IsInitialized()) {
        GilGuard gil;
        module_ = PyObjectRef();
    }
}

std::string Script::moduleName() const
{
    GilGuard gil;
    PyObjectRef name = checked(PyObject_GetAttrString(module_.get(), "__name__"));
    return text(name.get());
}

void Script::reload()
{
    GilGuard gil;
    PyObjectRef pathObject = checked(PyUnicode_DecodeFSDefault(path_.c_str()));
    module_ = callSupport("load_script", pathObject.get());
}

std::vector<FunctionInfo> Script::functions() const
{
    GilGuard gil;
    constexpr const char* kHelper = "describe_functions";
    PyObjectRef described = callSupport(kHelper, module_.get());
    std::vector<FunctionInfo> result;
    for (PyObject* row : helperRows(described.get(), 6, kHelper)) {
        FunctionInfo info;
        info.name = helperText(PyTuple_GET_ITEM(row, 0), kHelper);
        info.signature = helperText(PyTuple_GET_ITEM(row, 1), kHelper);
        for (PyObject* p : helperRows(PyTuple_GET_ITEM(row, 2), 4, kHelper)) {
            ParameterInfo parameter;
            parameter.name = helperText(PyTuple_GET_ITEM(p, 0), kHelper);
            parameter.kind = helperText(PyTuple_GET_ITEM(p, 1), kHelper);
            if (PyTuple_GET_ITEM(p, 2) != Py_None)
                parameter.defaultLiteral = helperText(PyTuple_GET_ITEM(p, 2), kHelper);
            parameter.annotation = helperText(PyTuple_GET_ITEM(p, 3), kHelper);
            info.parameters.push_back(std::move(parameter));
        }
        info.returnAnnotation = helperText(PyTuple_GET_ITEM(row, 3), kHelper);
        info.returnsBuffer = PyTuple_GET_ITEM(row, 4) == Py_True;
        info.summary = helperText(PyTuple_GET_ITEM(row, 5), kHelper);
        result.push_back(std::move(info));
    }
    return result;
}

std::vector<BufferGlobalInfo> Script::bufferGlobals() const
{
    GilGuard gil;
    constexpr const char* kHelper = "describe_buffer_globals";
    PyObjectRef described = callSupport(kHelper, module_.get());
    std::vector<BufferGlobalInfo> result;
    for (PyObject* row : helperRows(described.get(), 2, kHelper))
        result.push_back({helperText(PyTuple_GET_ITEM(row, 0), kHelper), helperText(PyTuple_GET_ITEM(row, 1), kHelper)});
    return result;
}

bool Script::hasName(const std::string& name) const
{
    GilGuard gil;
    return PyObject_HasAttrString(module_.get(), name.c_str());
}

PyObjectRef Script::call(const std::string& name, const std::vector<std::string>& literalArguments) const
{
    GilGuard gil;
    PyObject* support = Interpreter::supportModule();
    if (!support)
        throw Error("the Python interpreter is not running");
    PyObjectRef nameObject = checked(PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size())));
    PyObjectRef arguments = toPyList(literalArguments);
    return checked(PyObject_CallMethod(support, "call", "OOO", module_.get(), nameObject.get(), arguments.get()));
}

std::string Script::resultName(const std::string& name) const
{
    // "make_text() returned …", "'table' is …"
    PyObjectRef target = PyObjectRef::steal(PyObject_GetAttrString(module_.get(), name.c_str()));
    if (!target)
        PyErr_Clear();
    const bool isVariable = target && !PyCallable_Check(target.get());
    return isVariable ? "'" + name + "' is " : name + "() returned ";
}

std::shared_ptr<PyBuffer> Script::callForBuffer(const std::string& name,
                                                const std::vector<std::string>& literalArguments) const
{
    GilGuard gil;
    PyObjectRef result = call(name, literalArguments);
    try {
        return PyBuffer::acquire(result);
    } catch (const PythonError& error) {
        std::string message = error.message();
        if (PyObject_CheckBuffer(result.get()))
            message = resultName(name) + message;
        else
            message = resultName(name) + "a '" + PyBuffer::typeNameOf(result) +
                      "' object, which does not support the buffer protocol";
        throw PythonError(error.typeName(), message, error.traceback());
    }
}

std::shared_ptr<ArrayData> Script::callForArray(const std::string& name,
                                                const std::vector<std::string>& literalArguments) const
{
    GilGuard gil;
    PyObjectRef result = call(name, literalArguments);
    return ArrayData::fromObject(PyHandle(result.get()), resultName(name));
}

} // namespace arraylens
