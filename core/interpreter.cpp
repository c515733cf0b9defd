// SPDX-License-Identifier: MIT
#include "core/interpreter.h"

#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_arrays_py.h"
#include "core/py_object.h"
#include "core/python_error.h"

#include <cstdio>
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


def locate_module(name):
    """The file of the installed module `name`, found as `python -m name`
    finds it (the current folder first, then sys.path); remembered under its
    import name so that load_script() loads it as that module (a submodule's
    relative imports work)."""
    if not isinstance(name, str) or not name or not all(part.isidentifier() for part in name.split(".")):
        raise ValueError(f"{name!r} is not a module name (dotted Python identifiers, e.g. package.module)")
    folder = os.getcwd()
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(f"no module named {name!r}: {error}") from None
    if spec is None:
        raise ModuleNotFoundError(f"no module named {name!r} (searched the current folder and {sys.prefix}'s sys.path)")
    origin = spec.origin
    if not spec.has_location or not origin or not origin.endswith(".py") or not os.path.isfile(origin):
        what = "a namespace package" if spec.submodule_search_locations is not None and not origin else \
            "built in" if origin in ("built-in", "frozen") else f"not Python source ({origin})"
        raise ImportError(f"module {name!r} is {what}: ArrayLens opens modules written in Python")
    path = os.path.abspath(origin)
    _modules_by_path[path] = name
    return path


def versions():
    """(Python's version, NumPy's version or None when it cannot be imported)."""
    python = "%d.%d.%d" % sys.version_info[:3]
    try:
        import numpy
        return python, str(numpy.__version__)
    except Exception:
        return python, None


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


def _safe_repr(value):
    """repr(value), or a marker naming the type when its __repr__ fails or
    returns something that is not a str: one odd default must not hide the
    rest of the listing."""
    try:
        text = repr(value)
        if type(text) is str:
            return text
    except Exception:
        pass
    return f"<unrepresentable {_type_name(type(value))}>"


def _type_name(cls):
    """'module.Qualname', tolerating classes whose __module__ or
    __qualname__ a script has set to something that is not a str."""
    qualname = getattr(cls, "__qualname__", None)
    if type(qualname) is not str:
        qualname = getattr(cls, "__name__", None)
        if type(qualname) is not str:
            qualname = "<unnamed type>"
    module = getattr(cls, "__module__", None)
    if type(module) is str and module:
        return module + "." + qualname
    return qualname


def _parameter_text(p):
    annotation = _annotation_text(p.annotation)
    prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
    text = prefix + p.name
    if annotation:
        text += ": " + annotation
    if p.default is not p.empty:
        text += (" = " if annotation else "=") + _safe_repr(p.default)
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


def _one_line(error):
    """'TypeError: first line of the message', even when str(error) fails."""
    try:
        text = str(error)
    except Exception:
        text = ""
    name = _type_name(type(error)).removeprefix("builtins.")
    return f"{name}: {text.splitlines()[0]}" if text.strip() else name


def _module_items(module):
    """A snapshot of the module's namespace: describing an entry runs the
    script's code (__repr__, __signature__, properties), which may add or
    remove globals while we look."""
    return [(name, value) for name, value in list(vars(module).items()) if type(name) is str]


def _describe_function(name, obj):
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return (name, "(...)", [], "", False, "")
    parameters = []
    for p in signature.parameters.values():
        default = None if p.default is inspect.Parameter.empty else _safe_repr(p.default)
        parameters.append((p.name, p.kind.name, default, _annotation_text(p.annotation)))
    doc = (inspect.getdoc(obj) or "").strip().splitlines()
    return (name, _signature_text(signature), parameters, _annotation_text(signature.return_annotation),
            bool(_is_buffer_annotation(signature.return_annotation)), doc[0] if doc else "")


def describe_functions(module):
    """(name, signature, [(name, kind, default repr or None, annotation)],
    return annotation, returns Buffer, summary) per function the script
    defines. An entry whose description fails is listed as such."""
    result = []
    module_name = module.__name__
    for name, obj in _module_items(module):
        try:
            if not inspect.isfunction(obj) or obj.__module__ != module_name or name.startswith("__"):
                continue
            result.append(_describe_function(name, obj))
        except Exception as error:
            result.append((name, "(...)", [], "", False, f"(cannot describe: {_one_line(error)})"))
    return result


def describe_buffer_globals(module):
    """(name, type name) per module-level variable that exports a buffer."""
    result = []
    for name, value in _module_items(module):
        try:
            if name.startswith("__") or isinstance(value, type) or inspect.ismodule(value):
                continue
            if type_exports_buffer(type(value)):
                result.append((name, _type_name(type(value))))
        except Exception:
            continue  # a global that cannot even be classified is not offered
    return result


def script_threads():
    """Names of the threads Python waits for before it exits (see
    threading._shutdown): alive, not daemons, not the main thread, and not
    the caller (an ArrayLens thread)."""
    threading = sys.modules.get("threading")
    if threading is None:
        return []
    current, main = threading.current_thread(), threading.main_thread()
    # A thread pool's idle workers (dask computes with one) end by
    # themselves at exit: nothing to wait for or to warn about.
    pool = sys.modules.get("concurrent.futures.thread")
    pool_worker = getattr(pool, "_worker", None)
    return [str(t.name) for t in threading.enumerate()
            if t.is_alive() and not t.daemon and t is not current and t is not main
            and (pool_worker is None or getattr(t, "_target", None) is not pool_worker)]


def masked_array_mask(obj, writable):
    """The mask array of a numpy.ma.MaskedArray, or None for other objects.
    A writable array with nothing masked yet gets a mask array of its own
    (all False, as NumPy makes one on the first masked assignment), so that
    masking a cell can write into it; a read-only one is shown through a
    detached mask of Falses. A mask shared with another array is copied
    first, as NumPy does before it writes one, so a toggle here masks this
    array only."""
    ma = sys.modules.get("numpy.ma")
    if ma is None or not isinstance(obj, ma.MaskedArray):
        return None
    if obj._mask is ma.nomask:
        mask = ma.make_mask_none(obj.shape, obj.dtype)
        if writable:
            obj._mask = mask
        return mask
    if writable:
        obj.unshare_mask()
    return obj._mask


def ctypes_record_format(obj):
    """The PEP 3118 format of a ctypes Structure (or an array of them) with
    every field at the offset ctypes gives it. ctypes writes no alignment
    padding into its own format (CPython gh-76961), which so misplaces every
    field behind a gap. None for other objects; TypeError for what cannot be
    shown as columns."""
    ctypes = sys.modules.get("ctypes")
    if ctypes is None:
        return None
    element = type(obj)
    while isinstance(element, type) and issubclass(element, ctypes.Array):
        element = element._type_
    if not (isinstance(element, type) and issubclass(element, (ctypes.Structure, ctypes.Union))):
        return None
    return _ctypes_struct_format(ctypes, element)


def _ctypes_struct_format(ctypes, struct):
    if issubclass(struct, ctypes.Union):
        raise TypeError(f"{struct.__name__} is a ctypes Union: its fields share the same bytes, so ArrayLens "
                        "cannot show them as columns side by side (export one member's type instead)")
    if getattr(struct, "_pack_", 0):
        raise TypeError(f"{struct.__name__} is a ctypes Structure packed with _pack_ = {struct._pack_}: "
                        "ctypes describes packed fields as plain bytes, so ArrayLens cannot tell where they lie")
    parts, end = [], 0
    for field in struct._fields_:
        name, field_type = field[0], field[1]
        if len(field) > 2:
            raise TypeError(f"field {name!r} of the ctypes Structure {struct.__name__} is a bit field; "
                            "ArrayLens reads fields of whole bytes")
        offset = getattr(struct, name).offset
        if offset > end:
            parts.append(f"{offset - end}x")
        parts.append(f"{_ctypes_field_format(ctypes, field_type)}:{name}:")
        end = offset + ctypes.sizeof(field_type)
    if ctypes.sizeof(struct) > end:
        parts.append(f"{ctypes.sizeof(struct) - end}x")
    return "T{" + "".join(parts) + "}"


def _ctypes_field_format(ctypes, field_type):
    if issubclass(field_type, ctypes.Array):
        if field_type._type_ in (ctypes.c_char, ctypes.c_wchar):  # a string, as NumPy reads it
            return f"{field_type._length_}{'s' if field_type._type_ is ctypes.c_char else 'w'}"
        shape = []
        while issubclass(field_type, ctypes.Array):
            shape.append(str(field_type._length_))
            field_type = field_type._type_
        return "(" + ",".join(shape) + ")" + _ctypes_field_format(ctypes, field_type)
    if issubclass(field_type, (ctypes.Structure, ctypes.Union)):
        return _ctypes_struct_format(ctypes, field_type)
    exported = memoryview(field_type()).format
    order = exported[0] if exported[0] in "<>!=" else "="
    code = exported.lstrip("<>!=@^")
    size = ctypes.sizeof(field_type)
    if len(code) == 1 and code in "bBhHiIlLqQnN" and size in (1, 2, 4, 8):
        # ctypes writes '<l' for an 8-byte long; say the size plainly.
        wide = {1: "b", 2: "h", 4: "i", 8: "q"}[size]
        code = wide.upper() if code.isupper() else wide
    elif code == "u":
        code = "w"
    return order + code


class ScriptOutputStream:
    """sys.stdout or sys.stderr while ArrayLens runs a script's code
    (ScriptOutputCapture): what the script writes goes to `deliver`, and once
    the capture has ended (deliver answers False: a thread or an object kept
    the stream), to the stream it stood in for."""

    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self, deliver, original):
        self._deliver = deliver
        self._original = original

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not self._deliver(text) and self._original is not None:
            return self._original.write(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    def fileno(self):
        # faulthandler, subprocess(stdout=sys.stdout): the descriptor behind it.
        if self._original is None:
            import io
            raise io.UnsupportedOperation("fileno")
        return self._original.fileno()

    def __getattr__(self, name):
        return getattr(self._original, name)


def enable_fault_handler(fd):
    import faulthandler
    faulthandler.enable(file=fd, all_threads=True)


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

Interpreter::Interpreter(int fatalErrorFd)
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
        // Not in sys.modules: a script that could look the helper up by name
        // could replace its functions (Script still type-checks what they return).
        PyObjectRef module = checked(PyModule_New("_arraylens_support"));
        PyObject* namespace_ = PyModule_GetDict(module.get()); // borrowed
        if (PyDict_SetItemString(namespace_, "__builtins__", PyEval_GetBuiltins()) != 0)
            PythonError::raise();
        PyObjectRef executed = checked(PyEval_EvalCode(code.get(), namespace_, namespace_));
        PyObjectRef lazyCode = checked(Py_CompileString(kLazyArraysSource, "<arraylens>", Py_file_input));
        PyObjectRef lazyExecuted = checked(PyEval_EvalCode(lazyCode.get(), namespace_, namespace_));
        PyObjectRef installed = checked(PyObject_CallMethod(module.get(), "install_buffer_abc", nullptr));
        PyObjectRef enabled = checked(PyObject_CallMethod(module.get(), "enable_fault_handler", "i", fatalErrorFd));
        g_support = module.release(); // ours until finalization
    } catch (...) {
        Py_FinalizeEx();
        throw;
    }
    mainThread_ = PyEval_SaveThread();
}

Interpreter::~Interpreter()
{
    closeClusters();
    if (const std::vector<std::string> threads = scriptThreads(); !threads.empty()) {
        std::string names;
        for (const std::string& name : threads)
            names += (names.empty() ? "" : ", ") + name;
        std::fprintf(stderr, "arraylens: waiting for the script's threads to finish before exiting: %s\n", names.c_str());
        std::fflush(stderr);
    }
    PyEval_RestoreThread(mainThread_);
    Py_CLEAR(g_support);
    Py_FinalizeEx();
}

PyObject* Interpreter::supportModule()
{
    return g_support;
}

Interpreter::Versions Interpreter::versions()
{
    GilGuard gil;
    if (!g_support)
        throw Error("the Python interpreter is not running");
    PyObjectRef pair = checked(PyObject_CallMethod(g_support, "versions", nullptr));
    Versions result;
    PyObject* python = PyTuple_Check(pair.get()) && PyTuple_GET_SIZE(pair.get()) == 2 ? PyTuple_GET_ITEM(pair.get(), 0) : nullptr;
    PyObject* numpy = python ? PyTuple_GET_ITEM(pair.get(), 1) : nullptr;
    if (python && PyUnicode_Check(python))
        result.python = PyUnicode_AsUTF8(python);
    if (numpy && PyUnicode_Check(numpy))
        result.numpy = PyUnicode_AsUTF8(numpy);
    return result;
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

std::vector<std::string> Interpreter::scriptThreads()
{
    GilGuard gil;
    std::vector<std::string> names;
    PyObjectRef listed = PyObjectRef::steal(PyObject_CallMethod(g_support, "script_threads", nullptr));
    if (!listed || !PyList_CheckExact(listed.get())) {
        PyErr_Clear(); // a script that broke `threading` leaves Python's own wait to tell
        return names;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(listed.get()); ++i) {
        PyObject* item = PyList_GET_ITEM(listed.get(), i);
        if (PyUnicode_Check(item))
            names.push_back(displayText(item));
    }
    return names;
}

void Interpreter::closeClusters()
{
    GilGuard gil;
    if (!g_support)
        return;
    PyObjectRef closed = PyObjectRef::steal(PyObject_CallMethod(g_support, "close_clusters", nullptr));
    if (!closed)
        PyErr_Clear();
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
