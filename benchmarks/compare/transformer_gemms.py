"""The GEMMs of one transformer-train step timed with numpy (OpenBLAS), a floor for the step's time on this machine.

One training step of TransformerEncoderLayer(256, 4 heads, feed-forward 1024) on [32, 128, 256] (4,096 tokens) whose
input needs no gradient: the four linear layers' forward products, their weight gradients and the input gradients of
all but the in-projection, then the attention's batched products (128 planes of 128 x 128 scores over 64 features:
Q K^T and P V forward; dV, dP, dQ and dK backward). Prints the best of 20 runs after 3 warm-ups.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 python3 benchmarks/compare/transformer_gemms.py
"""
import time

import numpy as np

TOKENS, D_MODEL, FEED_FORWARD = 4096, 256, 1024
PLANES, LENGTH, HEAD = 128, 128, 64


def operands(m, k, n, batch=None):
    lead = () if batch is None else (batch,)
    return (np.random.rand(*lead, m, k).astype(np.float32), np.random.rand(*lead, k, n).astype(np.float32))


def main():
    t, d, f = TOKENS, D_MODEL, FEED_FORWARD
    linear = [(t, d, 3 * d), (t, d, d), (t, d, f), (t, f, d),          # forward
              (3 * d, t, d), (d, t, d), (f, t, d), (d, t, f),          # weight gradients
              (t, d, d), (t, f, d), (t, d, f)]                         # input gradients (not the in-projection's)
    attention = [(LENGTH, HEAD, LENGTH), (LENGTH, LENGTH, HEAD),        # forward
                 (LENGTH, LENGTH, HEAD), (LENGTH, HEAD, LENGTH), (LENGTH, LENGTH, HEAD), (LENGTH, LENGTH, HEAD)]
    linear_ops = [operands(*s) for s in linear]
    attention_ops = [operands(*s, batch=PLANES) for s in attention]
    linear_flop = sum(2 * m * k * n for m, k, n in linear)
    attention_flop = sum(2 * PLANES * m * k * n for m, k, n in attention)

    def run():
        start = time.perf_counter()
        for a, b in linear_ops:
            a @ b
        middle = time.perf_counter()
        for a, b in attention_ops:
            np.matmul(a, b)
        return middle - start, time.perf_counter() - middle

    for _ in range(3):
        run()
    best = min((run() for _ in range(20)), key=sum)
    print("linear layers: %.2f GFLOP in %.1f ms (%.0f GFLOPS); attention: %.2f GFLOP in %.1f ms (%.0f GFLOPS); "
          "total %.1f ms" % (linear_flop / 1e9, best[0] * 1e3, linear_flop / best[0] / 1e9, attention_flop / 1e9,
                             best[1] * 1e3, attention_flop / best[1] / 1e9, sum(best) * 1e3))


if __name__ == "__main__":
    main()
