#!/usr/bin/python3
"""Statistics of a large array, whole process each, in the same run with
interleaved rounds (issue 12, item 5):

  arraylens --call NAME --stats SCRIPT     count, nan, min, max, mean, std
  /usr/bin/python3: the same array, then numpy nanmin, nanmax, nanmean and
                    nanstd together (what --stats reports)
  /usr/bin/python3: the same array only (start-up + making it), so that the
                    statistics' own share of each can be told apart

Cases: 10^8 float64 with NaNs (contiguous), and a strided 2-D int32 view
(every other column of a 10^4 x 10^4 array, transposed: 5 x 10^7 cells).

Usage: bench/stats_benchmark.py [path/to/arraylens] [--repeat N] [--cases a,b]
Prints the median seconds of each, the statistics' share (median minus the
making-only median) and the ratios; checks that both report the same values.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT = """
import numpy as np

def floats():
    a = np.arange(10**8, dtype=np.float64)
    a *= 1e-3
    a[::1000] = np.nan
    return a

def ints():
    a = np.arange(10**8, dtype=np.int32).reshape(10**4, 10**4)
    a %= 977
    return a[:, ::2].T
"""

NUMPY = """
import sys, json, warnings
import numpy as np
sys.path.insert(0, sys.argv[1])
import stats_bench_arrays
a = getattr(stats_bench_arrays, sys.argv[2])()
if sys.argv[3] == 'stats':
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        result = [np.nanmin(a), np.nanmax(a), np.nanmean(a), np.nanstd(a)]
    print(json.dumps([float(v) for v in result]))
"""

CASES = {
    "floats": "10^8 float64, 0.1 % NaN",
    "ints": "5x10^7 int32, strided 2-D (a[:, ::2].T)",
}


def timed(command):
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("arraylens", nargs="?", default=os.path.join(root, "build", "arraylens"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "stats_bench_arrays.py")
        with open(script, "w") as f:
            f.write(SCRIPT)
        runner = os.path.join(folder, "numpy_stats.py")
        with open(runner, "w") as f:
            f.write(NUMPY)

        print(f"{'case':<44} {'arraylens s':>11} {'numpy s':>8} {'making s':>9} "
              f"{'ratio':>6} {'al stats s':>10} {'np stats s':>10} {'ratio':>6}")
        for case in args.cases.split(","):
            commands = {
                "arraylens": [args.arraylens, "--call", case, "--stats", script],
                "numpy": ["/usr/bin/python3", runner, folder, case, "stats"],
                "making": ["/usr/bin/python3", runner, folder, case, "make"],
            }
            times = {name: [] for name in commands}
            outputs = {}
            for _ in range(args.repeat):  # interleaved: each round runs all three
                for name, command in commands.items():
                    seconds, out = timed(command)
                    times[name].append(seconds)
                    outputs[name] = out
            ours = json.loads(outputs["arraylens"])
            theirs = json.loads(outputs["numpy"])
            for key, value in zip(("min", "max", "mean", "std"), theirs):
                assert math.isclose(float(ours[key]), value, rel_tol=1e-9), (case, key, ours[key], value)
            median = {name: statistics.median(values) for name, values in times.items()}
            ours_share = median["arraylens"] - median["making"]
            numpy_share = median["numpy"] - median["making"]
            print(f"{CASES[case]:<44} {median['arraylens']:>11.3f} {median['numpy']:>8.3f} {median['making']:>9.3f} "
                  f"{median['numpy'] / median['arraylens']:>6.2f} {ours_share:>10.3f} {numpy_share:>10.3f} "
                  f"{numpy_share / max(ours_share, 1e-3):>6.1f}")
            sys.stdout.flush()
        print(f"medians of {args.repeat} interleaved rounds; 'stats s' = median minus the making-only median; "
              "ratio = numpy / arraylens")


if __name__ == "__main__":
    main()
