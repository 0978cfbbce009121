#!/usr/bin/env python3
"""Independent infinite-width NTK of a tanh net with He init and biases (standard parametrisation), for
ProbeNTKTests.ntkLimitOfAHeTanhNetMatchesTheReferenceRecursion.

Net: input 2 -> dense 64, tanh -> dense 64, tanh -> dense 1 (biases trainable, init 0), weights
N(0, 2/fan_in).  Recursion (Jacot et al. 2018; Arora et al. 2019, eqs. (4)-(5)), with n_l the fan-in:
  Sigma^1 = (2/2) X X^T,  Theta^1 = X X^T + 1,
  G_l = n_l E[tanh(u) tanh(v)],  Sigma^l = (2/n_l) G_l,
  Theta^l = G_l + 1 + 2 E[tanh'(u) tanh'(v)] * Theta^{l-1},   (u, v) ~ N(0, Sigma^{l-1}).
The Gaussian expectations come from gaussian_reference.py (mpmath 1-D on the diagonal, nested
Gauss-Legendre checked to 1e-14 off it).  The inputs have norms^2 10, 20, 50: pre-activation variances up
to 50, where a fixed 48-point Gauss-Hermite rule is off by tens of per cent.

Usage: python3 Tests/oracles/ntk_tanh_reference.py   (prints the Swift literal pasted into the test)
"""
import math
import numpy as np
import mpmath as mp
import gaussian_reference as g

X = np.array([[3.0, 1.0], [-2.0, 4.0], [5.0, -5.0]])
FAN_INS = [2, 64, 64]

def tanh_pair(a, b, c):
    phi, dphi = g.ACTS["tanh"][0], g.ACTS["tanh"][1]
    if a == b and c == a:
        return (float(g.mp_expectation(g.ACTS["tanh"][2], a, a, 1.0)), float(g.mp_expectation(g.ACTS["tanh"][3], a, a, 1.0)))
    rho = c / math.sqrt(a * b)
    return g.nested(phi, a, b, rho), g.nested(dphi, a, b, rho)

def main():
    gram = X @ X.T
    sigma = (2.0 / FAN_INS[0]) * gram
    theta = gram + 1.0
    n = len(X)
    for fan in FAN_INS[1:]:
        e1 = np.zeros((n, n)); e2 = np.zeros((n, n))
        for i in range(n):
            for j in range(i, n):
                e1[i, j], e2[i, j] = tanh_pair(sigma[i, i], sigma[j, j], sigma[i, j])
                e1[j, i], e2[j, i] = e1[i, j], e2[i, j]
        gl = fan * e1
        theta = gl + 1.0 + (2.0 / fan) * fan * e2 * theta
        sigma = (2.0 / fan) * gl
    print("// python3 Tests/oracles/ntk_tanh_reference.py")
    print("let heTanhNTKReference: [[Double]] = [")
    for row in theta:
        print("  [" + ", ".join(repr(float(v)) for v in row) + "],")
    print("]")

if __name__ == "__main__":
    main()
