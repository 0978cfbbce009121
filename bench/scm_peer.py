#!/usr/bin/env python3
"""SCM peer: the Saad-Solla ODEs for K = M = 10 soft committee machines with g(x) = erf(x/sqrt 2), integrated by
scipy.integrate.solve_ivp(method="RK45") (Dormand-Prince 5(4), the method of NNS's scm_theory) with rtol 1e-8,
atol 1e-10 from the start of `nns bench SCM` (Q = I/4, R_in = 0.01 sin(1 + i + 3n), T = I, eta = 0.5) to
alpha = 300. The right-hand side is vectorised NumPy (I3 and I4 as broadcast arrays). Prints one JSON line.
"""
import json
import statistics
import time

import numpy as np
from scipy.integrate import solve_ivp

K = M = 10
ETA = 0.5


def split(y):
    return y[: K * K].reshape(K, K), y[K * K :].reshape(K, M)


def rhs(_, y):
    q, r = split(y)
    c = np.block([[q, r], [r.T, np.eye(M)]])  # g = erf(x/sqrt 2): Saad & Solla's closed forms directly
    a = np.concatenate([np.ones(K), -np.ones(M)])
    d = 1 + np.diag(c)
    ci = c[:K]  # C_ib
    # I3(i, b, p) = 2/pi (C_bp (1 + C_ii) - C_ib C_ip) / ((1 + C_ii) sqrt(L3(i, p)))
    l3 = d[:K, None] * d[None, :] - ci**2
    i3 = 2 / np.pi * (c[None, :, :] * d[:K, None, None] - ci[:, :, None] * ci[:, None, :]) / (
        d[:K, None, None] * np.sqrt(l3)[:, None, :])
    dsum = i3 @ a  # (K, P)
    dr = -ETA * dsum[:, K:]
    dq = -ETA * (dsum[:, :K] + dsum[:, :K].T)
    # I4(i, k, p, q) for all i, k (K x K) and p, q (P x P).
    c11 = d[:K, None]
    c22 = d[None, :K]
    c12 = ci[:, :K]
    l4 = c11 * c22 - c12**2
    c1p = ci[:, None, :]  # C_ip as (i, 1, p)
    c2p = ci[None, :, :]  # C_kp as (1, k, p)
    lam = (l4[:, :, None] * d[None, None, :] - c2p**2 * c11[:, :, None] - c1p**2 * c22[:, :, None]
           + 2 * c12[:, :, None] * c1p * c2p)
    l0 = (l4[:, :, None, None] * c[None, None, :, :]
          - c2p[:, :, :, None] * c2p[:, :, None, :] * c11[:, :, None, None]
          - c1p[:, :, :, None] * c1p[:, :, None, :] * c22[:, :, None, None]
          + c12[:, :, None, None] * (c1p[:, :, :, None] * c2p[:, :, None, :] + c1p[:, :, None, :] * c2p[:, :, :, None]))
    arg = np.clip(l0 / np.sqrt(lam[:, :, :, None] * lam[:, :, None, :]), -1, 1)
    i4 = 4 / np.pi**2 / np.sqrt(l4) * np.einsum("ikpq,p,q->ik", np.arcsin(arg), a, a)
    dq = dq + ETA**2 * i4
    return np.concatenate([dq.ravel(), dr.ravel()])


def error(y):
    q, r = split(y)
    c = np.block([[q, r], [r.T, np.eye(M)]])
    a = np.concatenate([np.ones(K), -np.ones(M)])
    d = 1 + np.diag(c)
    return float(a @ (2 / np.pi * np.arcsin(c / np.sqrt(np.outer(d, d)))) @ a)


def main():
    q = np.eye(K) / 4
    r = np.array([[0.01 * np.sin(1 + i + 3 * n) for n in range(M)] for i in range(K)])
    y0 = np.concatenate([q.ravel(), r.ravel()])
    times, sol = [], None
    for _ in range(3):
        t = time.perf_counter()
        sol = solve_ivp(rhs, (0, 300), y0, method="RK45", rtol=1e-8, atol=1e-10)
        times.append(time.perf_counter() - t)
    print(json.dumps({"workload": "SCM", "peer": "SciPy solve_ivp RK45", "seconds": statistics.median(times),
                      "final_error": error(sol.y[:, -1]), "steps": int(sol.t.size - 1)}))


if __name__ == "__main__":
    main()
