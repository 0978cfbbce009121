#!/usr/bin/env python3
"""JAX peers of the issue-16 workloads of `nns bench` (see docs/benchmarks.md), float64 on the CPU.

  C     full-batch GD on a complex 1-64-64-1 net, split tanh, real-part readout, MSE, lr 0.1, 1 000
        epochs, on the peers' 1 000-point spiral read as complex inputs x0 + i·x1 (labels 1 and 0).
        Parameters are complex128; the update is θ ← θ − lr·conj(jax.grad(L)(θ)), which for a real loss
        of complex parameters is gradient descent on the real and imaginary parts (checked below).
  H64, H256
        Hessian of the MSE of a 10-w-w-1 tanh net (w = 64, 256) on the W2 inputs (N = 500) with targets
        sin(2·x0): the top-5 eigenvalues by 40 Lanczos steps with full re-orthogonalisation (twice) and a
        30-probe Hutchinson trace — the algorithm of NNS's `hessian` probe — on jitted HVPs
        (`jax.jvp` of `jax.grad`); and `scipy.sparse.linalg.eigsh(k=5, which="LA")` on a LinearOperator
        of the same jitted HVP.

Weights and data come from the JSON file that bench/compare.py also hands `nns bench --initial`, so the
check values agree with NNS's. Usage: python jax_issue16_peer.py C|H64|H256 initial.json
Prints one JSON object per contender.
"""
import json
import sys
import time

import numpy as np
import jax
import jax.numpy as jnp
from jax.flatten_util import ravel_pytree

jax.config.update("jax_enable_x64", True)


def complex_params(flat, widths):
    """NNS's layout per complex dense layer: w[(u·m + o)·2 + i] (re, im), then b[o·2 + c]."""
    params, at = [], 0
    for n, m in zip(widths[:-1], widths[1:]):
        w = np.asarray(flat[at:at + 2 * n * m]).reshape(n, m, 2)
        at += 2 * n * m
        b = np.asarray(flat[at:at + 2 * m]).reshape(m, 2)
        at += 2 * m
        params.append((jnp.asarray(w[..., 0] + 1j * w[..., 1]), jnp.asarray(b[:, 0] + 1j * b[:, 1])))
    assert at == len(flat), "parameter count mismatch"
    return params


def split_tanh(z):
    return jnp.tanh(z.real) + 1j * jnp.tanh(z.imag)


def complex_mlp(params, z):
    for w, b in params[:-1]:
        z = split_tanh(z @ w + b)
    w, b = params[-1]
    return (z @ w + b).real


def spiral(n):
    m = n // 2
    t = np.linspace(0.0, 1.0, m)
    th = 2 * np.pi * 3.0 * t
    a = np.stack([t * np.cos(th), t * np.sin(th)], 1)
    return np.concatenate([a, -a]), np.concatenate([np.ones(m), np.zeros(m)])[:, None]


def workload_c(init):
    widths, epochs, lr = [1, 64, 64, 1], 1000, 0.1
    x, y = spiral(1000)
    z = jnp.asarray(x[:, :1] + 1j * x[:, 1:])
    y = jnp.asarray(y)
    params = complex_params(init["C"], widths)
    loss = lambda p: jnp.mean((complex_mlp(p, z) - y) ** 2)

    # The convention check: JAX's grad of a real function of complex θ is ∂L/∂Re θ − i ∂L/∂Im θ.
    w0 = params[0][0]
    e = 1e-6
    bump = lambda d: [(w0.at[0, 0].add(d), params[0][1])] + params[1:]
    dre = (loss(bump(e)) - loss(bump(-e))) / (2 * e)
    dim = (loss(bump(1j * e)) - loss(bump(-1j * e))) / (2 * e)
    g = jax.grad(loss)(params)[0][0][0, 0]
    assert abs(g - (dre - 1j * dim)) < 1e-6 * (1 + abs(g)), (g, dre, dim)

    @jax.jit
    def step(p):
        g = jax.grad(loss)(p)
        return jax.tree_util.tree_map(lambda a, b: a - lr * jnp.conj(b), p, g)

    loss_1 = float(loss(jax.block_until_ready(step(params))))  # compiles outside the timing
    t = time.perf_counter()
    for _ in range(epochs):
        params = step(params)
    jax.block_until_ready(params)
    dt = time.perf_counter() - t
    return [{"workload": "C", "peer": "JAX", "seconds": dt, "us_per_epoch": dt / epochs * 1e6,
             "final_loss": float(loss(params)), "loss_1": loss_1}]


def real_params(flat, widths):
    params, at = [], 0
    for n, m in zip(widths[:-1], widths[1:]):
        w = jnp.asarray(np.asarray(flat[at:at + n * m]).reshape(n, m))
        at += n * m
        b = jnp.asarray(np.asarray(flat[at:at + m]))
        at += m
        params.append((w, b))
    assert at == len(flat), "parameter count mismatch"
    return params


def lanczos(hvp, p, steps, rng):
    """NNS's lanczosRun: random normal start, full re-orthogonalisation twice, Ritz values descending."""
    basis = np.zeros((steps, p))
    q = rng.standard_normal(p)
    q /= np.linalg.norm(q)
    alpha, beta = [], []
    for j in range(steps):
        basis[j] = q
        w = np.asarray(hvp(jnp.asarray(q)))
        a = float(w @ q)
        alpha.append(a)
        v = basis[:j + 1]
        for _ in range(2):
            w = w - v.T @ (v @ w)
        b = float(np.linalg.norm(w))
        if b < 1e-12 * max(1.0, abs(a)) or j + 1 == p:
            break
        beta.append(b)
        q = w / b
    m = len(alpha)
    t = np.diag(alpha) + np.diag(beta[:m - 1], 1) + np.diag(beta[:m - 1], -1)
    return np.sort(np.linalg.eigvalsh(t))[::-1]


def workload_h(init, name):
    import scipy.sparse.linalg as sla

    width = int(name[1:])
    widths = [10, width, width, 1]
    x = jnp.asarray(np.asarray(init["Hx"]).reshape(-1, 10))
    y = jnp.asarray(np.asarray(init["Hy"]).reshape(-1, 1))
    params = real_params(init[name], widths)
    theta, unravel = ravel_pytree(params)
    p = theta.size

    def mlp(flat):
        h = x
        ps = unravel(flat)
        for w, b in ps[:-1]:
            h = jnp.tanh(h @ w + b)
        w, b = ps[-1]
        return h @ w + b

    loss = lambda flat: jnp.mean((mlp(flat) - y) ** 2)
    hvp = jax.jit(lambda v: jax.jvp(jax.grad(loss), (theta,), (v,))[1])
    jax.block_until_ready(hvp(jnp.ones(p)))  # compile outside the timing
    rows = []
    rng = np.random.default_rng(5)
    t = time.perf_counter()
    ritz = lanczos(hvp, p, min(p, 40), rng)
    trace = 0.0
    for _ in range(30):
        zv = np.where(rng.uniform(size=p) < 0.5, -1.0, 1.0)
        trace += float(zv @ np.asarray(hvp(jnp.asarray(zv))))
    dt = time.perf_counter() - t
    rows.append({"workload": name, "peer": "JAX Lanczos+Hutchinson", "seconds": dt, "top1": float(ritz[0]),
                 "top5": float(ritz[4]), "trace": trace / 30, "hvps": 70})
    count = [0]

    def matvec(v):
        count[0] += 1
        return np.asarray(hvp(jnp.asarray(np.ravel(v))))

    op = sla.LinearOperator((p, p), matvec=matvec, dtype=np.float64)
    v0 = np.random.default_rng(6).standard_normal(p)
    t = time.perf_counter()
    vals = np.sort(sla.eigsh(op, k=5, which="LA", v0=v0, return_eigenvectors=False))[::-1]
    dt = time.perf_counter() - t
    rows.append({"workload": name, "peer": "JAX HVP + scipy eigsh", "seconds": dt, "top1": float(vals[0]),
                 "top5": float(vals[4]), "hvps": count[0]})
    return rows


if __name__ == "__main__":
    which, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        init = json.load(f)
    rows = workload_c(init) if which == "C" else workload_h(init, which)
    for row in rows:
        print(json.dumps(row), flush=True)
