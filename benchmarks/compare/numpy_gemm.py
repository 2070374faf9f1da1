#!/usr/bin/env python3
"""Reference side of benchmarks/compare: numpy (OpenBLAS) timings in the same output format as
jgrad's GemmGflops main.

  numpy_gemm.py info                                 which BLAS and kernel numpy runs
  numpy_gemm.py sgemm N [warmup] [rounds] [seconds]  prints "gflops N <best GFLOPS>"
"""
import ctypes
import sys
import time

import numpy as np


def blas_info():
    """Names the BLAS library, its core kernel and thread count (threadpoolctl if present)."""
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                return "%s %s, kernel %s, %s threads" % (lib.get("internal_api"), lib.get("version"),
                                                         lib.get("architecture"), lib.get("num_threads"))
    except ImportError:
        pass
    # Without threadpoolctl, ask the OpenBLAS that numpy loaded directly.
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    for path in paths:
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas_", "openblas_"):
            for suffix in ("64_", ""):
                try:
                    corename = getattr(lib, prefix + "get_corename" + suffix)
                    config = getattr(lib, prefix + "get_config" + suffix)
                    threads = getattr(lib, prefix + "get_num_threads" + suffix)
                except AttributeError:
                    continue
                corename.restype = config.restype = ctypes.c_char_p
                return "%s, kernel %s, %d threads" % (config().decode(), corename().decode(), threads())
    np.show_config()
    return "unknown (see numpy.show_config above)"


def sgemm(n, warmup, rounds, seconds):
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    c = np.empty((n, n), dtype=np.float32)
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        np.matmul(a, b, out=c)
    best = 0.0
    for _ in range(rounds):
        reps = 0
        t0 = time.perf_counter()
        while True:
            np.matmul(a, b, out=c)
            reps += 1
            t = time.perf_counter()
            if t - t0 >= seconds:
                break
        best = max(best, 2.0 * n ** 3 * reps / (t - t0) / 1e9)
    print("gflops %d %.1f" % (n, best))


if __name__ == "__main__":
    if sys.argv[1] == "info":
        print("numpy %s: %s" % (np.__version__, blas_info()))
    elif sys.argv[1] == "sgemm":
        args = sys.argv[2:]
        sgemm(int(args[0]), float(args[1]) if len(args) > 1 else 2.0, int(args[2]) if len(args) > 2 else 5,
              float(args[3]) if len(args) > 3 else 0.5)
    else:
        sys.exit("unknown command " + sys.argv[1])
