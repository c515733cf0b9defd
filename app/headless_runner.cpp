// SPDX-License-Identifier: MIT
#include "app/headless_runner.h"

#include "core/array_data.h"
#include "core/array_statistics.h"
#include "core/buffer_info.h"
#include "core/color_scale.h"
#include "core/csv_writer.h"
#include "core/data_file.h"
#include "core/interpreter.h"
#include "core/output_file.h"
#include "core/plane_sampler.h"
#include "core/png_writer.h"
#include "core/py_buffer.h"
#include "core/python_error.h"
#include "core/script.h"
#include "core/strided_view.h"
#include "core/tuple_text.h"
#include "ui/qt_text.h"

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

using namespace arraylens;

namespace {

OutputFile exportTarget(const QString& path)
{
    if (path == "-")
        return OutputFile::standardOutput();
    return OutputFile(toPathBytes(path));
}

/// An N-D result needs --slice to choose a 2-D view.
void requirePlane(const ArrayData& array, const CommandLineRequest& request)
{
    if (request.slice.isEmpty() && array.dimensions() > 2)
        throw SliceError("the result is " + std::to_string(array.dimensions()) + "-dimensional with shape " +
                         tupleText(array.shape()) + "; choose a 2-D view with --slice, e.g. --slice '" +
                         SliceSpec::planeExample(static_cast<std::size_t>(array.dimensions())) + "'");
}

} // namespace

HeadlessRunner::HeadlessRunner() : owner_(::getpid()) {}

HeadlessRunner::~HeadlessRunner() = default;

int HeadlessRunner::run(const CommandLineRequest& request)
{
    try {
        Interpreter interpreter;
        // The script goes before the interpreter does (declared after it).
        struct ScriptRelease {
            std::unique_ptr<Script>& script;
            ~ScriptRelease() { script.reset(); }
        } release{script_};
        // Descriptor 1 already leads to stderr (StandardOutput); sys.stdout
        // is pointed at sys.stderr as well, so that a script's print() keeps
        // its place among the other stderr lines instead of waiting in a
        // buffer of its own until exit.
        Interpreter::redirectStdoutToStderr();
        switch (request.mode) {
        case CommandLineRequest::Mode::List: return list(request);
        case CommandLineRequest::Mode::Info: return info(request);
        case CommandLineRequest::Mode::Export: return exportCsv(request);
        case CommandLineRequest::Mode::Stats: return statistics(request);
        case CommandLineRequest::Mode::Render: return render(request);
        case CommandLineRequest::Mode::Version: return version();
        default: return 2;
        }
    } catch (const PythonError& error) {
        leaveIfForkedChild(1);
        std::fprintf(stderr, "arraylens: error: %s\n", error.what());
        if (!error.traceback().empty())
            std::fprintf(stderr, "%s", error.traceback().c_str());
    } catch (const std::exception& error) {
        leaveIfForkedChild(1);
        std::fprintf(stderr, "arraylens: error: %s\n", error.what());
    }
    return 1;
}

void HeadlessRunner::printResult(std::string_view text) const
{
    leaveIfForkedChild(0);
    OutputFile output = OutputFile::standardOutput();
    output.write(text);
    output.commit();
}

void HeadlessRunner::leaveIfForkedChild(int status) const
{
    if (::getpid() != owner_)
        ::_exit(status);
}

int HeadlessRunner::version()
{
    const Interpreter::Versions versions = Interpreter::versions();
    printResult("arraylens " ARRAYLENS_VERSION "\nPython " + versions.python + " (" ARRAYLENS_PYTHON_EXECUTABLE ")\nNumPy " +
                (versions.numpy.empty() ? std::string("not found: ArrayLens needs it (python3-numpy)") : versions.numpy) +
                "\n");
    return 0;
}

Script HeadlessRunner::loadScript(const CommandLineRequest& request) const
{
    Script script = Script::load(request.module.isEmpty() ? toPathBytes(request.script)
                                                          : Script::locateModule(toPathBytes(request.module)));
    leaveIfForkedChild(0); // a fork at import: the child must not call the function again
    return script;
}

int HeadlessRunner::list(const CommandLineRequest& request)
{
    if (request.dataFile) {
        std::string text = "Datasets:\n";
        for (const DatasetInfo& dataset : DataFile(toPathBytes(request.script)).datasets())
            text += "  " + (dataset.name.empty() ? std::string("(the file's one array)") : dataset.name) + ": " +
                    dataset.dtype + " " + tupleText(dataset.shape) + "\n";
        printResult(text);
        return 0;
    }
    const Script script = loadScript(request);
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
            text.append(" ").append(buffer->elementType().name).append(" ").append(tupleText(buffer->shape()));
            if (buffer->isReadOnly())
                text += " read-only";
        } catch (const Error& error) {
            text.append(" (cannot export: ").append(error.what()).append(")");
        }
        text += '\n';
    }
    if (globals.empty())
        text += "  (none)\n";
    printResult(text);
    return 0;
}

std::shared_ptr<ArrayData> HeadlessRunner::openArray(const CommandLineRequest& request)
{
    if (request.dataFile)
        return DataFile(toPathBytes(request.script)).open(request.dataset.toStdString());
    script_ = std::make_unique<Script>(loadScript(request));
    return script_->callForArray(request.call.toStdString(), toStdStrings(request.arguments));
}

int HeadlessRunner::info(const CommandLineRequest& request)
{
    printResult(arrayInfoJson(*openArray(request)) + "\n");
    return 0;
}

int HeadlessRunner::exportCsv(const CommandLineRequest& request)
{
    // Check what can be checked before running any Python: the slice, and
    // the target (a missing folder, a read-only file, a socket, a link loop
    // are refused before the script spends its time). Opening it now also
    // pins what /dev/fd/N means: the descriptor the process was started with.
    const SliceSpec slice = SliceSpec::parse(request.slice.toStdString());
    OutputFile output = exportTarget(request.exportPath);
    const std::shared_ptr<ArraySource> source = openView(request, slice);

    CsvOptions options;
    options.delimiter = request.delimiter;
    options.headerRow = request.header;
    options.indexColumn = request.header;
    CsvWriter(options).write(*source, CellRange{0, source->rows(), 0, source->cols()},
                             [&output](std::string_view text) { output.write(text); });
    output.commit();
    return 0;
}

std::shared_ptr<ArrayData> HeadlessRunner::openResult(const CommandLineRequest& request)
{
    auto array = openArray(request);
    leaveIfForkedChild(0);
    // No script code of the call's runs from here on (a lazy array's reads
    // run its library's code): Ctrl-C ends the process (an export leaves
    // the old file) instead of waiting for Python.
    Interpreter::restoreDefaultInterruptAction();
    return array;
}

std::shared_ptr<ArraySource> HeadlessRunner::openView(const CommandLineRequest& request, const SliceSpec& slice)
{
    const auto array = openResult(request);
    requirePlane(*array, request);
    return array->makeSource(slice, false, request.field.toStdString());
}

int HeadlessRunner::statistics(const CommandLineRequest& request)
{
    const SliceSpec slice = SliceSpec::parse(request.slice.toStdString());
    const std::shared_ptr<ArraySource> source = openView(request, slice);
    const std::optional<Statistics> result =
        ArrayStatistics::compute(*source, CellRange{0, source->rows(), 0, source->cols()});
    printResult(result->json() + "\n");
    return 0;
}

int HeadlessRunner::render(const CommandLineRequest& request)
{
    // As --export: what can be checked goes before any Python runs.
    const SliceSpec slice = SliceSpec::parse(request.slice.toStdString());
    const Colormap& colormap = Colormap::named(request.colormap.isEmpty() ? "gray" : request.colormap.toStdString());
    OutputFile output = exportTarget(request.renderPath);
    const auto array = openResult(request);

    // An (H, W, 3|4) picture is drawn as one, unless a slice or field picks values out of it.
    const bool picture = request.slice.isEmpty() && request.field.isEmpty() && PlaneSampler::colorChannels(*array);
    if (picture && !request.colormap.isEmpty())
        throw Error("the result, " + array->elementType().name + " " + tupleText(array->shape()) +
                    ", is drawn as an RGB(A) picture, which has no colormap; to draw one channel through it, "
                    "choose it with --slice ':,:,0'");
    if (!picture)
        requirePlane(*array, request);
    const PlaneSampler sampler =
        picture ? PlaneSampler::forColorImage(array) : PlaneSampler(array, slice, false, request.field.toStdString());
    const CellRange whole{0, sampler.rows(), 0, sampler.columns()};
    const PlaneSampler::Steps steps = sampler.stepsWithin(whole, PlaneSampler::kMaxRenderSide);
    const PlaneSamples samples = sampler.read(whole, steps);
    if (picture && samples.hasFiniteRange() && (samples.minimum < 0.0 || samples.maximum > 1.0))
        throw SliceError("the result, " + array->elementType().name + " " + tupleText(array->shape()) +
                         ", has values outside 0..1 (" + std::to_string(samples.minimum) + " to " +
                         std::to_string(samples.maximum) +
                         "), so it is not drawn as an RGB(A) picture; choose a 2-D view with --slice, e.g. "
                         "--slice ':,:,0'");
    if (steps.rows > 1 || steps.columns > 1)
        std::fprintf(stderr,
                     "arraylens: note: the %lld × %lld view is sampled every %lld rows and every %lld columns: "
                     "%lld × %lld pixels\n",
                     static_cast<long long>(sampler.rows()), static_cast<long long>(sampler.columns()),
                     static_cast<long long>(steps.rows), static_cast<long long>(steps.columns),
                     static_cast<long long>(samples.columns), static_cast<long long>(samples.rows));
    // gray maps min..max onto 0..255; a view of one value (or of no finite
    // one) is drawn in the map's middle.
    const ColorScale scale(colormap, samples.hasFiniteRange() ? samples.minimum : 0.0,
                           samples.hasFiniteRange() ? samples.maximum : 0.0);
    PngWriter::write(PlaneSampler::toImage(samples, scale), output);
    output.commit();
    return 0;
}
