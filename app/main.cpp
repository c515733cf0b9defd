// SPDX-License-Identifier: MIT
#include <Python.h> // before Qt (DESIGN.md)

#include "app/command_line.h"
#include "app/headless_runner.h"
#include "app/gui_loader.h"
#include "core/standard_output.h"
#include "ui/qt_text.h"

#include <QStringList>

#include <csignal>
#include <cstdio>

int main(int argc, char* argv[])
{
    // A file-size limit (ulimit -f) must fail the write with EFBIG, so that
    // the export reports it and cleans up, not kill the process with SIGXFSZ.
    // Child processes get the default back (Python's subprocess restores it).
    std::signal(SIGXFSZ, SIG_IGN);

    // Arguments are bytes: paths survive exactly, whatever their encoding.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << fromPathBytes(argv[i]);

    CommandLineRequest request;
    QString error;
    const CommandLine commandLine;
    if (!commandLine.parse(arguments, request, error)) {
        std::fprintf(stderr, "arraylens: error: %s\n(arraylens --help shows the usage)\n",
                     arraylens::printablePath(toPathBytes(error)).c_str());
        return 2;
    }
    switch (request.mode) {
    case CommandLineRequest::Mode::Help:
        std::fputs(qPrintable(commandLine.helpText()), stdout);
        return 0;
    case CommandLineRequest::Mode::Gui:
        return runGuiModule(argc, argv, request.script, request.module, request.call, request.arguments);
    default:
        // Before anything else runs: from here on only results reach the
        // real standard output.
        arraylens::StandardOutput::reserve();
        return HeadlessRunner().run(request);
    }
}
