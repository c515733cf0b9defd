#!/usr/bin/python3
"""CSV export of 10^7 float64 values (np.arange(1e7).reshape(2000, 5000) / 7,
full round-trip precision), whole process each, side by side:

  arraylens --export        (this project)
  numpy.savetxt(fmt='%.17g')
  pandas.DataFrame.to_csv   (Debian's python3-pandas; its default float text round-trips)

Usage: bench/export_benchmark.py [path/to/arraylens] [--repeat N]
Prints the best and median seconds, MB/s, values/s and the ratios; checks every exporter's file
reads back to the same values on a sample of rows.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SCRIPT = """
import numpy as np
def data():
    return np.arange(1e7).reshape(2000, 5000) / 7
"""

SAVETXT = """
import numpy as np, sys
a = np.arange(1e7).reshape(2000, 5000) / 7
np.savetxt(sys.argv[1], a, fmt='%.17g', delimiter=',')
"""

PANDAS = """
import numpy as np, pandas as pd, sys
a = np.arange(1e7).reshape(2000, 5000) / 7
pd.DataFrame(a).to_csv(sys.argv[1], header=False, index=False)
"""


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def check(path, expected, rows=(0, 1, 999, 1999)):
    with open(path) as f:
        lines = f.readlines()
    assert len(lines) == expected.shape[0], f"{path}: {len(lines)} lines"
    for r in rows:
        values = np.array([float(x) for x in lines[r].split(",")])
        assert values.tobytes() == expected[r].tobytes(), f"{path}: row {r} differs"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("arraylens", nargs="?", default=os.path.join(root, "build", "arraylens"))
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each runs every exporter once")
    options = parser.parse_args()

    expected = np.arange(1e7).reshape(2000, 5000) / 7
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "data.py")
        with open(script, "w") as f:
            f.write(SCRIPT)
        runs = {
            "arraylens --export": lambda out: [options.arraylens, "--call", "data", "--export", out, script],
            "numpy.savetxt %.17g": lambda out: [sys.executable, "-c", SAVETXT, out],
            "pandas.to_csv": lambda out: [sys.executable, "-c", PANDAS, out],
        }
        # Rounds interleave the exporters, so that a slow spell of the
        # machine (a VM's neighbours) falls on all of them alike.
        times = {name: [] for name in runs}
        sizes = {}
        for _ in range(options.repeat):
            for name, command in runs.items():
                out = os.path.join(folder, name.split()[0] + ".csv")
                times[name].append(timed(command(out)))
                check(out, expected)
                sizes[name] = os.path.getsize(out)
                os.remove(out)

    cores = os.cpu_count()
    print(f"CSV export of 10^7 float64 (2000 x 5000), whole process, {options.repeat} interleaved rounds, "
          f"{cores} cores")
    print(f"{'exporter':<22}{'best s':>8}{'median s':>10}{'MB':>6}{'MB/s':>7}{'M values/s':>12}{'vs savetxt':>12}")
    base = min(times["numpy.savetxt %.17g"])
    for name, samples in times.items():
        best = min(samples)
        size = sizes[name]
        print(f"{name:<22}{best:>8.2f}{statistics.median(samples):>10.2f}{size / 1e6:>6.0f}{size / 1e6 / best:>7.0f}"
              f"{1e7 / best / 1e6:>12.1f}{base / best:>11.1f}x")
    print("(MB/s, values/s and the ratio from the best run of each)")


if __name__ == "__main__":
    main()
