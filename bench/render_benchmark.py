#!/usr/bin/python3
"""--render of big views, whole process each, median of N (cold: every run
makes a new sparse memmap, so none of its pages is in the page cache):

  (a) 100,000 x 100,000 float64 np.memmap (80 GB sparse)
  (b) 100,000 x 100,000 uint8 np.memmap (10 GB sparse)
  (c) 4,096 x 4,096 float64 in memory (random), drawn whole

Beside each, the same picture made with NumPy and matplotlib (where
installed): np.asarray(a[::s, ::s]) at ArrayLens's step s, then
matplotlib.pyplot.imsave with cmap='gray', whole process too.

Usage: bench/render_benchmark.py [path/to/arraylens] [--repeat N]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT = """
import numpy as np, os
def huge(path: str, dtype: str):
    m = np.memmap(path, dtype=dtype, mode="w+", shape=(100000, 100000))
    m[0, 0] = 1
    return m
def dense():
    return np.random.default_rng(1).random((4096, 4096))
"""

PEER = """
import sys, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
kind, path, out, step = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if kind == "dense":
    a = np.random.default_rng(1).random((4096, 4096))
else:
    a = np.memmap(path, dtype=kind, mode="w+", shape=(100000, 100000))
    a[0, 0] = 1
plt.imsave(out, np.asarray(a[::step, ::step]), cmap="gray")
"""


def run(command):
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("arraylens", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "build", "arraylens"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import matplotlib  # noqa: F401
        peer = True
    except ImportError:
        peer = False
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "render_cases.py")
        with open(script, "w") as f:
            f.write(SCRIPT)
        peer_script = os.path.join(folder, "peer.py")
        with open(peer_script, "w") as f:
            f.write(PEER)
        out = os.path.join(folder, "out.png")
        cases = [("(a) 100,000² float64 memmap", "float64"), ("(b) 100,000² uint8 memmap", "uint8"),
                 ("(c) 4,096² float64 in memory", "dense")]
        print("| case | pixels | ArrayLens --render | NumPy + matplotlib, same step | ratio |")
        print("|---|---|---|---|---|")
        for title, kind in cases:
            ours, theirs, step, size = [], [], 1, "4096 × 4096"
            for i in range(args.repeat):
                path = os.path.join(folder, f"m{i}.dat")
                call = ["--call", "dense"] if kind == "dense" else \
                       ["--call", "huge", "--arg", repr(path), "--arg", repr(kind)]
                elapsed, err = run([args.arraylens, *call, "--render", out, script])
                ours.append(elapsed)
                found = re.search(r"every (\d+) rows.*: (\d+) × (\d+) pixels", err)
                if found:
                    step, size = int(found.group(1)), f"{found.group(2)} × {found.group(3)}"
                if os.path.exists(path):
                    os.remove(path)
                if peer:
                    elapsed, _ = run([sys.executable, peer_script, kind, path, out, str(step)])
                    theirs.append(elapsed)
                    if os.path.exists(path):
                        os.remove(path)
            a = statistics.median(ours)
            if peer:
                b = statistics.median(theirs)
                print(f"| {title} | {size} | {a:.2f} s | {b:.2f} s | {b / a:.1f}× |")
            else:
                print(f"| {title} | {size} | {a:.2f} s | — | — |")


if __name__ == "__main__":
    main()
