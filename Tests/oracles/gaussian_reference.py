#!/usr/bin/env python3
"""Independent reference for NNS's Gaussian expectations (Sources/Engine/Probes/GaussianIntegrals.swift).

For (u, v) ~ N(0, [[a, c], [c, b]]), c = rho sqrt(ab), it prints E[phi(u) phi(v)] and E[phi'(u) phi'(v)].

- |rho| = 1 and rho = 0 are exact 1-D integrals (of phi(u) phi(+-sqrt(b/a) u), or a product of two):
  mpmath tanh-sinh quadrature at mp.dps = 30, split at 0, +-1, +-2, +-4, +-8 and at +-2^j / sqrt(q)
  (where the activation bends and saturates), on [-12, 12] (normal tail mass < 1e-32).
- Other rho: nested 1-D integrals over standard normals, u = sqrt(a) z1, v = l21 z1 + l22 z2 (the
  Cholesky factor), each a composite Gauss-Legendre rule (numpy, float64) on the same kind of panels
  (the inner ones around z2* = -l21 z1 / l22 on the length 1/l22), computed twice -- 24 and 48 points a
  panel -- and required to agree to 1e-14 of sqrt(E phi(u)^2 E phi(v)^2).  A tanh-sinh nested 2-D
  integral in mpmath took 10 minutes per entry; `--check` compares three 2-D entries with it (they
  agreed to 5e-16: tanh q=1 rho=0.5, softplus q=4 rho=-0.9, gelu q=9 rho=0.99).
- sin at q > 25 oscillates hundreds of times over the domain: there the entry is the closed form
  e^{-(a+b)/2} sinh(c) (cosh(c) for the derivative), marked "closed".

Usage:  python3 Tests/oracles/gaussian_reference.py > Tests/EngineTests/GaussianReference.swift
(needs numpy, scipy and mpmath; a few minutes on one core).
"""
import sys
import math
import numpy as np
import mpmath as mp
from scipy.special import erf as np_erf, expit

mp.mp.dps = 30
np.seterr(over="ignore")  # cosh overflows to inf far out, where sech^2 = 1/inf = 0 is right
L = 12.0

def np_ncdf(x):
    return 0.5 * (1 + np_erf(x / math.sqrt(2)))

# name: (numpy phi, numpy phi', mpmath phi, mpmath phi')
ACTS = {
    "tanh": (np.tanh, lambda x: 1 / np.cosh(x) ** 2, mp.tanh, lambda x: 1 / mp.cosh(x) ** 2),
    "sigmoid": (expit, lambda x: expit(x) * expit(-x),
                lambda x: 1 / (1 + mp.exp(-x)), lambda x: 1 / ((1 + mp.exp(-x)) * (1 + mp.exp(x)))),
    "softplus": (lambda x: np.logaddexp(0, x), expit, lambda x: mp.log(1 + mp.exp(x)), lambda x: 1 / (1 + mp.exp(-x))),
    "gelu": (lambda x: x * np_ncdf(x), lambda x: np_ncdf(x) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi),
             lambda x: x * mp.ncdf(x), lambda x: mp.ncdf(x) + x * mp.npdf(x)),
    "erf": (np_erf, lambda x: 2 / math.sqrt(math.pi) * np.exp(-x * x),
            mp.erf, lambda x: 2 / mp.sqrt(mp.pi) * mp.exp(-x * x)),
    "sin": (np.sin, np.cos, mp.sin, mp.cos),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float),
             lambda x: x if x > 0 else mp.mpf(0), lambda x: mp.mpf(1) if x > 0 else mp.mpf(0)),
}

def breaks(center, scale):
    """[-L, L] split at 0, +-1, +-2, +-4, +-8 and at center + t/scale, t in 0, +-2^j (j = -3..6)."""
    pts = {-L, L, 0.0, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0, 8.0, -8.0}
    if scale > 0:
        pts.add(center)
        for j in range(-3, 7):
            pts.add(center + 2.0 ** j / scale)
            pts.add(center - 2.0 ** j / scale)
    return sorted(p for p in pts if -L <= p <= L)

# ---------- 1-D: mpmath at 30 digits ----------

def mp_gauss1(f, scale):
    g = lambda z: f(z) * mp.exp(-z * z / 2)
    pts = [mp.mpf(p) for p in breaks(0.0, scale)]
    return mp.quad(g, pts) / mp.sqrt(2 * mp.pi)

def mp_expectation(f, a, b, rho):
    a, b = mp.mpf(a), mp.mpf(b)
    sa, sb = mp.sqrt(a), mp.sqrt(b)
    if rho == 0:
        return mp_gauss1(lambda z: f(sa * z), float(sa)) * mp_gauss1(lambda z: f(sb * z), float(sb))
    s = 1 if rho > 0 else -1
    return mp_gauss1(lambda z: f(sa * z) * f(s * sb * z), float(max(sa, sb)))

# ---------- 2-D: nested composite Gauss-Legendre in float64 ----------

def panels(pts, n):
    x, w = np.polynomial.legendre.leggauss(n)
    pts = np.asarray(pts)
    lo, hi = pts[:-1, None], pts[1:, None]
    half = (hi - lo) / 2
    return ((lo + hi) / 2 + half * x).ravel(), (half * w).ravel()

def gl_expectation(f, a, b, rho, n):
    sa = math.sqrt(a)
    l21 = rho * math.sqrt(b)
    l22 = math.sqrt(b) * math.sqrt((1 - rho) * (1 + rho))
    z1, w1 = panels(breaks(0.0, max(sa, abs(l21) / max(1.0, l22))), n)
    # Inner panels for every outer node at once: the fixed points and center + t/l22, clipped to
    # [-L, L] (a clipped point makes an empty panel, which weighs nothing), sorted per row.
    center = -l21 * z1 / l22
    fixed = np.array([-L, L, 0.0, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0, 8.0, -8.0])
    offsets = np.concatenate([[0.0], [s * 2.0 ** j / l22 for j in range(-3, 7) for s in (1, -1)]])
    pts = np.concatenate([np.broadcast_to(fixed, (len(z1), len(fixed))), center[:, None] + offsets], axis=1)
    pts = np.sort(np.clip(pts, -L, L), axis=1)
    x, w = np.polynomial.legendre.leggauss(n)
    lo, hi = pts[:, :-1, None], pts[:, 1:, None]
    half = (hi - lo) / 2
    z2 = ((lo + hi) / 2 + half * x).reshape(len(z1), -1)
    w2 = (half * w).reshape(len(z1), -1)
    inner = np.sum(w2 * np.exp(-z2 * z2 / 2) * f(l21 * z1[:, None] + l22 * z2), axis=1)
    return np.sum(w1 * np.exp(-z1 * z1 / 2) * f(sa * z1) * inner) / (2 * math.pi)

def rms(f, q):
    x, w = panels(breaks(0.0, math.sqrt(q)), 48)
    return math.sqrt(np.sum(w * np.exp(-x * x / 2) * f(math.sqrt(q) * x) ** 2) / math.sqrt(2 * math.pi))

def nested(f, a, b, rho):
    coarse = gl_expectation(f, a, b, rho, 24)
    fine = gl_expectation(f, a, b, rho, 48)
    scale = rms(f, a) * rms(f, b)
    assert abs(fine - coarse) <= 1e-14 * scale, (a, b, rho, fine, coarse, scale)
    return fine

QS = ["0.01", "0.1", "1", "2.25", "4", "9", "25", "100", "1e3", "1e4"]
RHOS = ["-1", "-0.9", "-0.3", "0", "0.5", "0.99", "1"]
# A few unequal variances exercise the asymmetric Cholesky path.
EXTRA = [("0.5", "4"), ("9", "0.25"), ("25", "1e3")]
EXTRA_RHOS = ["-0.9", "0.5", "0.99"]

def cases():
    for name in ACTS:
        for q in QS:
            for r in RHOS:
                yield name, q, q, r
        for a, b in EXTRA:
            for r in EXTRA_RHOS:
                yield name, a, b, r

def compute(case):
    name, a, b, r = case
    nphi, ndphi, mphi, mdphi = ACTS[name]
    af, bf, rf = float(a), float(b), float(r)
    if name == "sin" and max(af, bf) > 25:
        am, bm = mp.mpf(a), mp.mpf(b)
        c = mp.mpf(r) * mp.sqrt(am * bm)
        e = mp.exp(-(am + bm) / 2)
        return name, a, b, r, mp.nstr(e * mp.sinh(c), 17), mp.nstr(e * mp.cosh(c), 17), "closed"
    if rf in (-1.0, 0.0, 1.0):
        return (name, a, b, r, mp.nstr(mp_expectation(mphi, a, b, rf), 17),
                mp.nstr(mp_expectation(mdphi, a, b, rf), 17), "mpmath")
    return name, a, b, r, repr(float(nested(nphi, af, bf, rf))), repr(float(nested(ndphi, af, bf, rf))), "gl"

def check():
    """A few 2-D entries against nested mpmath tanh-sinh quadrature (slow)."""
    mp.mp.dps = 20
    for name, a, rho in [("tanh", 1.0, 0.5), ("softplus", 4.0, -0.9), ("gelu", 9.0, 0.99)]:
        f = ACTS[name][2]
        sa, l21, l22 = mp.sqrt(a), rho * mp.sqrt(a), mp.sqrt(a * (1 - rho * rho))
        g = lambda z1: f(sa * z1) * mp.quad(lambda z2: f(l21 * z1 + l22 * z2) * mp.exp(-z2 * z2 / 2), [-L, -l21 * z1 / l22, L])
        ref = mp.quad(lambda z1: g(z1) * mp.exp(-z1 * z1 / 2), [-L, 0, L]) / (2 * mp.pi)
        print(name, a, rho, ref, nested(ACTS[name][0], a, a, rho))

if __name__ == "__main__":
    if "--check" in sys.argv:
        check()
        sys.exit(0)
    rows = [compute(c) for c in cases()]
    print("// Generated by `python3 Tests/oracles/gaussian_reference.py > Tests/EngineTests/GaussianReference.swift`")
    print("// (numpy %s, mpmath %s); see the script for the method. Do not edit by hand." % (np.__version__, mp.__version__))
    print("")
    print("/// (activation, a, b, ρ, E[φ(u)φ(v)], E[φ′(u)φ′(v)], source) for (u, v) ~ N(0, [[a, c], [c, b]]), c = ρ√(ab);")
    print("/// source: mpmath (1-D, 30 digits), gl (nested Gauss–Legendre, checked to 1e-14), closed (sin's closed form).")
    print("let gaussianReference: [(String, Double, Double, Double, Double, Double, String)] = [")
    for name, a, b, r, e1, e2, how in rows:
        print('  ("%s", %s, %s, %s, %s, %s, "%s"),' % (name, a, b, r, e1, e2, how))
    print("]")
