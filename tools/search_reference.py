"""Reference values for select's search tests (GaussianProcessTest, ExpectedImprovementTest).

Run once with NumPy and SciPy (`/usr/bin/python3 tools/search_reference.py`); the printed numbers are checked in
to the tests. A Gaussian process with a zero mean, a Matern 5/2 kernel with per-dimension length scales, signal
variance s2 and noise variance `noise`; expected improvement for maximisation; the standard normal CDF.
"""
import numpy as np
from scipy.stats import norm

X = np.array([[0.1, 0.2], [0.4, 0.9], [0.8, 0.3], [0.5, 0.5]])
y = np.array([0.3, -1.2, 0.8, 0.1])
ls = np.array([0.3, 0.6])
s2 = 1.7
noise = 0.01


def k(a, b):
    r = np.sqrt((((a[:, None, :] - b[None, :, :]) / ls) ** 2).sum(-1))
    return s2 * (1 + np.sqrt(5) * r + 5 / 3 * r ** 2) * np.exp(-np.sqrt(5) * r)


K = k(X, X) + noise * np.eye(len(X))
L = np.linalg.cholesky(K)
alpha = np.linalg.solve(K, y)
lml = -0.5 * y @ alpha - np.log(np.diag(L)).sum() - len(X) / 2 * np.log(2 * np.pi)
print("log marginal likelihood", repr(lml))
T = np.array([[0.3, 0.4], [0.9, 0.9], [0.1, 0.2]])
Ks = k(T, X)
mean = Ks @ alpha
var = s2 - np.einsum('ij,jk,ik->i', Ks, np.linalg.inv(K), Ks)
for t, m, v in zip(T, mean, var):
    print("posterior at", t, "mean", repr(m), "variance", repr(v))
for mu, sd, best, xi in [(0.5, 0.2, 0.4, 0.0), (0.0, 1.0, 0.0, 0.01), (-1.0, 0.3, 0.5, 0.0), (2.0, 0.5, 0.1, 0.05),
                         (-3.0, 0.4, 0.0, 0.0)]:
    g = mu - best - xi
    z = g / sd
    print("EI", mu, sd, best, xi, repr(g * norm.cdf(z) + sd * norm.pdf(z)))
for z in [-8, -3, -1, 0, 0.5, 2, 6]:
    print("Phi", z, repr(norm.cdf(z)))
