// SPDX-License-Identifier: MIT
#include "app/gui_loader.h"

#include "ui/qt_text.h"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

namespace {

// The folder of the running executable (not of argv[0], which may be a bare
// name found on PATH or a symbolic link).
std::string executableFolder()
{
    char path[4096];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        return ".";
    const std::string executable(path, static_cast<std::size_t>(length));
    return executable.substr(0, executable.rfind('/'));
}

// The desktop app makes a relative script path absolute with QFileInfo,
// which goes through the local 8-bit encoding and turns every byte that is
// not UTF-8 into U+FFFD: done here, in bytes, it cannot lose any.
QString absoluteScriptPath(const QString& path)
{
    if (path.isEmpty() || path.startsWith('/'))
        return path;
    char* folder = ::getcwd(nullptr, 0);
    if (!folder)
        return path;
    const std::string absolute = std::string(folder) + "/" + toPathBytes(path);
    std::free(folder);
    return fromPathBytes(absolute);
}

} // namespace

int runGuiModule(int argc, char* argv[], const QString& script, const QString& pythonModule, const QString& call,
                 const QStringList& arguments)
{
    // Beside the executable in the build folder; in an installed tree, where
    // CMake put it relative to bin/ (ARRAYLENS_GUI_MODULE_DIR, e.g.
    // ../lib/arraylens), so that the tree works wherever it is moved.
    const std::string folder = executableFolder();
    std::string modulePath = folder + "/arraylens_gui.so";
    if (::access(modulePath.c_str(), F_OK) != 0)
        modulePath = folder + "/" ARRAYLENS_GUI_MODULE_DIR "/arraylens_gui.so";
    // Never closed: the app's code runs until the process ends.
    void* module = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_LOCAL);
    const auto entry = module ? reinterpret_cast<GuiEntry>(::dlsym(module, "arraylens_run_gui")) : nullptr;
    if (!entry) {
        std::fprintf(stderr, "arraylens: error: cannot start the desktop app: %s\n", ::dlerror());
        return 1;
    }
    return entry(argc, argv, absoluteScriptPath(script), pythonModule, call, arguments);
}
