#!/usr/bin/python3
"""Training throughput of the reference (PyTorch CPU) for benchmarks/compare/run.sh transformer-train.

One nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024, dropout=0, batch_first=True) in training
mode, input and target [32, 128, 256] (fixed seeded normal draws), MSE loss of the output, Adam 1e-3: the loop of
io.jgrad.bench.TransformerTrainThroughput. Prints one line in torch_train.py's format:
`transformer-train samples_per_s=<x> threads=<n> blas=<name> steps=<n> samples_per_cpu_s=<x>`.
"""
import argparse
import sys
import time

import openblas_kernel  # noqa: F401 (before torch: it may rerun this script with the CPU's OpenBLAS kernel)
import torch
import torch.nn as nn

from torch_train import blas_name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=["transformer-train"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10.0, help="timed duration after warm-up")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    blas = blas_name()
    if blas == "reference-BLAS":
        raise SystemExit("torch is using the reference BLAS (slow): install libopenblas0-pthread")
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(256, 4, dim_feedforward=1024, dropout=0.0, batch_first=True).train()
    opt = torch.optim.Adam(layer.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    g = torch.Generator().manual_seed(1)
    x = torch.randn(32, 128, 256, generator=g)
    target = torch.randn(32, 128, 256, generator=g)
    b = x.shape[0]

    def step():
        opt.zero_grad()
        loss = loss_fn(layer(x), target)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < args.seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"{args.workload} samples_per_s={steps * b / elapsed:.1f} threads={torch.get_num_threads()} "
          f"blas={blas} steps={steps} samples_per_cpu_s={steps * b / cpu:.1f}")


if __name__ == "__main__":
    sys.exit(main())
