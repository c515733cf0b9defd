// SPDX-License-Identifier: MIT
#include "core/interpreter.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/py_object.h"
#include "core/python_error.h"

#include <string>

namespace arraylens {

namespace {

PyObject* g_support = nullptr;

// ---- _arraylens: what Python cannot ask about a type by itself on 3.11.

PyObject* typeExportsBuffer(PyObject*, PyObject* type)
{
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "type_exports_buffer() takes a type");
        return nullptr;
    }
    const PyBufferProcs* procs = reinterpret_cast<PyTypeObject*>(type)->tp_as_buffer;
    return PyBool_FromLong(procs && procs->bf_getbuffer);
}

PyMethodDef kNativeMethods[] = {
    {"type_exports_buffer", typeExportsBuffer, METH_O,
     "True when instances of the type export the buffer protocol (have bf_getbuffer)."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef kNativeModule = {PyModuleDef_HEAD_INIT, "_arraylens", "ArrayLens native helpers", -1, kNativeMethods,
                             nullptr, nullptr, nullptr, nullptr};

PyObject* initNativeModule()
{
    return PyModule_Create(&kNativeModule);
}

// ---- The Python side of script handling. Compiled with the file name
// "<arraylens>", so tracebacks can leave its frames out.
constexpr const char* kSupportSource = R"PY(
import abc
import ast
import collections.abc
import importlib.util
import inspect
import os
import sys

from _arraylens import type_exports_buffer


def install_buffer_abc():
    """PEP 688's collections.abc.Buffer for Pythons that lack it (< 3.12)."""
    if hasattr(collections.abc, "Buffer"):
        return

    class Buffer(metaclass=abc.ABCMeta):
        """Supplied by ArrayLens: isinstance(x, Buffer) is true exactly when x
        exports the buffer protocol, as collections.abc.Buffer in Python 3.12."""

        __slots__ = ()

        @classmethod
        def __subclasshook__(cls, C):
            if cls is Buffer:
                return True if type_exports_buffer(C) else NotImplemented
            return NotImplemented

    Buffer.__module__ = "collections.abc"
    Buffer.__qualname__ = "Buffer"
    collections.abc.Buffer = Buffer
    collections.abc.__all__.append("Buffer")
    try:
        import typing_extensions
    except ImportError:
        return
    if not hasattr(typing_extensions, "Buffer"):
        typing_extensions.Buffer = Buffer


_modules_by_path = {}


def _module_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    previous = _modules_by_path.get(path)
    if previous is not None:
        return previous
    if stem.isidentifier() and stem not in sys.modules:
        return stem
    # A script named like a loaded module (array.py, numpy.py) must not replace it.
    base = "_arraylens_script_" + "".join(c if c.isalnum() else "_" for c in stem)
    name, n = base, 1
    while name in sys.modules:
        n += 1
        name = f"{base}_{n}"
    return name


def load_script(path):
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such script: {path}")
    folder = os.path.dirname(path)
    if folder in sys.path:
        sys.path.remove(folder)
    sys.path.insert(0, folder)  # sibling imports work as when run with python
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(name)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
        raise
    _modules_by_path[path] = name
    return module


def _unquoted(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


def _annotation_text(annotation):
    if annotation is inspect.Signature.empty:
        return ""
    if isinstance(annotation, str):
        return _unquoted(annotation)
    if _is_buffer_annotation(annotation):
        return "Buffer"
    return inspect.formatannotation(annotation)


def _is_buffer_annotation(annotation):
    if annotation is inspect.Signature.empty:
        return False
    if isinstance(annotation, str):  # from __future__ import annotations; -> "Buffer" arrives as "'Buffer'"
        return _unquoted(annotation).rsplit(".", 1)[-1] == "Buffer"
    return annotation is getattr(collections.abc, "Buffer", None) or (
        isinstance(annotation, type) and annotation.__name__ == "Buffer")


def _parameter_text(p):
    annotation = _annotation_text(p.annotation)
    prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
    text = prefix + p.name
    if annotation:
        text += ": " + annotation
    if p.default is not p.empty:
        text += (" = " if annotation else "=") + repr(p.default)
    return text


def _signature_text(signature):
    """As str(signature), with annotations as written ("Buffer", not
    "collections.abc.Buffer" or "'Buffer'")."""
    parts = []
    pending_slash = False
    need_star = True
    for p in signature.parameters.values():
        if p.kind == p.POSITIONAL_ONLY:
            pending_slash = True
        elif pending_slash:
            parts.append("/")
            pending_slash = False
        if p.kind == p.VAR_POSITIONAL:
            need_star = False
        elif p.kind == p.KEYWORD_ONLY and need_star:
            parts.append("*")
            need_star = False
        parts.append(_parameter_text(p))
    if pending_slash:
        parts.append("/")
    text = "(" + ", ".join(parts) + ")"
    returns = _annotation_text(signature.return_annotation)
    return text + (" -> " + returns if returns else "")


def describe_functions(module):
    result = []
    for name, obj in vars(module).items():
        if not inspect.isfunction(obj) or obj.__module__ != module.__name__ or name.startswith("__"):
            continue
        try:
            signature = inspect.signature(obj)
        except (TypeError, ValueError):
            result.append((name, "(...)", [], "", False, ""))
            continue
        parameters = []
        for p in signature.parameters.values():
            default = None if p.default is inspect.Parameter.empty else repr(p.default)
            parameters.append((p.name, p.kind.name, default, _annotation_text(p.annotation)))
        doc = (inspect.getdoc(obj) or "").strip().splitlines()
        result.append((name, _signature_text(signature), parameters, _annotation_text(signature.return_annotation),
                       _is_buffer_annotation(signature.return_annotation), doc[0] if doc else ""))
    return result


def describe_buffer_globals(module):
    result = []
    for name, value in vars(module).items():
        if name.startswith("__") or isinstance(value, type) or inspect.ismodule(value):
            continue
        if type_exports_buffer(type(value)):
            result.append((name, type(value).__module__ + "." + type(value).__qualname__))
    return result


def parse_arguments(literals):
    args = []
    for i, text in enumerate(literals, 1):
        try:
            args.append(ast.literal_eval(text))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
            detail = f": {e.msg}" if isinstance(e, SyntaxError) else ""
            raise ValueError(f"argument {i} {text!r} is not a Python literal "
                             f"(numbers, 'quoted strings', tuples, lists, dicts, True, None){detail}") from None
    return args


def call(module, name, literals):
    args = parse_arguments(literals)
    if not hasattr(module, name):
        raise AttributeError(f"the script has no function or variable named {name!r}")
    target = getattr(module, name)
    if callable(target) and not type_exports_buffer(type(target)):
        return target(*args)
    if args:
        raise TypeError(f"{name!r} is a variable, not a function: it takes no arguments")
    return target
)PY";

} // namespace

Interpreter::Interpreter()
{
    if (Py_IsInitialized())
        throw Error("the Python interpreter is already running; ArrayLens starts it once per process");
    if (PyImport_AppendInittab("_arraylens", &initNativeModule) != 0)
        throw Error("could not register the _arraylens module");

#if defined(__SANITIZE_ADDRESS__)
    // pymalloc's arenas would hide heap errors and leaks from AddressSanitizer
    // (PYTHONMALLOC=malloc, which an isolated interpreter does not read).
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.allocator = PYMEM_ALLOCATOR_MALLOC;
    if (PyStatus status = Py_PreInitialize(&preconfig); PyStatus_Exception(status))
        throw Error(std::string("could not start Python: ") + (status.err_msg ? status.err_msg : "unknown error"));
#endif
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0;
    config.user_site_directory = 0;
    config.parse_argv = 0;
    // The system Python's path: prefix, stdlib and site-packages (NumPy) follow from it.
    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, ARRAYLENS_PYTHON_EXECUTABLE);
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        throw Error(std::string("could not start Python: ") + (status.err_msg ? status.err_msg : "unknown error"));

    try {
        PyObjectRef code = checked(Py_CompileString(kSupportSource, "<arraylens>", Py_file_input));
        PyObjectRef module = checked(PyImport_ExecCodeModule("_arraylens_support", code.get()));
        PyObjectRef installed = checked(PyObject_CallMethod(module.get(), "install_buffer_abc", nullptr));
        g_support = module.get(); // sys.modules keeps it alive until finalization
    } catch (...) {
        Py_FinalizeEx();
        throw;
    }
    mainThread_ = PyEval_SaveThread();
}

Interpreter::~Interpreter()
{
    PyEval_RestoreThread(mainThread_);
    g_support = nullptr;
    Py_FinalizeEx();
}

PyObject* Interpreter::supportModule()
{
    return g_support;
}

unsigned long Interpreter::currentThreadId()
{
    return PyThread_get_thread_ident();
}

void Interpreter::interruptThread(unsigned long threadId)
{
    GilGuard gil;
    PyThreadState_SetAsyncExc(threadId, PyExc_KeyboardInterrupt);
}

void Interpreter::clearInterrupt(unsigned long threadId)
{
    GilGuard gil;
    PyThreadState_SetAsyncExc(threadId, nullptr);
}

void Interpreter::redirectStdoutToStderr()
{
    GilGuard gil;
    PyObject* stderrObject = PySys_GetObject("stderr"); // borrowed
    if (stderrObject && PySys_SetObject("stdout", stderrObject) != 0)
        PythonError::raise();
}

void Interpreter::restoreDefaultInterruptAction()
{
    GilGuard gil;
    const PyObjectRef signalModule = checked(PyImport_ImportModule("signal"));
    const PyObjectRef number = checked(PyObject_GetAttrString(signalModule.get(), "SIGINT"));
    const PyObjectRef current = checked(PyObject_CallMethod(signalModule.get(), "getsignal", "O", number.get()));
    const PyObjectRef pythons = checked(PyObject_GetAttrString(signalModule.get(), "default_int_handler"));
    if (current.get() != pythons.get())
        return;
    const PyObjectRef standard = checked(PyObject_GetAttrString(signalModule.get(), "SIG_DFL"));
    checked(PyObject_CallMethod(signalModule.get(), "signal", "OO", number.get(), standard.get()));
}

} // namespace arraylens
