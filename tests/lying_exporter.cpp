// SPDX-License-Identifier: MIT
// A Python extension module for the tests, built next to them: an exporter
// whose Py_buffer says whatever a test tells it to, so that lies reach
// ArrayLens through real CPython (PyObject_GetBuffer, PyBuffer_Release), in
// the test suites and in the arraylens binary alike.
//
//   lying_exporter.Exporter(data=b"", *, ndim=None, shape=None, strides=None,
//                           suboffsets=None, itemsize=1, len=None, format="B",
//                           readonly=True, offset=0, pointers=())
//
// data is copied into memory the object owns; buf is that memory + offset.
// shape, strides, suboffsets and format may be None (a NULL field); ndim
// defaults to len(shape), or 1 without a shape; len to len(data) - offset.
// The arrays the object hands out are padded with zeros to ndim entries: the
// lies are in the values, never in the length of its own arrays. pointers is
// a sequence of (at, to): the address of byte `to` of the memory is written
// at byte `at`, for PIL-style layouts. `exports` counts buffers not released.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct State {
    std::vector<unsigned char> memory;
    Py_ssize_t offset = 0;
    Py_ssize_t len = 0;
    Py_ssize_t itemsize = 1;
    int ndim = 1;
    bool hasShape = false;
    bool hasStrides = false;
    bool hasSuboffsets = false;
    bool hasFormat = true;
    std::vector<Py_ssize_t> shape;
    std::vector<Py_ssize_t> strides;
    std::vector<Py_ssize_t> suboffsets;
    std::string format = "B";
    bool readonly = true;
    Py_ssize_t exports = 0;
};

struct Exporter {
    PyObject_HEAD
    State* state;
};

// None → absent; otherwise a sequence of ints, padded with zeros to `ndim`.
bool readArray(PyObject* value, int ndim, bool& present, std::vector<Py_ssize_t>& out)
{
    present = value != Py_None;
    if (!present)
        return true;
    PyObject* sequence = PySequence_Fast(value, "shape, strides and suboffsets are sequences of ints or None");
    if (!sequence)
        return false;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence);
    for (Py_ssize_t i = 0; i < n; ++i) {
        const Py_ssize_t item = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(sequence, i));
        if (item == -1 && PyErr_Occurred()) {
            Py_DECREF(sequence);
            return false;
        }
        out.push_back(item);
    }
    Py_DECREF(sequence);
    out.resize(std::max<std::size_t>(out.size(), static_cast<std::size_t>(std::max(ndim, 0))), 0);
    return true;
}

int exporterInit(PyObject* self, PyObject* args, PyObject* kwargs)
{
    static const char* keywords[] = {"data", "ndim", "shape", "strides", "suboffsets", "itemsize", "len",
                                     "format", "readonly", "offset", "pointers", nullptr};
    Py_buffer data{};
    PyObject* ndim = Py_None;
    PyObject* shape = Py_None;
    PyObject* strides = Py_None;
    PyObject* suboffsets = Py_None;
    Py_ssize_t itemsize = 1;
    PyObject* len = Py_None;
    PyObject* format = nullptr;
    int readonly = 1;
    Py_ssize_t offset = 0;
    PyObject* pointers = nullptr;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|y*$OOOOnOOpnO", const_cast<char**>(keywords), &data, &ndim, &shape,
                                     &strides, &suboffsets, &itemsize, &len, &format, &readonly, &offset, &pointers))
        return -1;
    auto* state = new State;
    auto fail = [state] {
        delete state;
        return -1;
    };
    if (data.buf)
        state->memory.assign(static_cast<const unsigned char*>(data.buf),
                             static_cast<const unsigned char*>(data.buf) + data.len);
    PyBuffer_Release(&data);
    if (offset < 0 || offset > static_cast<Py_ssize_t>(state->memory.size())) {
        PyErr_SetString(PyExc_ValueError, "offset must be within data");
        return fail();
    }
    state->offset = offset;
    if (ndim != Py_None) {
        const long value = PyLong_AsLong(ndim);
        if (value == -1 && PyErr_Occurred())
            return fail();
        state->ndim = static_cast<int>(std::clamp<long>(value, -1'000'000, 1'000'000));
    } else {
        state->ndim = shape != Py_None ? static_cast<int>(PySequence_Size(shape)) : 1;
        if (state->ndim < 0)
            return fail();
    }
    if (!readArray(shape, state->ndim, state->hasShape, state->shape) ||
        !readArray(strides, state->ndim, state->hasStrides, state->strides) ||
        !readArray(suboffsets, state->ndim, state->hasSuboffsets, state->suboffsets))
        return fail();
    state->itemsize = itemsize;
    if (len != Py_None) {
        state->len = PyLong_AsSsize_t(len);
        if (state->len == -1 && PyErr_Occurred())
            return fail();
    } else {
        state->len = static_cast<Py_ssize_t>(state->memory.size()) - offset;
    }
    if (format && format != Py_None) {
        const char* text = PyUnicode_AsUTF8(format);
        if (!text)
            return fail();
        state->format = text;
    }
    state->hasFormat = !(format == Py_None);
    state->readonly = readonly != 0;
    if (pointers) {
        PyObject* sequence = PySequence_Fast(pointers, "pointers is a sequence of (at, to) pairs");
        if (!sequence)
            return fail();
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(sequence); ++i) {
            Py_ssize_t at = 0;
            Py_ssize_t to = 0;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(sequence, i), "nn", &at, &to)) {
                Py_DECREF(sequence);
                return fail();
            }
            const auto size = static_cast<Py_ssize_t>(state->memory.size());
            if (at < 0 || at + static_cast<Py_ssize_t>(sizeof(void*)) > size || to < 0 || to > size) {
                Py_DECREF(sequence);
                PyErr_SetString(PyExc_ValueError, "a pointer must be written and point within data");
                return fail();
            }
            unsigned char* target = state->memory.data() + to;
            std::memcpy(state->memory.data() + at, &target, sizeof target);
        }
        Py_DECREF(sequence);
    }
    auto* exporter = reinterpret_cast<Exporter*>(self);
    delete exporter->state;
    exporter->state = state;
    return 0;
}

void exporterDealloc(PyObject* self)
{
    auto* exporter = reinterpret_cast<Exporter*>(self);
    delete exporter->state;
    PyTypeObject* type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type);
}

// Fills every field from the state, whatever the consumer asked for: that is the lie.
int exporterGetBuffer(PyObject* self, Py_buffer* view, int /*flags*/)
{
    State* state = reinterpret_cast<Exporter*>(self)->state;
    if (!state) {
        PyErr_SetString(PyExc_BufferError, "Exporter.__init__ was not called");
        return -1;
    }
    view->buf = state->memory.data() + state->offset;
    view->obj = Py_NewRef(self);
    view->len = state->len;
    view->itemsize = state->itemsize;
    view->readonly = state->readonly;
    view->ndim = state->ndim;
    view->format = state->hasFormat ? const_cast<char*>(state->format.c_str()) : nullptr;
    view->shape = state->hasShape ? state->shape.data() : nullptr;
    view->strides = state->hasStrides ? state->strides.data() : nullptr;
    view->suboffsets = state->hasSuboffsets ? state->suboffsets.data() : nullptr;
    view->internal = nullptr;
    ++state->exports;
    return 0;
}

void exporterReleaseBuffer(PyObject* self, Py_buffer* /*view*/)
{
    --reinterpret_cast<Exporter*>(self)->state->exports;
}

PyObject* exporterExports(PyObject* self, void*)
{
    const State* state = reinterpret_cast<Exporter*>(self)->state;
    return PyLong_FromSsize_t(state ? state->exports : 0);
}

PyGetSetDef kGetSet[] = {
    {"exports", exporterExports, nullptr, "buffers handed out and not yet released", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyType_Slot kSlots[] = {
    {Py_tp_init, reinterpret_cast<void*>(exporterInit)},
    {Py_tp_dealloc, reinterpret_cast<void*>(exporterDealloc)},
    {Py_tp_getset, kGetSet},
    {Py_bf_getbuffer, reinterpret_cast<void*>(exporterGetBuffer)},
    {Py_bf_releasebuffer, reinterpret_cast<void*>(exporterReleaseBuffer)},
    {Py_tp_doc, const_cast<char*>("An exporter whose Py_buffer fields say whatever it was told.")},
    {0, nullptr},
};

PyType_Spec kSpec = {"arraylens_lying_exporter.Exporter", sizeof(Exporter), 0, Py_TPFLAGS_DEFAULT, kSlots};

int moduleExec(PyObject* module)
{
    PyObject* type = PyType_FromModuleAndSpec(module, &kSpec, nullptr);
    if (!type)
        return -1;
    const int result = PyModule_AddObjectRef(module, "Exporter", type);
    Py_DECREF(type);
    return result;
}

PyModuleDef_Slot kModuleSlots[] = {
    {Py_mod_exec, reinterpret_cast<void*>(moduleExec)},
    {0, nullptr},
};

PyModuleDef kModule = {PyModuleDef_HEAD_INIT, "arraylens_lying_exporter",
                       "Exporters that lie, for ArrayLens's tests.", 0, nullptr, kModuleSlots, nullptr, nullptr, nullptr};

} // namespace

PyMODINIT_FUNC PyInit_arraylens_lying_exporter()
{
    return PyModuleDef_Init(&kModule);
}
