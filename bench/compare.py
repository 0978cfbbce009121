#!/usr/bin/env python3
"""Runs NNS's benchmark workloads beside the peers (NumPy, JAX, neural-tangents) and prints one table.

Builds nothing: `make bench` builds the release binary first. Peers are found in $NNS_PEERS, else in
../shared/peers next to the repository. NNS starts from the NumPy peer's initial weights (and W2 inputs),
so the NNS and NumPy check values agree to rounding; JAX draws its own weights, so only its times compare.

The sinkhorn workload (1 000 × 1 000 points, ε 0.05, tolerance 1e-9 on the marginal error) runs against
POT's `ot.sinkhorn2` (its default standard-domain method, and its `sinkhorn_log`), with the same
points, ε, stopThr and numItermax. POT is used only here: `python3 -m venv --system-site-packages
bench/.venv-pot && bench/.venv-pot/bin/pip install pot` (or any python with `import ot`).

Usage: python3 bench/compare.py [W0|W1|W2|W3|S|SCM|sinkhorn|all]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.environ.get("NNS_PEERS") or os.path.join(ROOT, "..", "shared", "peers")
NNS = os.path.join(ROOT, ".build", "release", "nns")
ORDER = ["W0", "W1", "W2", "W3", "S", "SCM", "sinkhorn"]
CHECKS = {"W0": ["final_loss"], "W1": ["final_loss"], "W2": ["trace"], "W3": ["lambda_max", "mean"], "S": [],
          "SCM": ["final_error", "steps"], "sinkhorn": ["cost", "iterations"]}
# Shared with `nns bench sinkhorn` (Sources/nns/Bench.swift).
SINKHORN = {"points": 1000, "eps": 0.05, "tol": 1e-9, "max_iter": 10000}
POT_PYTHON = os.path.join(ROOT, "bench", ".venv-pot", "bin", "python")


def json_lines(cmd, cwd=None, env=None):
    """Runs cmd and returns its stdout's JSON objects (non-JSON lines are skipped)."""
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.stderr.write(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}\n")
    rows = []
    for line in out.stdout.splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return rows


def numpy_initial(path):
    """The NumPy peer's initial parameters in NNS's layout (per layer: W row-major in×out, then b)."""
    sys.path.insert(0, PEERS)
    import numpy as np
    import numpy_peer

    def flat(params):
        return [float(v) for W, b in params for v in np.concatenate([W.ravel(), b])]

    x, p2 = numpy_peer.setup()
    sk = np.random.default_rng(3).uniform(size=(2, SINKHORN["points"], 2))
    values = {
        "W0": flat(numpy_peer.init([2, 12, 12, 1], np.random.default_rng(0))),
        "W1": flat(numpy_peer.init([2, 64, 64, 1], np.random.default_rng(0))),
        "W2": flat(p2),
        "W2x": [float(v) for v in x.ravel()],
        "SKx": [float(v) for v in sk[0].ravel()],
        "SKy": [float(v) for v in sk[1].ravel()],
    }
    with open(path, "w") as f:
        json.dump(values, f)


POT_SCRIPT = r"""
import json, statistics, sys, time
import numpy as np, ot
p = json.loads(sys.argv[1])
sk = np.random.default_rng(3).uniform(size=(2, p["points"], 2))
a = np.full(p["points"], 1 / p["points"]); b = a.copy()
M = ot.dist(sk[0], sk[1])  # squared Euclidean, as NNS
for method in ["sinkhorn", "sinkhorn_log"]:
    times = []
    for rep in range(4 if method == "sinkhorn" else 2):
        t = time.perf_counter()
        cost, log = ot.sinkhorn2(a, b, M, p["eps"], method=method, stopThr=p["tol"], numItermax=p["max_iter"],
                                 log=True)
        if rep:
            times.append(time.perf_counter() - t)
    print(json.dumps({"workload": "sinkhorn", "peer": "POT sinkhorn2 (" + method + ")",
                      "seconds": statistics.median(times), "cost": float(cost), "iterations": int(log["niter"])}))
"""


def importable(python, module):
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def startup(cmd, runs=11):
    """Median wall time of a process, after one warm-up run."""
    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        if i:
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def seconds(row):
    return row.get("us_per_epoch", 0) * 1e-6 if "us_per_epoch" in row else row.get("seconds")


def show_time(workload, s):
    if s is None:
        return "—"
    return f"{s * 1e6:.1f} µs/ep" if workload in ("W0", "W1") else f"{s * 1e3:.1f} ms"


def show_check(workload, row):
    if not row:
        return ""
    return ", ".join(f"{k} {row[k]:.10g}" for k in CHECKS[workload] if k in row)


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if not os.path.exists(NNS):
        sys.exit(f"compare.py: {NNS} not found; run 'make bench' (it builds the release binary first)")
    python = sys.executable or "python3"
    nns, peers = {}, []  # peers: (workload, name, row)
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, "initial.json")
        numpy_initial(init)
        for row in json_lines([NNS, "bench", which, "--json", "--initial", init]):
            nns[row["workload"]] = row
    peer_args = [] if which == "S" else [which]
    if which not in ("S", "SCM", "sinkhorn"):
        for row in json_lines([python, os.path.join(PEERS, "numpy_peer.py")] + peer_args):
            peers.append((row["workload"], "NumPy", row))
    has_jax = importable(python, "jax")
    if has_jax and which not in ("S", "SCM", "sinkhorn"):
        for row in json_lines([python, os.path.join(PEERS, "jax_peer.py")] + peer_args):
            peers.append((row["workload"], "JAX", row))
    if has_jax and which in ("S", "all"):
        peers.append(("S", "python -c 'import jax'", {"seconds": startup([python, "-c", "import jax"])}))
    nt_python = os.path.join(PEERS, ".venv-nt", "bin", "python")
    nt_python = nt_python if os.path.exists(nt_python) else python
    nt_note = None
    if which in ("W2", "all"):
        if importable(nt_python, "neural_tangents"):
            for row in json_lines([nt_python, os.path.join(PEERS, "neural_tangents_peer.py")]):
                if row.get("workload") == "W2" and "seconds" in row:
                    peers.append(("W2", row["peer"], row))
        else:
            nt_note = "neural-tangents: not installed (see the header of neural_tangents_peer.py)"
    if which in ("SCM", "all"):  # the Saad-Solla ODE peer lives in bench/ (SciPy's solve_ivp RK45)
        for row in json_lines([python, os.path.join(ROOT, "bench", "scm_peer.py")]):
            peers.append(("SCM", row.get("peer", "SciPy"), row))
    if which in ("sinkhorn", "all"):
        pot_python = POT_PYTHON if os.path.exists(POT_PYTHON) else python
        if importable(pot_python, "ot"):
            # NumPy's OpenBLAS threads spin against each other on a loaded machine (here 30× slower than
            # one thread), so POT runs both ways and the table shows both.
            one = dict(os.environ, OPENBLAS_NUM_THREADS="1")
            for env, tag in [(None, ""), (one, ", 1 thread")]:
                for row in json_lines([pot_python, "-c", POT_SCRIPT, json.dumps(SINKHORN)], env=env):
                    peers.append(("sinkhorn", row["peer"][:-1] + tag + ")", row))
        else:
            nt_note = (nt_note + "; " if nt_note else "") + "POT: not installed (see the header of bench/compare.py)"
    if not has_jax:
        nt_note = (nt_note + "; " if nt_note else "") + "JAX: not installed (pip install jax)"

    header = ["workload", "NNS", "peer", "peer time", "NNS/peer", "NNS check", "peer check"]
    table = []
    for w in ORDER:
        if w not in nns:
            continue
        mine = seconds(nns[w])
        rows = [(n, r) for pw, n, r in peers if pw == w] or [("—", {})]
        for i, (name, row) in enumerate(rows):
            theirs = seconds(row) if row else None
            ratio = f"{mine / theirs:.3f}" if theirs else "—"
            table.append([w if i == 0 else "", show_time(w, mine) if i == 0 else "", name, show_time(w, theirs),
                          ratio, show_check(w, nns[w]) if i == 0 else "", show_check(w, row)])
    widths = [max(len(r[c]) for r in [header] + table) for c in range(len(header))]
    line = lambda r: "  ".join(v.ljust(widths[c]) for c, v in enumerate(r)).rstrip()
    print(line(header))
    print("  ".join("-" * n for n in widths))
    for r in table:
        print(line(r))
    if nt_note:
        print(nt_note)
    print("NNS starts from the NumPy peer's weights (checks agree with NumPy); JAX draws its own.")


if __name__ == "__main__":
    main()
