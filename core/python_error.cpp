// SPDX-License-Identifier: MIT
#include "core/python_error.h"

#include "core/py_object.h"

namespace arraylens {

namespace {

std::string toUtf8(PyObject* text)
{
    if (!text)
        return {};
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text, &size);
    if (!data) {
        PyErr_Clear();
        return "<unprintable>";
    }
    return std::string(data, static_cast<size_t>(size));
}

std::string safeStr(PyObject* obj)
{
    if (!obj)
        return {};
    PyObject* text = PyObject_Str(obj);
    if (!text) {
        PyErr_Clear();
        return "<unprintable>";
    }
    std::string result = toUtf8(text);
    Py_DECREF(text);
    return result;
}

// True for frames of ArrayLens's own Python code and of importlib, which
// stand between the user and their script in every traceback.
bool isPlumbingFrame(PyObject* traceback)
{
    PyFrameObject* frame = reinterpret_cast<PyTracebackObject*>(traceback)->tb_frame;
    if (!frame)
        return false;
    PyCodeObject* code = PyFrame_GetCode(frame);
    const std::string file = toUtf8(code->co_filename);
    Py_DECREF(code);
    return file == "<arraylens>" || file.starts_with("<frozen importlib");
}

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
    PyObject* module = PyImport_ImportModule("traceback");
    if (!module) {
        PyErr_Clear();
        return {};
    }
    if (value && PyExceptionInstance_Check(value))
        PyException_SetTraceback(value, traceback);
    PyObject* lines = PyObject_CallMethod(module, "format_exception", "OOO", type, value, traceback);
    Py_DECREF(module);
    if (!lines) {
        PyErr_Clear();
        return {};
    }
    PyObject* empty = PyUnicode_FromString("");
    PyObject* joined = empty ? PyUnicode_Join(empty, lines) : nullptr;
    Py_XDECREF(empty);
    Py_DECREF(lines);
    if (!joined) {
        PyErr_Clear();
        return {};
    }
    std::string result = toUtf8(joined);
    Py_DECREF(joined);
    return result;
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
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    if (!type)
        return PythonError("SystemError", "a Python C-API call failed without setting an exception", {});
    PyErr_NormalizeException(&type, &value, &traceback);

    std::string typeName = reinterpret_cast<PyTypeObject*>(type)->tp_name;
    std::string message = safeStr(value);
    if (PyErr_GivenExceptionMatches(type, PyExc_SystemExit)) {
        // sys.exit() inside a script: report it, never exit the process.
        PyObject* code = value ? PyObject_GetAttrString(value, "code") : nullptr;
        if (!code)
            PyErr_Clear();
        message = "the script called sys.exit(" + (code && code != Py_None ? safeStr(code) : std::string()) + ")";
        Py_XDECREF(code);
    }
    std::string formatted = formatTraceback(type, value, traceback);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
    return PythonError(std::move(typeName), std::move(message), std::move(formatted));
}

void PythonError::raise()
{
    throw fetch();
}

PyObjectRef checked(PyObject* newReference)
{
    if (!newReference)
        PythonError::raise();
    return PyObjectRef::steal(newReference);
}

} // namespace arraylens
