// SPDX-License-Identifier: MIT
#include "app/headless_runner.h"

#include "core/atomic_file.h"
#include "core/buffer_info.h"
#include "core/csv_writer.h"
#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/python_error.h"
#include "core/script.h"
#include "core/strided_view.h"
#include "core/tuple_text.h"
#include "ui/qt_text.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace arraylens;

void writeAll(std::FILE* stream, std::string_view text)
{
    if (std::fwrite(text.data(), 1, text.size(), stream) != text.size())
        throw IoError(std::string("cannot write to standard output: ") + std::strerror(errno));
}

// fwrite only fills the stdio buffer: a full disk or a closed pipe shows up
// when it is flushed, and exit() would flush it without telling anyone.
void flushAll(std::FILE* stream)
{
    if (std::fflush(stream) != 0)
        throw IoError(std::string("cannot write to standard output: ") + std::strerror(errno));
}

} // namespace

int HeadlessRunner::run(const CommandLineRequest& request)
{
    try {
        Interpreter interpreter;
        // Standard output carries the listing, the JSON or the CSV and nothing
        // else: a script's print() would otherwise land in it too.
        Interpreter::redirectStdoutToStderr();
        switch (request.mode) {
        case CommandLineRequest::Mode::List: return list(request);
        case CommandLineRequest::Mode::Info: return info(request);
        case CommandLineRequest::Mode::Export: return exportCsv(request);
        default: return 2;
        }
    } catch (const PythonError& error) {
        std::fprintf(err_, "arraylens: error: %s\n", error.what());
        if (!error.traceback().empty())
            std::fprintf(err_, "%s", error.traceback().c_str());
    } catch (const std::exception& error) {
        std::fprintf(err_, "arraylens: error: %s\n", error.what());
    }
    return 1;
}

int HeadlessRunner::list(const CommandLineRequest& request)
{
    const Script script = Script::load(request.script.toStdString());
    std::string text = "Functions (* marks those annotated -> Buffer):\n";
    const auto functions = script.functions();
    for (const FunctionInfo& function : functions) {
        text += (function.returnsBuffer ? "* " : "  ") + function.name + function.signature;
        if (!function.summary.empty())
            text += "  # " + function.summary;
        text += '\n';
    }
    if (functions.empty())
        text += "  (none)\n";
    text += "Buffer variables:\n";
    const auto globals = script.bufferGlobals();
    for (const BufferGlobalInfo& global : globals) {
        text += "  " + global.name + ": " + global.typeName;
        try {
            const auto buffer = script.callForBuffer(global.name, {});
            text.append(" ").append(DtypeTable::name(buffer->itemType())).append(" ").append(tupleText(buffer->shape()));
            if (buffer->isReadOnly())
                text += " read-only";
        } catch (const Error& error) {
            text.append(" (cannot export: ").append(error.what()).append(")");
        }
        text += '\n';
    }
    if (globals.empty())
        text += "  (none)\n";
    writeAll(out_, text);
    flushAll(out_);
    return 0;
}

int HeadlessRunner::info(const CommandLineRequest& request)
{
    const Script script = Script::load(request.script.toStdString());
    const auto buffer = script.callForBuffer(request.call.toStdString(), toStdStrings(request.arguments));
    writeAll(out_, bufferInfoJson(*buffer) + "\n");
    flushAll(out_);
    return 0;
}

int HeadlessRunner::exportCsv(const CommandLineRequest& request)
{
    // Check what can be checked before running any Python.
    const SliceSpec slice = SliceSpec::parse(request.slice.toStdString());
    const Script script = Script::load(request.script.toStdString());
    const auto buffer = script.callForBuffer(request.call.toStdString(), toStdStrings(request.arguments));
    if (request.slice.isEmpty() && buffer->dimensions() > 2)
        throw SliceError("the result is " + std::to_string(buffer->dimensions()) + "-dimensional with shape " +
                         tupleText(buffer->shape()) + "; choose a 2-D view with --slice, e.g. --slice '" +
                         SliceSpec::planeExample(buffer->dimensions()) + "'");
    const StridedView view(buffer, slice);

    CsvOptions options;
    options.delimiter = request.delimiter;
    options.headerRow = request.header;
    options.indexColumn = request.header;
    const CsvWriter writer(options);
    if (request.exportPath == "-") {
        writer.write(view, [this](std::string_view text) { writeAll(out_, text); });
        flushAll(out_);
        return 0;
    }
    AtomicFile file(request.exportPath.toStdString());
    writer.write(view, [&file](std::string_view text) { file.write(text); });
    file.commit();
    return 0;
}
