// SPDX-License-Identifier: MIT
#include "core/script_output.h"

#include "core/gil.h"
#include "core/interpreter.h"
#include "core/python_error.h"

namespace arraylens {

/// What a writer's deliver() reaches: the sink while the capture lasts.
/// Only touched with the GIL held.
struct ScriptOutputCapture::Channel {
    const Sink* sink = nullptr; ///< null once the capture ended
    bool error = false;
};

namespace {

constexpr const char* kChannelName = "arraylens.ScriptOutputCapture.Channel";

PyObject* deliver(PyObject* capsule, PyObject* text)
{
    auto* channel = static_cast<ScriptOutputCapture::Channel*>(PyCapsule_GetPointer(capsule, kChannelName));
    if (!channel)
        return nullptr;
    if (!channel->sink)
        Py_RETURN_FALSE;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "deliver() takes a str");
        return nullptr;
    }
    try {
        (*channel->sink)(displayText(text), channel->error);
    } catch (...) {
        // The sink must not throw; a script's print() must not fail because of us.
    }
    Py_RETURN_TRUE;
}

PyMethodDef kDeliverMethod = {"deliver", deliver, METH_O,
                              "Hands text to ArrayLens's output pane; False once the capture has ended."};

void deleteChannel(PyObject* capsule)
{
    delete static_cast<ScriptOutputCapture::Channel*>(PyCapsule_GetPointer(capsule, kChannelName));
}

} // namespace

ScriptOutputCapture::ScriptOutputCapture(Sink sink) : sink_(std::move(sink))
{
    GilGuard gil;
    install(stdout_, false);
    try {
        install(stderr_, true);
    } catch (...) {
        restore(stdout_);
        throw;
    }
}

ScriptOutputCapture::~ScriptOutputCapture()
{
    GilGuard gil;
    restore(stderr_);
    restore(stdout_);
}

void ScriptOutputCapture::install(Stream& stream, bool error)
{
    auto* channel = new Channel{&sink_, error};
    PyObject* rawCapsule = PyCapsule_New(channel, kChannelName, deleteChannel);
    if (!rawCapsule) {
        delete channel;
        PythonError::raise();
    }
    const PyObjectRef capsule = PyObjectRef::steal(rawCapsule);
    const PyObjectRef deliverFunction = checked(PyCFunction_New(&kDeliverMethod, capsule.get()));
    stream.original = PyObjectRef::borrow(PySys_GetObject(stream.name)); // may be None or missing
    stream.writer = checked(PyObject_CallMethod(Interpreter::supportModule(), "ScriptOutputStream", "OO",
                                                deliverFunction.get(),
                                                stream.original ? stream.original.get() : Py_None));
    if (PySys_SetObject(stream.name, stream.writer.get()) != 0)
        PythonError::raise();
    stream.channel = channel;
}

void ScriptOutputCapture::restore(Stream& stream) noexcept
{
    if (!stream.channel)
        return;
    stream.channel->sink = nullptr; // the writer, if kept, now writes to the original
    if (PySys_GetObject(stream.name) == stream.writer.get() &&
        PySys_SetObject(stream.name, stream.original ? stream.original.get() : Py_None) != 0)
        PyErr_Clear();
    stream.channel = nullptr;
    stream.writer = {};
    stream.original = {};
}

} // namespace arraylens
