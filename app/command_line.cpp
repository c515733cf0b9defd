// SPDX-License-Identifier: MIT
#include "app/command_line.h"

#include "core/data_file.h"
#include "ui/qt_text.h"

#include <QCommandLineParser>

namespace {

struct Options {
    QCommandLineOption list{"list", "List the script's functions and buffer variables."};
    QCommandLineOption call{"call", "Call function NAME (or take buffer variable NAME).", "NAME"};
    QCommandLineOption arg{"arg", "A positional argument for --call, as a Python literal; repeatable.", "LITERAL"};
    QCommandLineOption module{"module",
                              "Open the installed Python module NAME (e.g. 'package.arrays'), found as 'python -m' "
                              "finds it (the current folder first), instead of a SCRIPT.",
                              "NAME"};
    QCommandLineOption info{"info", "Print the result's buffer metadata as JSON."};
    QCommandLineOption exportTo{"export", "Write the result as CSV to PATH ('-' for standard output).", "PATH"};
    QCommandLineOption stats{"stats",
                             "Print count, NaN count, min, max, mean and std (population) of the view as one JSON "
                             "object (NaN and inf as the strings \"nan\", \"inf\", \"-inf\"; null when empty)."};
    QCommandLineOption render{"render",
                              "Draw the result as a PNG to PATH ('-' for standard output): one pixel per element "
                              "(sampled down to 4096 pixels a side), values through --colormap from min to max; "
                              "an (H, W, 3|4) uint8 or 0-1 float array as its RGB(A) picture.",
                              "PATH"};
    QCommandLineOption colormap{"colormap", "--render: the colormap (gray, viridis, magma, inferno, plasma, cividis, "
                                            "coolwarm, RdBu; NAME_r reversed). Default gray.",
                                "NAME"};
    QCommandLineOption slice{"slice", "A NumPy basic index choosing the 2-D view, e.g. '1,:,:' or ':,0,::-1'.", "SPEC"};
    QCommandLineOption field{"field",
                             "The record field (or structure of fields) to export, e.g. 'pos.x'; a 2-D plane of "
                             "records shows one field at a time, the first when none is given.",
                             "NAME"};
    QCommandLineOption delimiter{"delimiter", "CSV delimiter: ',' (default), ';', 'tab' or any one character.", "C"};
    QCommandLineOption dataset{"dataset",
                               "The dataset of a data FILE to show: an HDF5 or zarr path ('/grp/data') or an .npz "
                               "member; needed when the file holds several.",
                               "NAME"};
    QCommandLineOption header{"header", "CSV: add a header row (true indices, or record field names) and an index column (true row indices)."};
    QCommandLineOption help{{"h", "help"}, "Show this help."};
    QCommandLineOption version{"version", "Show the version, and the Python and NumPy it embeds."};

    void addTo(QCommandLineParser& parser) const
    {
        parser.setApplicationDescription(
            "ArrayLens: view and edit what Python functions return, in a grid or headless.");
        for (const auto* option : {&list, &call, &arg, &module, &dataset, &info, &exportTo, &stats, &render, &colormap, &slice, &field, &delimiter, &header,
                                   &help, &version})
            parser.addOption(*option);
        parser.addPositionalArgument("SCRIPT|FILE",
                                     "The Python script, or the data file (.npy .npz .h5 .hdf5 .nc, a .zarr folder), "
                                     "to open.",
                                     "[SCRIPT|FILE]");
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    }
};

bool parseDelimiter(const QString& text, char& delimiter)
{
    if (text == "tab" || text == "\\t" || text == "\t") {
        delimiter = '\t';
        return true;
    }
    if (text == "comma") {
        delimiter = ',';
        return true;
    }
    if (text == "semicolon") {
        delimiter = ';';
        return true;
    }
    if (text.size() != 1 || text[0].unicode() > 0x7e || text[0].unicode() < 0x20 || text[0] == '"' ||
        text[0] == '\n' || text[0] == '\r')
        return false;
    delimiter = text[0].toLatin1();
    return true;
}

} // namespace

bool CommandLine::parse(const QStringList& arguments, CommandLineRequest& request, QString& error) const
{
    QCommandLineParser parser;
    Options options;
    options.addTo(parser);
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(options.help)) {
        request.mode = CommandLineRequest::Mode::Help;
        return true;
    }
    if (parser.isSet(options.version)) {
        request.mode = CommandLineRequest::Mode::Version;
        return true;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        error = QString("expected one SCRIPT, got %1: %2").arg(positional.size()).arg(positional.join(' '));
        return false;
    }
    request.script = positional.value(0);
    if (parser.isSet(options.module)) {
        request.module = parser.value(options.module).trimmed();
        if (request.module.isEmpty()) {
            error = "--module needs a module NAME, e.g. --module package.arrays";
            return false;
        }
        if (!request.script.isEmpty()) {
            error = QString("give a SCRIPT or --module NAME, not both (%1 and --module %2)").arg(request.script, request.module);
            return false;
        }
    }
    request.dataFile = !request.script.isEmpty() && arraylens::DataFile::isDataFile(toPathBytes(request.script));
    request.dataset = parser.value(options.dataset);
    request.call = parser.value(options.call);
    request.arguments = parser.values(options.arg);
    request.slice = parser.value(options.slice);
    request.field = parser.value(options.field);
    request.header = parser.isSet(options.header);
    if (parser.isSet(options.delimiter) && !parseDelimiter(parser.value(options.delimiter), request.delimiter)) {
        error = QString("--delimiter takes one printable character other than '\"' (or 'tab'), not '%1'")
                    .arg(parser.value(options.delimiter));
        return false;
    }

    const bool list = parser.isSet(options.list);
    const bool info = parser.isSet(options.info);
    const bool exportSet = parser.isSet(options.exportTo);
    const bool stats = parser.isSet(options.stats);
    const bool renderSet = parser.isSet(options.render);
    if (int(list) + int(info) + int(exportSet) + int(stats) + int(renderSet) > 1) {
        error = "choose one of --list, --info, --export, --stats and --render";
        return false;
    }
    if (parser.isSet(options.call) && request.call.trimmed().isEmpty()) {
        error = "--call needs a function or variable NAME";
        return false;
    }
    if ((list || info || exportSet || stats || renderSet) && request.script.isEmpty() && request.module.isEmpty()) {
        error = "a SCRIPT is needed (or a data FILE), e.g. arraylens --list demo.py";
        return false;
    }
    if (request.dataFile && (parser.isSet(options.call) || !request.arguments.isEmpty())) {
        error = QString("%1 is a data file: it has datasets, not functions; choose one with --dataset NAME, "
                        "or give no --call")
                    .arg(request.script);
        return false;
    }
    if (parser.isSet(options.dataset) && !request.dataFile) {
        error = "--dataset applies to a data FILE (.npy .npz .h5 .hdf5 .nc, a .zarr folder)";
        return false;
    }
    if (parser.isSet(options.dataset) && request.dataset.isEmpty()) {
        error = "--dataset needs a NAME, e.g. --dataset /grp/data";
        return false;
    }
    if ((info || exportSet || stats || renderSet) && request.call.isEmpty() && !request.dataFile) {
        error = QString("%1 needs --call NAME")
                    .arg(info ? "--info" : exportSet ? "--export" : stats ? "--stats" : "--render");
        return false;
    }
    if (!request.arguments.isEmpty() && request.call.isEmpty()) {
        error = "--arg is given but no --call";
        return false;
    }
    if (list && !request.call.isEmpty()) {
        error = "--list takes no --call";
        return false;
    }
    if (parser.isSet(options.field) && request.field.isEmpty()) {
        error = "--field needs a field NAME, e.g. --field pos.x";
        return false;
    }
    if ((parser.isSet(options.slice) || parser.isSet(options.field)) && !exportSet && !stats && !renderSet) {
        error = "--slice and --field apply to --export, --stats and --render";
        return false;
    }
    if (parser.isSet(options.colormap) && !renderSet) {
        error = "--colormap applies to --render";
        return false;
    }
    if (renderSet) {
        request.renderPath = parser.value(options.render);
        request.colormap = parser.value(options.colormap);
        if (request.renderPath.isEmpty()) {
            error = "--render needs a PATH (or '-' for standard output)";
            return false;
        }
        if (parser.isSet(options.colormap) && request.colormap.isEmpty()) {
            error = "--colormap needs a NAME, e.g. --colormap viridis";
            return false;
        }
    }
    if ((parser.isSet(options.delimiter) || request.header) && !exportSet) {
        error = "--delimiter and --header apply to --export";
        return false;
    }
    if (exportSet) {
        request.exportPath = parser.value(options.exportTo);
        if (request.exportPath.isEmpty()) {
            error = "--export needs a PATH (or '-' for standard output)";
            return false;
        }
    }
    request.mode = list ? CommandLineRequest::Mode::List
                 : info ? CommandLineRequest::Mode::Info
                 : exportSet ? CommandLineRequest::Mode::Export
                 : stats ? CommandLineRequest::Mode::Stats
                 : renderSet ? CommandLineRequest::Mode::Render
                             : CommandLineRequest::Mode::Gui;
    return true;
}

QString CommandLine::helpText() const
{
    QCommandLineParser parser;
    Options options;
    options.addTo(parser);
    // Without a QCoreApplication, Qt names the program <executable_name>.
    QString text = parser.helpText();
    text.replace("<executable_name>", "arraylens");
    return text + R"(
Usage:
  arraylens [SCRIPT]                                   the GUI
  arraylens --module NAME [any option below]           an installed module instead of SCRIPT
  arraylens --call NAME [--arg LITERAL]... SCRIPT      the GUI, showing that call
  arraylens --list SCRIPT                              functions and buffer variables
  arraylens --call NAME [--arg LITERAL]... --info SCRIPT
  arraylens --call NAME [--arg LITERAL]... --export PATH|- [--slice SPEC]
            [--field NAME] [--delimiter C] [--header] SCRIPT
  arraylens --call NAME [--arg LITERAL]... --stats [--slice SPEC] [--field NAME] SCRIPT
  arraylens --call NAME [--arg LITERAL]... --render OUT.png|- [--colormap NAME]
            [--slice SPEC] [--field NAME] SCRIPT
  arraylens FILE                                       the GUI, showing the file's datasets
  arraylens --list FILE                                the file's datasets
  arraylens [--dataset NAME] --info FILE
  arraylens [--dataset NAME] --export PATH|- [--slice SPEC] [--field NAME]
            [--delimiter C] [--header] FILE
  arraylens [--dataset NAME] --stats [--slice SPEC] [--field NAME] FILE
  arraylens [--dataset NAME] --render OUT.png|- [--colormap NAME] [--slice SPEC]
            [--field NAME] FILE
)";
}
