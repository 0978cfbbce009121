#!/usr/bin/env python3
"""Compares two directories of NNS JSON outputs (Tests/native/agree.sh): the same keys, the same
strings and booleans, and every number equal within a relative tolerance.

Usage: compare.py DIR_A DIR_B TOLERANCE

A number x in a list is compared against tolerance * max|list| (the scale of the quantity: an
eigenvalue near zero is as accurate as the largest one times the rounding, not relative to itself);
a scalar against tolerance * max(|a|, |b|), except a condition number κ = λmax/λmin, whose relative
error is that of λmin, i.e. up to κ times that of λmax: it is compared against tolerance * κ relative.
Prints the largest scaled difference per file."""
import json
import math
import os
import sys


def pairs(obj_pairs):
    return obj_pairs  # keep duplicate keys (records repeat "kind") and their order


def walk(a, b, path, tol, scale, worst, failures):
    if isinstance(a, list) and isinstance(b, list) and not (a and isinstance(a[0], tuple)):
        if len(a) != len(b):
            failures.append(f"{path}: lengths {len(a)} and {len(b)}")
            return
        nums = [abs(v) for v in a + b if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
        s = max(nums) if nums else None
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", tol, s, worst, failures)
    elif isinstance(a, list) and isinstance(b, list):
        ka = [k for k, _ in a]
        kb = [k for k, _ in b]
        if ka != kb:
            failures.append(f"{path}: keys {ka} and {kb}")
            return
        for (k, x), (_, y) in zip(a, b):
            walk(x, y, f"{path}.{k}", tol, None, worst, failures)
    elif isinstance(a, bool) or isinstance(a, str) or a is None:
        if a != b:
            failures.append(f"{path}: {a!r} and {b!r}")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
            if not (a == b or (math.isnan(a) and math.isnan(b))):
                failures.append(f"{path}: {a} and {b}")
            return
        ref = scale if scale is not None else max(abs(a), abs(b))
        if path.endswith(".condition"):
            ref *= max(1.0, abs(a))
        d = abs(a - b) / ref if ref > 0 else abs(a - b)
        worst[0] = max(worst[0], d)
        if d > tol:
            failures.append(f"{path}: {a!r} and {b!r} (scaled difference {d:.3g} > {tol:g})")
    else:
        failures.append(f"{path}: {type(a).__name__} and {type(b).__name__}")


def main():
    da, db, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    names = sorted(f for f in os.listdir(da) if f.endswith(".json"))
    if not names or names != sorted(f for f in os.listdir(db) if f.endswith(".json")):
        print(f"different or no files: {names} and {sorted(os.listdir(db))}")
        return 1
    bad = 0
    for n in names:
        with open(os.path.join(da, n)) as fa, open(os.path.join(db, n)) as fb:
            a = json.load(fa, object_pairs_hook=pairs)
            b = json.load(fb, object_pairs_hook=pairs)
        worst, failures = [0.0], []
        walk(a, b, n, tol, None, worst, failures)
        print(f"{n}: largest scaled difference {worst[0]:.3g}" + (" FAILED" if failures else ""))
        for f in failures[:10]:
            print("  " + f)
        bad += bool(failures)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
