// SPDX-License-Identifier: MIT
#pragma once

// A data file opened with no script (issue 11): a .npy (memory-mapped, so
// edits go straight into the file), an .npz archive (members by name), an
// HDF5 file (.h5, .hdf5, .nc; datasets by path, "/grp/data") or a zarr
// folder (arrays by path). Python's numpy, h5py and zarr read them; the
// Python half is core/lazy_arrays.py.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arraylens {

class ArrayData;

/// One dataset of a data file: its path in the file ("" for a file that is
/// one array), NumPy dtype and shape.
struct DatasetInfo {
    std::string name;
    std::string dtype;
    std::vector<std::int64_t> shape;
};

class DataFile {
public:
    /// Whether ArrayLens opens `path` as a data file rather than a script:
    /// by its suffix (.npy .npz .h5 .hdf5 .he5 .nc .zarr), or a folder
    /// holding zarr metadata. No Python, no GIL.
    [[nodiscard]] static bool isDataFile(const std::string& path);

    /// `path` is bytes, given to Python as os.fsdecode() would.
    explicit DataFile(std::string path) : path_(std::move(path)) {}
    [[nodiscard]] const std::string& path() const { return path_; }

    /// The datasets, in file order. Takes the GIL; throws PythonError (a
    /// missing file, one that is not what its suffix says).
    [[nodiscard]] std::vector<DatasetInfo> datasets() const;
    /// Dataset `name` ("" for the only one). A file of several with no
    /// name, or a name it lacks, is a PythonError listing its datasets.
    /// Takes the GIL.
    [[nodiscard]] std::shared_ptr<ArrayData> open(const std::string& name) const;

private:
    std::string path_;
};

} // namespace arraylens
