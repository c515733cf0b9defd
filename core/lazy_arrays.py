# SPDX-License-Identifier: MIT
"""ArrayLens's Python side for values that are not one buffer in memory:
array-likes read window by window (h5py, zarr, dask, xarray, netCDF4) and
NumPy object arrays, and the dask clusters scripts start. Runs inside
ArrayLens's support module (core/lazy_array.cpp calls it); it imports no
third-party module at load time, so starting ArrayLens stays fast.

A window is asked for as one selection per axis: an int fixes the axis, a
(start, count, step) triple keeps it. What comes back is a C-contiguous
NumPy array of the kept axes, in axis order."""

import sys

# Longest text a cell of an object array shows: a window of a few thousand
# cells must not become gigabytes of UCS-4 because one object prints long.
TEXT_CELL_LIMIT = 1000


def _first_chunk(chunks):
    """Chunk extents per axis from h5py/zarr (ints) or dask (tuples)."""
    if not isinstance(chunks, tuple):
        return None
    extents = []
    for c in chunks:
        if isinstance(c, tuple):
            c = max(c) if c else 0
        if not isinstance(c, int) or isinstance(c, bool):
            return None
        extents.append(int(c))
    return tuple(extents)


def _chunks_of(obj):
    for name in ("chunks", "chunksize"):
        try:
            found = _first_chunk(getattr(obj, name, None))
        except Exception:
            found = None
        if found is not None:
            return found
    chunking = getattr(obj, "chunking", None)  # netCDF4.Variable
    if callable(chunking):
        try:
            return _first_chunk(tuple(chunking()))
        except Exception:
            return None
    return None


def _family(obj):
    """'h5py.Dataset', 'zarr.Array', 'dask.Array', 'xarray.DataArray': the
    package a user imports, and the class's name."""
    cls = type(obj)
    module = getattr(cls, "__module__", "")
    name = getattr(cls, "__name__", "")
    package = module.split(".", 1)[0] if isinstance(module, str) else ""
    name = name if isinstance(name, str) else "object"
    return f"{package}.{name}" if package else name


def _read_only_reason(obj, family, text):
    """Why edits cannot be written back, or '' when __setitem__ stores them."""
    if text:
        return ("the cells of this " + family + " are Python objects shown as str(): "
                "they cannot be edited as text")
    if family == "h5py.Dataset":
        mode = getattr(getattr(obj, "file", None), "mode", "r")
        if mode != "r+":
            return ("the HDF5 file is open read-only: open it with h5py.File(path, 'r+') "
                    "to edit this dataset")
        return ""
    if family.startswith("zarr."):
        if getattr(obj, "read_only", False):
            return "the zarr array is open read-only (mode 'r'): open it with mode 'r+' or 'a' to edit"
        return ""
    if family.startswith("dask."):
        return ("a dask array is computed on demand from its task graph: "
                "it has no storage to write edits into")
    if family.startswith("xarray."):
        data = getattr(getattr(obj, "variable", obj), "_data", None)
        import numpy
        if isinstance(data, numpy.ndarray) and data.flags.writeable:
            return ""
        return ("this xarray object's values are not held in a writable NumPy array "
                "(they are read from a file or computed): edits cannot be written back")
    return "ArrayLens writes only into h5py, zarr and NumPy-backed xarray objects; this " + family + " is read-only"


def _axis_names(obj):
    for name in ("dims", "dimensions"):
        names = getattr(obj, name, None)
        if isinstance(names, tuple) and all(isinstance(n, str) for n in names):
            return names
    return None


def _table_columns(frame):
    """(field name, column position, shown as text) per column of a
    DataFrame: names made unique str (NumPy's fields need that), columns
    whose values NumPy holds natively read as they are, the rest as str()."""
    import numpy
    columns, taken = [], set()
    for position, (label, dtype) in enumerate(zip(frame.columns, frame.dtypes)):
        name = str(label)
        while name in taken:
            name += "'"
        taken.add(name)
        # Not datetime64: NumPy exports no buffer for records holding one, so
        # dates and times read as text (str(Timestamp), 'NaT').
        native = isinstance(dtype, numpy.dtype) and dtype.kind in "biufc"
        columns.append((name, position, not native))
    return columns


def _as_frame(obj):
    """A Series as the one-column DataFrame it is shown as, named by its name."""
    import pandas
    if isinstance(obj, pandas.Series):
        return obj.to_frame(name="values" if obj.name is None else obj.name)
    return obj


def _row_labels(index):
    """The index labels as text, or None when they are the positions 0, 1, …"""
    import pandas
    if isinstance(index, pandas.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    return [_cell_text(label) for label in index]


def _describe_table(obj, family):
    import numpy
    import pandas
    if not isinstance(obj, (pandas.DataFrame, pandas.Series)):
        return None
    frame = _as_frame(obj)
    columns = _table_columns(frame)
    fields = [(name, "U1" if text else frame.dtypes.iloc[position]) for name, position, text in columns]
    sample = numpy.broadcast_to(numpy.zeros((), numpy.dtype(fields)), (len(frame),))
    text_fields = tuple(name for name, _, text in columns if text)
    reason = ""
    if not columns:
        reason = "this DataFrame has no columns"
    return (family, (len(frame),), sample, False, None, reason, None, True, _row_labels(frame.index), text_fields)


def lazy_describe(obj):
    """None when obj is no array-like ArrayLens can read in windows; else
    (family, shape, sample, text, chunks, read-only reason, axis names,
    table, row labels, text fields). A pandas DataFrame (or Series) is a table:
    one row per index label, one record field per column; its row labels
    are the index labels as text (None for positions) and its text fields
    the columns shown as str(). `sample`
    is a read-only zero-stride NumPy array of obj's shape and element type
    (of str for Python objects): the layout the windows will have, with no
    values."""
    import numpy
    if isinstance(obj, numpy.ndarray):
        if obj.dtype.kind != "O":
            return None
    elif not hasattr(type(obj), "__getitem__"):
        return None
    family = _family(obj)
    if family.startswith("pandas."):
        return _describe_table(obj, family)
    shape = getattr(obj, "shape", None)
    dtype = getattr(obj, "dtype", None)
    if not isinstance(shape, tuple) or dtype is None:
        return None
    if any(not isinstance(n, int) for n in shape):
        if any(n != n for n in shape if isinstance(n, float)):  # dask's nan: chunk sizes not computed
            raise ValueError(f"this {family} has unknown extents {shape}: call .compute_chunk_sizes() "
                             "(or compute it) before returning it")
        raise ValueError(f"this {family} has a shape of non-integers: {shape!r}")
    try:
        dtype = numpy.dtype(dtype)
    except TypeError:
        dtype = numpy.dtype(object)  # netCDF4's str for variable-length strings
    text = dtype.kind == "O" or dtype.hasobject
    sample_dtype = numpy.dtype("U1") if text else dtype
    sample = numpy.broadcast_to(numpy.zeros((), sample_dtype), tuple(int(n) for n in shape))
    return (family, tuple(int(n) for n in shape), sample, text, _chunks_of(obj),
            _read_only_reason(obj, family, text), _axis_names(obj), False, None, ())


def _materialize(window):
    """The window's values as a NumPy array (dask computes, xarray unwraps)."""
    import numpy
    if hasattr(window, "compute") and not isinstance(window, numpy.ndarray):
        window = window.compute()
    values = getattr(window, "values", None)
    if values is not None and not isinstance(window, numpy.ndarray) and not callable(values):
        window = values
    return numpy.asarray(window)


def _cell_text(value):
    if isinstance(value, bytes):
        text = value.decode("utf-8", "backslashreplace")
    else:
        try:
            text = str(value)
        except Exception as error:
            text = f"<str() failed: {type(error).__name__}>"
        if type(text) is not str:
            text = f"<str() returned {type(text).__name__}>"
    return text if len(text) <= TEXT_CELL_LIMIT else text[:TEXT_CELL_LIMIT - 1] + "\u2026"


def _as_text(window):
    import numpy
    cells = [_cell_text(v) for v in window.ravel(order="C")]
    width = max((len(c) for c in cells), default=1) or 1
    return numpy.array(cells, dtype=f"U{width}").reshape(window.shape)


def _key(selections):
    """obj[key] for the selections, and which kept axes then run backwards
    (h5py and zarr take no negative steps: the window is read forwards and
    turned round)."""
    key, backwards, kept = [], [], 0
    for s in selections:
        if isinstance(s, int):
            key.append(s)
            continue
        start, count, step = s
        if count == 0:
            key.append(slice(0, 0))
        elif step > 0:
            key.append(slice(start, start + (count - 1) * step + 1, step))
        else:
            last = start + (count - 1) * step
            key.append(slice(last, start + 1, -step))
            backwards.append(kept)
        kept += 1
    return tuple(key), backwards


def _fetch_rows(obj, selection):
    """Rows of a DataFrame or Series as a record array: native columns as
    they are, the others as text."""
    import numpy
    frame = _as_frame(obj)
    start, count, step = selection
    stop = start + count * step
    rows = frame.iloc[slice(start, stop if stop >= 0 else None, step)]
    columns = _table_columns(frame)
    values = {}
    for name, position, text in columns:
        column = rows.iloc[:, position]
        values[name] = [_cell_text(v) for v in column] if text else column.to_numpy()
    dtype = [(name, f"U{max((len(c) for c in values[name]), default=1) or 1}" if text else values[name].dtype)
             for name, _, text in columns]
    out = numpy.empty(len(rows), dtype=dtype)
    for name, _, _ in columns:
        out[name] = values[name]
    return out


def lazy_fetch(obj, selections, text):
    """The window's values, C-contiguous, kept axes in axis order."""
    import numpy
    if _family(obj).startswith("pandas."):
        return _fetch_rows(obj, selections[0])
    key, backwards = _key(selections)
    window = _materialize(obj[key])
    if backwards:
        window = window[tuple(slice(None, None, -1) if k in backwards else slice(None) for k in range(window.ndim))]
    if text:
        window = _as_text(window)
    return numpy.asarray(window, order="C")  # not ascontiguousarray: it makes 0-d arrays 1-d


def table_write(obj, row, field, value, sample):
    """Stores one cell of a DataFrame (or Series): `value` is its bytes, in
    the dtype of `sample`'s field `field`."""
    import numpy
    frame = _as_frame(obj)
    position = next(p for name, p, _ in _table_columns(frame) if name == field)
    cell = numpy.frombuffer(value, dtype=sample.dtype[field])[0]
    if obj is frame:
        obj.iat[row, position] = cell
    else:
        obj.iat[row] = cell


def lazy_write(obj, index, element, sample):
    """Stores one element (its bytes, in the dtype of `sample`) at `index`."""
    import numpy
    value = numpy.frombuffer(element, dtype=sample.dtype)[0]
    obj[tuple(index)] = value


def close_clusters():
    """Closes the dask.distributed clients and clusters a script started
    (their worker processes would outlive it, or hold the exit up). Called
    when a script is unloaded and before Python is finalized."""
    if "distributed" not in sys.modules:
        return
    closed = 0
    try:
        from distributed.client import _global_clients
        for client in list(_global_clients.values()):
            try:
                client.close()
                closed += 1
            except Exception:
                pass
    except Exception:
        pass
    try:
        from distributed.deploy.spec import SpecCluster
        for cluster in list(SpecCluster._instances):
            try:
                cluster.close()
                closed += 1
            except Exception:
                pass
    except Exception:
        pass
    return closed


# ---- Data files opened without a script: .npy, .npz, HDF5 (.h5, .hdf5,
# .nc), zarr folders.

DATA_FILE_SUFFIXES = (".npy", ".npz", ".h5", ".hdf5", ".he5", ".nc", ".zarr")


def _data_kind(path):
    import os
    lowered = path.lower().rstrip("/")
    for suffix in DATA_FILE_SUFFIXES:
        if lowered.endswith(suffix):
            return suffix
    if os.path.isdir(path) and (os.path.exists(os.path.join(path, ".zarray")) or
                                os.path.exists(os.path.join(path, ".zgroup"))):
        return ".zarr"
    return None


def is_data_file(path):
    return _data_kind(path) is not None


def _writable(path):
    import os
    return os.access(path, os.W_OK)


def _open_hdf5(path):
    import h5py
    # Read-only: an HDF5 file open for writing is locked against every other
    # program, readers included; a viewer must not do that to a file. (A
    # script that opens it r+ edits it.)
    return h5py.File(path, "r")


def _members(path):
    """{name: object} of every dataset in the file, in file order."""
    import numpy
    kind = _data_kind(path)
    if kind is None:
        raise ValueError(f"{path!r} is not a data file ArrayLens opens "
                         f"({', '.join(DATA_FILE_SUFFIXES)})")
    if kind == ".npy":
        try:
            array = numpy.load(path, mmap_mode="r+" if _writable(path) else "r")
        except ValueError:  # an object array cannot be memory-mapped
            array = numpy.load(path, allow_pickle=False)
        return {"": array}
    if kind == ".npz":
        members = {}
        with numpy.load(path, allow_pickle=False) as archive:
            for name in archive.files:
                member = archive[name]
                member.setflags(write=False)  # a copy in memory: edits could not reach the file
                members[name] = member
        return members
    if kind == ".zarr":
        import zarr
        node = zarr.open(path, mode="r+" if _writable(path) else "r")
        if isinstance(node, zarr.Array):
            return {"": node}
        return _datasets_under(node, zarr.Array)
    import h5py
    return _datasets_under(_open_hdf5(path), h5py.Dataset)


def _datasets_under(group, dataset_type):
    """{'/path': dataset} of the group's tree (h5py and zarr groups alike)."""
    members = {}

    def visit(name, item):
        if isinstance(item, dataset_type):
            members["/" + name] = item
        # None: visititems stops at the first callback that returns something else

    group.visititems(visit)
    return members


def data_file_datasets(path):
    """(name, dtype, shape) of each dataset; '' names a file's only array."""
    return [(name, str(getattr(member, "dtype", "")), tuple(int(n) for n in getattr(member, "shape", ())))
            for name, member in _members(path).items()]


def open_data_file(path, name):
    """The dataset `name` of the file (None or '' for a file of one)."""
    members = _members(path)
    if name:
        key = name if name in members else "/" + name.lstrip("/")
        if key not in members:
            listed = ", ".join(members) or "none"
            raise LookupError(f"{path} has no dataset {name!r}; its datasets are: {listed}")
        return members[key]
    if len(members) == 1:
        return next(iter(members.values()))
    if not members:
        raise ValueError(f"{path} holds no dataset")
    raise ValueError(f"{path} holds {len(members)} datasets; choose one with --dataset NAME: "
                     + ", ".join(members))


def table_buffer(obj):
    """(values, column names, row labels, family) when a pandas DataFrame holds all
    its columns in one block of one NumPy number or bool dtype (or a Series
    holds such an array): its memory is then shown and edited in place,
    zero-copy. None otherwise (the table is read in windows)."""
    import numpy
    if "pandas" not in sys.modules:
        return None
    import pandas
    if isinstance(obj, pandas.Series):
        if not isinstance(obj.dtype, numpy.dtype) or obj.dtype.kind not in "biufc":
            return None
        values = obj.to_numpy(copy=False)
        names = ["values" if obj.name is None else _cell_text(obj.name)]
        held = obj.values
    elif isinstance(obj, pandas.DataFrame):
        blocks = getattr(getattr(obj, "_mgr", None), "blocks", None)
        if blocks is None or len(blocks) != 1 or len(obj.columns) == 0:
            return None
        dtype = obj.dtypes.iloc[0]
        if not isinstance(dtype, numpy.dtype) or dtype.kind not in "biufc":
            return None
        values = obj.to_numpy(copy=False)
        names = [name for name, _, _ in _table_columns(obj)]
        held = blocks[0].values
    else:
        return None
    if not isinstance(values, numpy.ndarray) or not numpy.shares_memory(values, held):
        return None  # a copy: edits would not reach the table
    return values, names, _row_labels(obj.index), _family(obj)
