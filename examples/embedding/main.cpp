// SPDX-License-Identifier: MIT
// The seed's example from C++: embed Python, load a script, call
// example_array() -> Buffer and read the result as a span of bool, in place.
#include "core/errors.h"
#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/script.h"

#include <cstdio>

int main(int argc, char* argv[])
{
    const char* path = argc > 1 ? argv[1] : "example.py";
    try {
        const arraylens::Interpreter python; // once per process, the system's Python
        const arraylens::Script script = arraylens::Script::load(path);
        const auto buffer = script.callForBuffer("example_array", {});
        if (buffer->isScalar()) {
            // A Span over the array's own memory: no copy.
            const auto result = buffer->asBoolSpan();
            std::puts(result.get(0) ? "True" : "False"); // True
            std::puts(result.get(4) ? "True" : "False"); // False
        }
    } catch (const arraylens::Error& error) { // the script's errors, with Python's message
        std::fprintf(stderr, "embedding: %s\n", error.what());
        return 1;
    }
    return 0;
}
