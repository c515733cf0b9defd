// SPDX-License-Identifier: MIT
#include "core/python_error.h"

#include "core/py_object.h"

namespace arraylens {

namespace {

std::string safeStr(PyObject* obj)
{
    if (!obj)
        return {};
    const PyObjectRef text = PyObjectRef::steal(PyObject_Str(obj));
    if (!text) {
        PyErr_Clear();
        return "<exception str() failed>"; // as Python prints it
    }
    return displayText(text.get());
}

// True for frames of ArrayLens's own Python code and of importlib, which
// stand between the user and their script in every traceback.
bool isPlumbingFrame(PyObject* traceback)
{
    PyFrameObject* frame = reinterpret_cast<PyTracebackObject*>(traceback)->tb_frame;
    if (!frame)
        return false;
    const PyObjectRef code = PyObjectRef::steal(reinterpret_cast<PyObject*>(PyFrame_GetCode(frame)));
    const std::string file = displayText(reinterpret_cast<PyCodeObject*>(code.get())->co_filename);
    return file == "<arraylens>" || file.starts_with("<frozen importlib");
}

// Never throws: it runs while an error is being captured. (PyObjectRef::steal,
// not checked(), which would capture again.)
std::string formatTraceback(PyObject* type, PyObject* value, PyObject* traceback)
{
    if (!traceback)
        return {};
    while (traceback && traceback != Py_None && isPlumbingFrame(traceback))
        traceback = reinterpret_cast<PyObject*>(reinterpret_cast<PyTracebackObject*>(traceback)->tb_next);
    if (!traceback || traceback == Py_None) {
        // Nothing of the user's code is left; only a SyntaxError still has
        // something to show (file, line and caret).
        if (!PyErr_GivenExceptionMatches(type, PyExc_SyntaxError))
            return {};
        traceback = Py_None;
    }
    const PyObjectRef module = PyObjectRef::steal(PyImport_ImportModule("traceback"));
    if (!module) {
        PyErr_Clear();
        return {};
    }
    if (value && PyExceptionInstance_Check(value))
        PyException_SetTraceback(value, traceback);
    const PyObjectRef lines =
        PyObjectRef::steal(PyObject_CallMethod(module.get(), "format_exception", "OOO", type, value, traceback));
    if (!lines) {
        PyErr_Clear();
        return {};
    }
    const PyObjectRef empty = PyObjectRef::steal(PyUnicode_FromString(""));
    const PyObjectRef joined = PyObjectRef::steal(empty ? PyUnicode_Join(empty.get(), lines.get()) : nullptr);
    if (!joined) {
        PyErr_Clear();
        return {};
    }
    return displayText(joined.get());
}

} // namespace

PythonError::PythonError(std::string typeName, std::string message, std::string traceback)
    : Error(message.empty() ? typeName : typeName + ": " + message)
    , typeName_(std::move(typeName))
    , message_(std::move(message))
    , traceback_(std::move(traceback))
{
}

PythonError PythonError::fetch()
{
    PyObject* rawType = nullptr;
    PyObject* rawValue = nullptr;
    PyObject* rawTraceback = nullptr;
    PyErr_Fetch(&rawType, &rawValue, &rawTraceback);
    if (!rawType)
        return PythonError("SystemError", "a Python C-API call failed without setting an exception", {});
    PyErr_NormalizeException(&rawType, &rawValue, &rawTraceback);
    const PyObjectRef type = PyObjectRef::steal(rawType);
    const PyObjectRef value = PyObjectRef::steal(rawValue);
    const PyObjectRef traceback = PyObjectRef::steal(rawTraceback);

    std::string typeName = reinterpret_cast<PyTypeObject*>(type.get())->tp_name;
    std::string message = safeStr(value.get());
    if (PyErr_GivenExceptionMatches(type.get(), PyExc_SystemExit)) {
        // sys.exit() inside a script: report it, never exit the process.
        const PyObjectRef code = PyObjectRef::steal(value ? PyObject_GetAttrString(value.get(), "code") : nullptr);
        if (!code)
            PyErr_Clear();
        message = "the script called sys.exit(" + (code && code.get() != Py_None ? safeStr(code.get()) : std::string()) + ")";
    }
    std::string formatted = formatTraceback(type.get(), value.get(), traceback.get());
    return PythonError(std::move(typeName), std::move(message), std::move(formatted));
}

void PythonError::raise()
{
    throw fetch();
}

std::string displayText(PyObject* text)
{
    if (!text)
        return {};
    Py_ssize_t size = 0;
    if (const char* data = PyUnicode_AsUTF8AndSize(text, &size))
        return std::string(data, static_cast<size_t>(size));
    PyErr_Clear();
    // Lone surrogates (the undecodable bytes of a file name, kept by
    // surrogateescape) have no UTF-8: shown as Python's stderr shows them,
    // "caf\udce9.py".
    const PyObjectRef escaped = PyObjectRef::steal(PyUnicode_AsEncodedString(text, "utf-8", "backslashreplace"));
    if (!escaped) {
        PyErr_Clear();
        return "(text not shown: out of memory)";
    }
    return std::string(PyBytes_AS_STRING(escaped.get()), static_cast<size_t>(PyBytes_GET_SIZE(escaped.get())));
}

PyObjectRef checked(PyObject* newReference)
{
    if (!newReference)
        PythonError::raise();
    return PyObjectRef::steal(newReference);
}

bool int64Items(PyObject* tuple, std::vector<std::int64_t>& values)
{
    if (!PyTuple_Check(tuple))
        return false;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); ++i) {
        const long long value = PyLong_AsLongLong(PyTuple_GET_ITEM(tuple, i));
        if (value == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return false;
        }
        values.push_back(value);
    }
    return true;
}

} // namespace arraylens
