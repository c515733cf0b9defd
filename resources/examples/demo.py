"""A tour of what ArrayLens shows: every dtype, 1-D to 4-D, bytes, a
read-only array, a broadcast view, memory-mapped files, arguments with
defaults, a function that changes a global in place, and a slow one to
cancel. Written the way the seed document writes its examples, with a
Buffer that also imports in a plain python3 (3.11 has none)."""

try:
    from collections.abc import Buffer  # Python 3.12+, and any script ArrayLens runs
except ImportError:
    try:
        from typing_extensions import Buffer  # typing_extensions 4.6+
    except ImportError:  # plain Python 3.11 on Debian 12: only the annotation is needed
        class Buffer:
            """Stands in for collections.abc.Buffer (PEP 688) in annotations."""

import os
import tempfile
import time

import numpy as np


def example_array() -> Buffer:
    """The seed's first example: a bool array."""
    return np.array([True, False, True, False, False], dtype=np.bool_)


def example_array_2d() -> Buffer:
    """The seed's 2-D example."""
    return np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)


def every_dtype(dtype: str = "float16", n: int = 8) -> Buffer:
    """One array per dtype name: bool, int8 … uint64, float16 … longdouble, complex64, complex128."""
    values = np.linspace(-3, 3, n)
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype)
    if np.dtype(dtype).kind == "b":
        return values > 0
    if np.dtype(dtype).kind == "u":
        return np.abs(values * 10).astype(dtype)
    return (values * 10).astype(dtype)


def extremes() -> Buffer:
    """The values that break naive viewers: nan, ±inf, -0.0, subnormals, the largest double."""
    return np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3])


def integer_limits() -> Buffer:
    return np.array([[np.iinfo(np.int64).min, np.iinfo(np.int64).max], [-1, 0]], dtype=np.int64)


def big_endian() -> Buffer:
    """Stored big-endian ('>f8'): shown and edited with the bytes swapped."""
    return (np.arange(12) / 4).astype(">f8").reshape(3, 4)  # arithmetic would give native order again


def transposed() -> Buffer:
    """A transposed view, no copy: the seed's bridge refuses these."""
    return np.arange(12, dtype=np.int16).reshape(3, 4).T


def reversed_rows() -> Buffer:
    """Negative strides."""
    return np.arange(20).reshape(4, 5)[::-1, ::2]


def cube(depth: int = 3, rows: int = 4, cols: int = 5) -> Buffer:
    """3-D: the slice bar picks which 2-D plane to show."""
    return np.arange(depth * rows * cols, dtype=np.float32).reshape(depth, rows, cols)


def hypercube() -> Buffer:
    """4-D: Spyder stops at 3 dimensions."""
    return np.arange(2 * 3 * 4 * 5, dtype=np.int32).reshape(2, 3, 4, 5)


def scalar() -> Buffer:
    """0-d: one cell."""
    return np.array(42.5)


def some_bytes() -> Buffer:
    """bytes are read-only."""
    return b"ArrayLens\x00\xff"


def some_bytearray() -> Buffer:
    return bytearray(b"edit me")


def read_only() -> Buffer:
    frozen = np.arange(6.0).reshape(2, 3)
    frozen.flags.writeable = False
    return frozen


def broadcast() -> Buffer:
    """A broadcast view: stride 0, read-only."""
    return np.broadcast_to(np.arange(5), (4, 5))


def _memmap(name, shape):
    path = os.path.join(tempfile.gettempdir(), f"arraylens-demo-{name}.f64")
    mode = "r+" if os.path.exists(path) and os.path.getsize(path) == 8 * int(np.prod(shape)) else "w+"
    return np.memmap(path, dtype=np.float64, mode=mode, shape=shape)  # sparse: costs no disk until written


def memmap_small() -> Buffer:
    """A memory-mapped file; edits go to the file."""
    data = _memmap("small", (100, 10))
    data[:] = np.arange(1000).reshape(100, 10)
    return data


def huge_vector(n: int = 10**9) -> Buffer:
    """10^9 float64 (8 GB, a sparse memory-mapped file): scroll to the end."""
    data = _memmap("vector", (n,))
    data[-1] = 1.0
    return data


def huge_matrix(n: int = 100_000) -> Buffer:
    """100,000 × 100,000 float64 (80 GB sparse memmap); Spyder allocates 74.5 GiB and crashes."""
    data = _memmap("matrix", (n, n))
    data[-1, -1] = 1.0
    return data


counter = np.zeros(5, dtype=np.int64)


def bump_counter(step: int = 1) -> Buffer:
    """Changes the global `counter` in place: every open view of it repaints."""
    counter[:] += step
    return counter


def total_of_counter() -> float:
    return float(counter.sum())


def slow(seconds: float = 30.0) -> Buffer:
    """A slow pure-Python loop: press Cancel."""
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return np.array([n])


def rings(n: int = 512) -> Buffer:
    """An image-like n × n float64 plane with a NaN stripe: try the Image view."""
    y, x = np.mgrid[-2:2:n * 1j, -2:2:n * 1j]
    r = np.hypot(x, y)
    plane = np.sin(8 * r) * np.exp(-r) + 0.2 * np.cos(3 * x * y)
    plane[n // 5 : n // 5 + n // 50, n // 5 : 3 * n // 5] = np.nan
    return plane


def picture() -> Buffer:
    """A 300 × 400 RGB picture (uint8, shape (300, 400, 3)): opens as one."""
    y, x = np.mgrid[0:1:300j, 0:1:400j]
    return (np.stack([x, y, 1 - x * y], axis=-1) * 255).astype(np.uint8)


def not_a_buffer() -> str:
    return "a str does not support the buffer protocol"


lookup_table = np.linspace(0, 1, 11)
header_bytes = b"\x89PNG\r\n\x1a\n"
