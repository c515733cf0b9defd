// SPDX-License-Identifier: MIT
#pragma once

#include "core/py_object.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arraylens {

class ArrayData;
class PyBuffer;

/// One parameter of a script function, as inspect.signature reports it.
struct ParameterInfo {
    std::string name;
    std::string kind;                         ///< "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", …
    std::optional<std::string> defaultLiteral; ///< repr() of the default, if any
    std::string annotation;                   ///< as written; empty when none
};

/// A function defined at the top level of a script.
struct FunctionInfo {
    std::string name;
    std::string signature;        ///< "(rows: int = 3) -> Buffer"
    std::vector<ParameterInfo> parameters;
    std::string returnAnnotation; ///< empty when none
    bool returnsBuffer = false;   ///< annotated Buffer (class or string)
    std::string summary;          ///< first line of the docstring
};

/// A module-level variable whose value exports a buffer.
struct BufferGlobalInfo {
    std::string name;
    std::string typeName; ///< "numpy.ndarray", "builtins.bytearray", …
};

/// A Python script loaded as a module. Loading runs its top level, as an IDE
/// does (DESIGN.md decision 9); its folder goes first on sys.path so sibling
/// imports work. Every method takes the GIL itself; errors in the script —
/// SyntaxError, exceptions, sys.exit() — arrive as PythonError with the
/// script's traceback and never end the process.
class Script {
public:
    /// `path` is bytes, given to Python as os.fsdecode() would (surrogateescape).
    /// Throws PythonError (FileNotFoundError for a missing file).
    [[nodiscard]] static Script load(const std::string& path);
    /// The file of the installed module `name` ("package.module"), found as
    /// `python -m` finds it: the current folder first, then sys.path. load()
    /// of that path then loads it under its import name, so a submodule's
    /// relative imports work. Throws PythonError (ModuleNotFoundError naming
    /// the module; ImportError for a module that is not a .py file).
    [[nodiscard]] static std::string locateModule(const std::string& name);
    Script(Script&&) noexcept = default;
    Script& operator=(Script&&) noexcept;
    ~Script();

    /// The absolute path, as bytes (not necessarily UTF-8).
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::string moduleName() const;

    /// Runs the file again; on failure the previous module stays in use.
    void reload();

    [[nodiscard]] std::vector<FunctionInfo> functions() const;
    [[nodiscard]] std::vector<BufferGlobalInfo> bufferGlobals() const;
    [[nodiscard]] bool hasName(const std::string& name) const;

    /// Calls function `name` with positional arguments given as Python
    /// literals (ast.literal_eval), or returns the variable `name`. The
    /// caller must hold the GIL to keep or drop the result.
    [[nodiscard]] PyObjectRef call(const std::string& name, const std::vector<std::string>& literalArguments) const;
    /// call() and export the result's buffer. A result that exports none is a
    /// PythonError naming what came back ("make_text() returned a 'str' …").
    [[nodiscard]] std::shared_ptr<PyBuffer> callForBuffer(const std::string& name,
                                                          const std::vector<std::string>& literalArguments) const;

    /// call() and open what comes back: a buffer (read in place) or an
    /// array-like read window by window (LazyArray). Anything else is a
    /// PythonError naming what came back. GIL not required.
    [[nodiscard]] std::shared_ptr<ArrayData> callForArray(const std::string& name,
                                                          const std::vector<std::string>& literalArguments) const;

private:
    Script() = default;
    /// "name() returned " or "'name' is ", to start a message about the result. GIL required.
    [[nodiscard]] std::string resultName(const std::string& name) const;
    std::string path_;
    PyObjectRef module_;
};

} // namespace arraylens
