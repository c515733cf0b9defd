// SPDX-License-Identifier: MIT
// The entry point of arraylens_gui.so, the desktop app as a module that the
// arraylens executable loads only when the GUI is asked for (gui_loader.cpp).
#include <Python.h> // before Qt (DESIGN.md)

#include "app/gui_loader.h"
#include "ui/gui_main.h"

#include <type_traits>

extern "C" __attribute__((visibility("default"))) int arraylens_run_gui(int argc, char* argv[], const QString& script,
                                                                       const QString& module, const QString& call,
                                                                       const QStringList& arguments)
{
    static_assert(std::is_same_v<decltype(&arraylens_run_gui), GuiEntry>, "the loader calls it through GuiEntry");
    return runGui(argc, argv, script, module, call, arguments);
}
