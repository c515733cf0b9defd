// SPDX-License-Identifier: MIT
#include <Python.h> // before Qt (DESIGN.md)

#include "app/command_line.h"
#include "app/headless_runner.h"
#include "app/gui_loader.h"

#include <QStringList>

#include <cstdio>

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    CommandLineRequest request;
    QString error;
    const CommandLine commandLine;
    if (!commandLine.parse(arguments, request, error)) {
        std::fprintf(stderr, "arraylens: error: %s\n(arraylens --help shows the usage)\n", qPrintable(error));
        return 2;
    }
    switch (request.mode) {
    case CommandLineRequest::Mode::Help:
        std::fputs(qPrintable(commandLine.helpText()), stdout);
        return 0;
    case CommandLineRequest::Mode::Version:
        std::puts("arraylens 0.1.0");
        return 0;
    case CommandLineRequest::Mode::Gui:
        return runGuiModule(argc, argv, request.script, request.call, request.arguments);
    default:
        return HeadlessRunner(stdout, stderr).run(request);
    }
}
