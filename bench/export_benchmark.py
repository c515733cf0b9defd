#!/usr/bin/python3
"""CSV export of 10^7 float64 values (np.arange(1e7).reshape(2000, 5000) / 7,
full round-trip precision), whole process each, side by side:

  arraylens --export        (this project)
  numpy.savetxt(fmt='%.17g')
  pandas.DataFrame.to_csv   (Debian's python3-pandas; its default float text round-trips)

Usage: bench/export_benchmark.py [path/to/arraylens] [--repeat N]
Prints seconds, MB/s, values/s and the ratios; checks every exporter's file
reads back to the same values on a sample of rows.
"""
import argparse
import os
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per exporter; the best is reported")
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
        results = {}
        for name, command in runs.items():
            out = os.path.join(folder, name.split()[0] + ".csv")
            best = min(timed(command(out)) for _ in range(options.repeat))
            check(out, expected)
            results[name] = (best, os.path.getsize(out))
            os.remove(out)

    cores = os.cpu_count()
    print(f"CSV export of 10^7 float64 (2000 x 5000), whole process, best of {options.repeat}, {cores} cores")
    print(f"{'exporter':<22}{'seconds':>9}{'MB':>8}{'MB/s':>8}{'M values/s':>12}{'vs savetxt':>12}")
    base = results["numpy.savetxt %.17g"][0]
    for name, (seconds, size) in results.items():
        print(f"{name:<22}{seconds:>9.2f}{size / 1e6:>8.0f}{size / 1e6 / seconds:>8.0f}"
              f"{1e7 / seconds / 1e6:>12.1f}{base / seconds:>11.1f}x")


if __name__ == "__main__":
    main()
