# SPDX-License-Identifier: MIT
"""The Python half of bench/lazy_benchmark.cpp.

As a script loaded by ArrayLens (the benchmark, and `arraylens --call … ` in
its export case) it offers the three lazy sources the benchmark opens:

  zarr_array(folder)    100,000 x 100,000 float64 zarr array, 1000 x 1000 chunks
  h5_dataset(folder)    20,000 x 20,000 float32 HDF5 dataset, gzip level 4
  dask_on_cluster()     10,000 x 10,000 float64 dask array computed on a
                        2-process dask.distributed.LocalCluster
  close_cluster()       closes that client and cluster

Run by /usr/bin/python3 it makes the files first, and checks an export:

  python3 lazy_benchmark.py make FOLDER
  python3 lazy_benchmark.py check-export FOLDER CSV R0 R1 C0 C1

Third-party modules are imported where they are used, as a script would, so
that the export case imports zarr and NumPy only."""
import json
import os
import sys
import time

ZARR_SHAPE = (100_000, 100_000)
ZARR_CHUNKS = (1000, 1000)
H5_SHAPE = (20_000, 20_000)
H5_CHUNKS = (256, 256)
DASK_SHAPE = (10_000, 10_000)
DASK_CHUNKS = (1000, 1000)


def zarr_values(rows, columns):
    """The written cells of the zarr array: thirds and sevenths of the
    position, so every digit of every cell differs."""
    import numpy as np
    r = np.asarray(rows, dtype=np.float64)[:, None]
    c = np.asarray(columns, dtype=np.float64)[None, :]
    return r / 3 + c / 7 + np.sin(r * 0.01) * np.cos(c * 0.013)


def _zarr_path(folder):
    return os.path.join(folder, "a.zarr")


def _h5_path(folder):
    return os.path.join(folder, "b.h5")


def make_zarr(folder):
    """The first 3 x 3 chunks and the last chunk are written; every other
    chunk reads as the fill value (80 GB could not be written)."""
    import numpy as np
    import zarr
    store = zarr.DirectoryStore(_zarr_path(folder))
    a = zarr.open_array(store, mode="w", shape=ZARR_SHAPE, chunks=ZARR_CHUNKS, dtype="f8", fill_value=0.0)
    n = 3 * ZARR_CHUNKS[0]
    a[:n, :n] = zarr_values(np.arange(n), np.arange(n))
    last_rows = np.arange(ZARR_SHAPE[0] - ZARR_CHUNKS[0], ZARR_SHAPE[0])
    last_columns = np.arange(ZARR_SHAPE[1] - ZARR_CHUNKS[1], ZARR_SHAPE[1])
    a[-ZARR_CHUNKS[0]:, -ZARR_CHUNKS[1]:] = zarr_values(last_rows, last_columns)
    return sum(1 for name in os.listdir(_zarr_path(folder)) if not name.startswith("."))


def make_h5(folder):
    """Every cell written: a smooth pattern (it compresses, so gzip is quick)
    that still differs from cell to cell."""
    import h5py
    import numpy as np
    rows, columns = H5_SHAPE
    c = np.arange(columns, dtype=np.float32)[None, :]
    band = H5_CHUNKS[0] * 4  # whole chunk rows at a time: 82 MB of float32
    with h5py.File(_h5_path(folder), "w") as f:
        d = f.create_dataset("data", shape=H5_SHAPE, dtype="f4", chunks=H5_CHUNKS, compression="gzip",
                             compression_opts=4)
        for r0 in range(0, rows, band):
            r = np.arange(r0, min(rows, r0 + band), dtype=np.float32)[:, None]
            # Quarters: a float32 with few mantissa bits set compresses well.
            d[r0:r0 + r.shape[0], :] = np.round((np.sin(r / 300) + np.cos(c / 200)) * 1000) / 4
    return os.path.getsize(_h5_path(folder))


def zarr_array(folder):
    import zarr
    return zarr.open_array(_zarr_path(folder), mode="r")


def h5_dataset(folder):
    import h5py
    return h5py.File(_h5_path(folder), "r")["data"]


_cluster = None
_client = None


def start_cluster():
    """Starts the cluster (once); the worker processes' pids."""
    global _cluster, _client
    if _client is None:
        from dask.distributed import Client, LocalCluster
        _cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                silence_logs=50)
        _client = Client(_cluster)
    return sorted(_client.run(os.getpid).values())


def dask_on_cluster():
    """A new graph on every call (nothing computed ahead): each block shown
    is computed by a worker process and sent back."""
    import dask.array as da
    start_cluster()
    x = da.random.RandomState(7).random_sample(DASK_SHAPE, chunks=DASK_CHUNKS)
    return x * 100 - 50


def close_cluster():
    """'closed' when the client and the cluster are closed."""
    global _cluster, _client
    if _client is None:
        return "not started"
    _client.close()
    _cluster.close()
    status = _cluster.status.name
    _cluster = _client = None
    return status


def check_export(folder, csv_path, r0, r1, c0, c1):
    """Whether the CSV holds the zarr window's values, as Python's repr writes them."""
    import numpy as np
    import zarr
    a = zarr.open_array(_zarr_path(folder), mode="r")
    window = a[r0:r1, c0:c1]
    expected = "".join(",".join(repr(float(v)) for v in row) + "\n" for row in window)
    with open(csv_path, encoding="utf-8") as f:
        got = f.read()
    distinct = len(np.unique(window))
    if got == expected:
        return f"OK: {window.shape[0]} x {window.shape[1]} values as Python's repr, {distinct} distinct"
    return f"MISMATCH: expected {expected[:80]!r}…, got {got[:80]!r}…"


def main(argv):
    if len(argv) >= 2 and argv[0] == "make":
        folder = argv[1]
        started = time.perf_counter()
        chunks = make_zarr(folder)
        zarr_s = time.perf_counter() - started
        started = time.perf_counter()
        size = make_h5(folder)
        h5_s = time.perf_counter() - started
        print(json.dumps({"zarr_s": zarr_s, "zarr_chunks_written": chunks, "h5_s": h5_s, "h5_bytes": size}))
        return 0
    if len(argv) == 7 and argv[0] == "check-export":
        print(check_export(argv[1], argv[2], *(int(v) for v in argv[3:])))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
