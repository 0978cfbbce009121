#!/usr/bin/env python3
"""Runs NNS's benchmark workloads beside the peers (NumPy, JAX, neural-tangents, SciPy, POT) and prints one table.

Builds nothing: `make bench` builds the release binary first. Peers are found in $NNS_PEERS, else in
../shared/peers next to the repository. NNS starts from the NumPy peer's initial weights (and W2 inputs),
so the NNS and NumPy check values agree to rounding; JAX draws its own weights for W0–W3, so only its
times compare there. The issue-16 workloads (C, H64, H256) hand NNS and JAX the same weights and data.

On a CPU with AVX-512, W0, W1, C, H64 and H256 also run NNS with OpenBLAS's AVX-512 (SkylakeX) kernels, as
a second NNS row: NNS's default Haswell kernels give the same bits on every x86-64 machine with AVX2 and
FMA, while the peers' BLAS and XLA use AVX-512 there (docs/benchmarks.md, "Session 7").

Contenders run interleaved: each of R rounds (--rounds, default 5) runs every contender of every chosen
workload once, in an order rotated from round to round, so that a change of the machine's load hits all
of them alike. Each cell shows min and median over the rounds; ratios are NNS/peer of the medians (and of
the mins). The targets of issue 16 are marked met/missed on the medians. `uptime` is printed before and
after: the machine is shared, so read the ratios, not the times.

JAX, SciPy and NumPy for the JAX peers come from bench/.venv when it exists (`python3 -m venv bench/.venv
&& bench/.venv/bin/pip install jax scipy numpy`), else from the python running this script.

The sinkhorn workload (1 000 × 1 000 points, ε 0.05, tolerance 1e-9 on the marginal error) runs against
POT's `ot.sinkhorn2` (its default standard-domain method, and its `sinkhorn_log`), with the same
points, ε, stopThr and numItermax. POT is used only here: `python3 -m venv --system-site-packages
bench/.venv-pot && bench/.venv-pot/bin/pip install pot` (or any python with `import ot`).

Usage: python3 bench/compare.py [W0|W1|W2|W3|S|SCM|sinkhorn|C|H64|H256|scaling|all] [--rounds R]
"""
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.environ.get("NNS_PEERS") or os.path.join(ROOT, "..", "shared", "peers")
NNS = os.path.join(ROOT, ".build", "release", "nns")
ORDER = ["W0", "W1", "W2", "W3", "S", "SCM", "sinkhorn", "C", "H64", "H256", "scaling"]
CHECKS = {"W0": ["final_loss"], "W1": ["final_loss"], "W2": ["trace"], "W3": ["lambda_max", "mean"], "S": [],
          "SCM": ["final_error", "steps"], "sinkhorn": ["cost", "iterations"], "C": ["loss_1", "final_loss"],
          "H64": ["top1", "top5", "hvps"], "H256": ["top1", "top5", "hvps"]}
# Issue 16's targets: (workload, peer, bound on NNS/peer of the medians). S is absolute (seconds), and
# each scaling row's bound is on probe time / BLAS-LAPACK time.
TARGETS = [("W0", "JAX", 0.5), ("W1", "JAX", 0.8), ("C", "JAX", 0.5), ("H64", "JAX Lanczos+Hutchinson", 0.5),
           ("H256", "JAX Lanczos+Hutchinson", 0.5), ("W2", "NumPy", 0.5), ("W3", "NumPy", 0.5),
           ("W2", "JAX", 1 / 20), ("W3", "JAX", 1 / 20)]
S_TARGET = 0.010
BLAS_TARGET = 1.3
VENV_PYTHON = os.path.join(ROOT, "bench", ".venv", "bin", "python")


def machine_kernels():
    """OpenBLAS's AVX-512 kernels when this CPU has what they use, else None. NNS runs the Haswell (AVX2)
    kernels on every x86-64 CPU with AVX2 and FMA, for the same bits everywhere (docs/conventions.md,
    "Reproducibility"); a user who sets OPENBLAS_CORETYPE opts out. On an AVX-512 machine the peers' own
    BLAS and XLA use AVX-512, so the issue-16 workloads also run with OPENBLAS_CORETYPE=SkylakeX, as a
    second NNS row: what the opt-out buys on this machine."""
    try:
        flags = set(open("/proc/cpuinfo").read().split())
    except OSError:
        return None
    return "SkylakeX" if {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"} <= flags else None


MACHINE_KERNELS = machine_kernels()
MACHINE_NNS = f"NNS {MACHINE_KERNELS} kernels"
MACHINE_KERNEL_WORKLOADS = ("W0", "W1", "C", "H64", "H256")
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


def complex_initial(widths, rng):
    """Complex weights w[(u·m + o)·2 + i] with re, im ~ N(0, 1/(2 fan_in)), then zero biases b[o·2 + c]."""
    out = []
    for a, b in zip(widths[:-1], widths[1:]):
        out += [float(v) for v in rng.standard_normal(2 * a * b) / (2 * a) ** 0.5] + [0.0] * (2 * b)
    return out


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
        # issue 16: the complex net (re and im parts N(0, 1/(2 fan_in)), biases 0, NNS's interleaved layout),
        # the Hessian nets (N(0, 1/fan_in)) on the W2 inputs with targets sin(2 x0).
        "C": complex_initial([1, 64, 64, 1], np.random.default_rng(4)),
        "H64": flat(numpy_peer.init([10, 64, 64, 1], np.random.default_rng(5))),
        "H256": flat(numpy_peer.init([10, 256, 256, 1], np.random.default_rng(6))),
        "Hx": [float(v) for v in x.ravel()],
        "Hy": [float(v) for v in np.sin(2 * x[:, 0])],
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


def spawn_time(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


FLOOR_C = "int main(void) { return 0; }\n"


def startup_floor(tmp):
    """A C program that does nothing, linked with the libraries nns names (NEEDED; they bring the rest, as
    for nns): the start-up floor of the dynamic loader and those libraries' initialisers. None without cc."""
    paths = dict(l.split()[0:3:2] for l in subprocess.run(["ldd", NNS], capture_output=True, text=True)
                 .stdout.splitlines() if "=>" in l and len(l.split()) >= 3)
    dyn = subprocess.run(["readelf", "-d", NNS], capture_output=True, text=True).stdout
    needed = [l.split("[")[1].split("]")[0] for l in dyn.splitlines() if "(NEEDED)" in l]
    src, exe = os.path.join(tmp, "floor.c"), os.path.join(tmp, "floor")
    with open(src, "w") as f:
        f.write(FLOOR_C)
    libs = [paths[n] for n in needed if n in paths]
    cc = subprocess.run(["cc", "-O2", src, "-o", exe, "-Wl,--no-as-needed"] + libs, capture_output=True)
    return exe if cc.returncode == 0 else None


def startup_round(contenders, spawns=10):
    """Wall times of `spawns` runs of each contender, interleaved run by run; returns the median per contender."""
    times = {name: [] for name in contenders}
    for _ in range(spawns):
        for name, cmd in contenders.items():
            times[name].append(spawn_time(cmd))
    return {name: statistics.median(v) for name, v in times.items()}


def seconds(row):
    return row.get("us_per_epoch", 0) * 1e-6 if "us_per_epoch" in row else row.get("seconds")


def show_time(workload, s):
    if s is None:
        return "—"
    return f"{s * 1e6:.1f} µs/ep" if workload in ("W0", "W1", "C") else f"{s * 1e3:.1f} ms"


def show_check(workload, row):
    if not row:
        return ""
    return ", ".join(f"{k} {row[k]:.10g}" for k in CHECKS[workload] if k in row)


def contenders(which, tmp, init, python, jax_python):
    """(workload, contender name, function returning its rows) for one round."""
    out = []
    chosen = ORDER if which == "all" else [which]
    nt_python = os.path.join(PEERS, ".venv-nt", "bin", "python")
    nt_python = nt_python if os.path.exists(nt_python) else python
    pot_python = POT_PYTHON if os.path.exists(POT_PYTHON) else python
    has = {"jax": importable(jax_python, "jax"), "nt": importable(nt_python, "neural_tangents"),
           "ot": importable(pot_python, "ot")}
    nns = lambda w, env=None: (lambda: json_lines([NNS, "bench", w, "--json", "--initial", init], env=env))
    tagged = lambda name, cmd, env=None: (lambda: [dict(r, peer=r.get("peer", name)) for r in json_lines(cmd, env=env)])
    for w in chosen:
        if w == "S":
            continue  # start-up is measured apart (startup_round), spawn by spawn
        out.append((w, "NNS", nns(w)))
        if w in MACHINE_KERNEL_WORKLOADS and MACHINE_KERNELS:
            out.append((w, MACHINE_NNS, nns(w, dict(os.environ, OPENBLAS_CORETYPE=MACHINE_KERNELS))))
        if w in ("W0", "W1", "W2", "W3"):
            out.append((w, "NumPy", tagged("NumPy", [python, os.path.join(PEERS, "numpy_peer.py"), w])))
            if has["jax"]:
                out.append((w, "JAX", tagged("JAX", [jax_python, os.path.join(PEERS, "jax_peer.py"), w])))
        if w == "W2" and has["nt"]:
            out.append((w, "neural-tangents", tagged("neural-tangents",
                                                     [nt_python, os.path.join(PEERS, "neural_tangents_peer.py")])))
        if w == "SCM":
            out.append((w, "SciPy", tagged("SciPy", [python, os.path.join(ROOT, "bench", "scm_peer.py")])))
        if w == "sinkhorn" and has["ot"]:
            # NumPy's OpenBLAS threads spin against each other on a loaded machine (here 30× slower than
            # one thread), so POT runs both ways and the table shows both.
            one = dict(os.environ, OPENBLAS_NUM_THREADS="1")
            for env, tag in [(None, ""), (one, ", 1 thread")]:
                def pot(env=env, tag=tag):
                    return [dict(r, peer=r["peer"][:-1] + tag + ")")
                            for r in json_lines([pot_python, "-c", POT_SCRIPT, json.dumps(SINKHORN)], env=env)]
                out.append((w, "POT" + tag, pot))
        if w in ("C", "H64", "H256") and has["jax"]:
            out.append((w, "JAX", tagged("JAX", [jax_python, os.path.join(ROOT, "bench", "jax_issue16_peer.py"), w,
                                                 init])))
    notes = []
    if not has["jax"]:
        notes.append("JAX: not installed (see the header of bench/compare.py)")
    if which in ("W2", "all") and not has["nt"]:
        notes.append("neural-tangents: not installed (see the header of neural_tangents_peer.py)")
    if which in ("sinkhorn", "all") and not has["ot"]:
        notes.append("POT: not installed (see the header of bench/compare.py)")
    return out, notes


def stats(values):
    return (min(values), statistics.median(values)) if values else (None, None)


def show_pair(workload, pair):
    lo, mid = pair
    return "—" if lo is None else f"{show_time(workload, lo)} / {show_time(workload, mid)}"


def fit_exponent(xs, ys):
    """Least-squares slope of log y on log x."""
    lx = [math.log(v) for v in xs]
    ly = [math.log(v) for v in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((a - mx) ** 2 for a in lx)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sxx if sxx > 0 else float("nan")


def print_table(header, rows):
    widths = [max(len(r[c]) for r in [header] + rows) for c in range(len(header))]
    line = lambda r: "  ".join(v.ljust(widths[c]) for c, v in enumerate(r)).rstrip()
    print(line(header))
    print("  ".join("-" * n for n in widths))
    for r in rows:
        print(line(r))


def main():
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    which = args[0] if args else "all"
    if which != "all" and which not in ORDER:
        sys.exit(f"compare.py: unknown workload '{which}': expected one of {', '.join(ORDER)} or all")
    if rounds < 1:
        sys.exit("compare.py: --rounds must be at least 1")
    if not os.path.exists(NNS):
        sys.exit(f"compare.py: {NNS} not found; run 'make bench' (it builds the release binary first)")
    python = sys.executable or "python3"
    jax_python = VENV_PYTHON if os.path.exists(VENV_PYTHON) else python
    print("before: " + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    times = {}  # (workload, peer) -> [seconds per round]
    last = {}  # (workload, peer) -> last row (check values)
    scaling = {}  # (probe, n, width) -> ([seconds], [blas seconds])
    startup = {}
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, "initial.json")
        numpy_initial(init)
        plan, notes = contenders(which, tmp, init, python, jax_python)
        s_cmds = {}
        if which in ("S", "all"):
            script = os.path.join(tmp, "one.nns")
            with open(script, "w") as f:
                f.write("print 1\n")
            s_cmds = {"nns run (print 1)": [NNS, "run", script], "nns --version": [NNS, "--version"]}
            floor = startup_floor(tmp)
            if floor:
                s_cmds["C floor (same libraries)"] = [floor]
            else:
                notes.append("start-up floor: no C compiler (cc)")
        for r in range(rounds):
            shift = r % max(1, len(plan))
            for w, name, run in plan[shift:] + plan[:shift]:
                for row in run():
                    if "workload" not in row or "seconds" not in row:
                        continue
                    if w == "scaling":
                        key = (row["probe"], int(row["n"]), int(row["width"]))
                        t, b = scaling.setdefault(key, ([], []))
                        t.append(row["seconds"])
                        b.append(row["blas_seconds"])
                        continue
                    peer = row.get("peer", name)
                    times.setdefault((row["workload"], peer), []).append(seconds(row))
                    last[(row["workload"], peer)] = row
            if s_cmds:
                for name, t in startup_round(s_cmds).items():
                    startup.setdefault(name, []).append(t)
            print(f"round {r + 1}/{rounds} done", file=sys.stderr, flush=True)
        if which in ("S", "all") and importable(jax_python, "jax"):
            # Two seconds a run: five runs after the rounds, not interleaved.
            startup["python -c 'import jax'"] = [spawn_time([jax_python, "-c", "import jax"]) for _ in range(5)]
    print("after:  " + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"{rounds} rounds, contenders interleaved; each cell: min / median over the rounds\n")

    header = ["workload", "NNS min / median", "peer", "peer min / median", "NNS/peer median (min)", "NNS check",
              "peer check"]
    table = []
    ratios = {}
    variants = ["NNS", MACHINE_NNS]
    for w in ORDER:
        if (w, "NNS") not in times:
            continue
        peers = [p for (pw, p) in times if pw == w and p not in variants] or ["—"]
        for v in variants:
            if (w, v) not in times:
                continue
            mine = stats(times[(w, v)])
            label = w if v == "NNS" else f"  {MACHINE_KERNELS} kernels"
            for i, p in enumerate(peers):
                theirs = stats(times.get((w, p), []))
                ratio = "—"
                if theirs[0]:
                    ratios[(w, v, p)] = (mine[1] / theirs[1], mine[0] / theirs[0])
                    ratio = f"{mine[1] / theirs[1]:.3f} ({mine[0] / theirs[0]:.3f})"
                table.append([label if i == 0 else "", show_pair(w, mine) if i == 0 else "", p, show_pair(w, theirs),
                              ratio, show_check(w, last[(w, v)]) if i == 0 else "",
                              show_check(w, last.get((w, p), {}))])
    if table:
        print_table(header, table)
    for n in notes:
        print(n)
    if table:
        print("W0–W3: NNS starts from the NumPy peer's weights (checks agree with NumPy); JAX draws its own. "
              "C, H64, H256: NNS and JAX start from the same weights and data.")
        if any(v == MACHINE_NNS for (_, v) in times):
            print(f"{MACHINE_KERNELS} kernels: the same binary with OPENBLAS_CORETYPE={MACHINE_KERNELS} (AVX-512), the "
                  "opt-out of NNS's Haswell kernels (docs/conventions.md, \"Reproducibility\"); its checks may differ "
                  "from the default's in the last bits, which long training runs grow.")

    if startup:
        print("\nstart-up (wall per spawn; median of 10 spawns per round, then min / median over the rounds)")
        rows = [[name, f"{min(v) * 1e3:.2f} / {statistics.median(v) * 1e3:.2f} ms"] for name, v in startup.items()]
        print_table(["command", "min / median"], rows)

    verdicts = []
    if scaling:
        print("\nscaling: ntkGram and fisherSpectrum of 10-w-w-1 ReLU nets on N Gaussian inputs, median over the"
              " rounds;\nBLAS = the GEMM/dsyrk (and dsyevd) calls of the probe on the same shapes, timed alone")
        rows = []
        for (probe, n, width), (t, b) in sorted(scaling.items()):
            tm, bm = statistics.median(t), statistics.median(b)
            rows.append([probe, str(n), str(width), f"{tm * 1e3:.1f} ms", f"{bm * 1e3:.1f} ms", f"{tm / bm:.2f}"])
            verdicts.append((f"scaling {probe} N={n} w={width}", "probe / BLAS", tm / bm, BLAS_TARGET))
        print_table(["probe", "N", "width", "probe", "BLAS", "probe/BLAS"], rows)
        for probe in ("ntk", "fisher"):
            for axis, fixed in (("n", 512), ("width", 500)):
                pts = [(k[1] if axis == "n" else k[2], statistics.median(v[0]), statistics.median(v[1]))
                       for k, v in scaling.items() if k[0] == probe and (k[2] if axis == "n" else k[1]) == fixed]
                if len(pts) >= 2:
                    xs = [p[0] for p in pts]
                    print(f"{probe}: time ∝ {axis}^{fit_exponent(xs, [p[1] for p in pts]):.2f} "
                          f"(BLAS alone ∝ {axis}^{fit_exponent(xs, [p[2] for p in pts]):.2f}) at "
                          f"{'width' if axis == 'n' else 'N'} = {fixed}")

    for w, p, bound in TARGETS:
        for v in variants:
            if (w, v, p) in ratios:
                name = w if v == "NNS" else f"{w} ({MACHINE_KERNELS} kernels)"
                verdicts.append((name, "NNS/" + p, ratios[(w, v, p)][0], bound))
    if "nns run (print 1)" in startup:
        verdicts.append(("S", "nns run of one line (s)", statistics.median(startup["nns run (print 1)"]), S_TARGET))
    if verdicts:
        print("\ntargets (issue 16), on the medians")
        rows = [[w, what, f"{v:.3g}", f"≤ {bound:.3g}", "met" if v <= bound else "missed"]
                for w, what, v, bound in verdicts]
        print_table(["workload", "measure", "value", "target", ""], rows)


if __name__ == "__main__":
    main()
