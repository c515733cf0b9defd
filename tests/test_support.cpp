// SPDX-License-Identifier: MIT
#include "test_support.h"

#include "core/gil.h"
#include "core/python_error.h"

#include <QFile>

#include <unistd.h>

using namespace arraylens;

namespace testing {

namespace {

PyObject* globals()
{
    static PyObject* namespaceDict = [] {
        PyObject* dict = PyDict_New();
        PyDict_SetItemString(dict, "__builtins__", PyEval_GetBuiltins());
        PyObjectRef result = checked(PyRun_String(
            "import array, ctypes, mmap, os, struct, sys, tempfile\nimport numpy as np\nimport _testbuffer\n",
            Py_file_input, dict, dict));
        return dict; // kept for the whole process
    }();
    return namespaceDict;
}

} // namespace

PyObjectRef eval(const std::string& expression, const std::string& setup)
{
    GilGuard gil;
    if (!setup.empty())
        exec(setup);
    return checked(PyRun_String(expression.c_str(), Py_eval_input, globals(), globals()));
}

void exec(const std::string& statements)
{
    GilGuard gil;
    PyObjectRef result = checked(PyRun_String(statements.c_str(), Py_file_input, globals(), globals()));
}

void setString(const std::string& name, const std::string& text)
{
    GilGuard gil;
    PyObjectRef value = checked(PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size())));
    if (PyDict_SetItemString(globals(), name.c_str(), value.get()) != 0)
        PythonError::raise();
}

std::shared_ptr<PyBuffer> buffer(const std::string& expression, const std::string& setup)
{
    GilGuard gil;
    PyObjectRef object = eval(expression, setup);
    return PyBuffer::acquire(object);
}

std::string str(const std::string& expression)
{
    GilGuard gil;
    PyObjectRef object = eval(expression);
    PyObjectRef text = checked(PyObject_Str(object.get()));
    return PyUnicode_AsUTF8(text.get());
}

std::string fixture(const std::string& name)
{
    return std::string(ARRAYLENS_FIXTURES_DIR) + "/" + name;
}

std::vector<std::int64_t> unravel(std::int64_t flat, const std::vector<std::int64_t>& shape)
{
    std::vector<std::int64_t> index(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
        index[k] = flat % shape[k];
        flat /= shape[k];
    }
    return index;
}

std::int64_t residentBytes()
{
    QFile statm("/proc/self/statm");
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

} // namespace testing
