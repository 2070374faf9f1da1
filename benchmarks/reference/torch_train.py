#!/usr/bin/python3
"""Training throughput of the reference (PyTorch CPU) on the same workloads jgrad's compare script runs.

Workloads (the models and batch of jgrad's bundled trainers, on Fashion-MNIST):
  mlp-train  784-512-256-10 MLP, ReLU, Adam 1e-3, batch 128
  cnn-train  conv(1-32,3,p1)-ReLU-maxpool2-conv(32-64,3,p1)-ReLU-maxpool2-dense128-ReLU-dense10, Adam 1e-3, batch 128
  lstm-train LSTM(64->256, batch_first) over 64 steps, Linear(256->10) on the last step, cross-entropy, Adam 1e-3,
             batch 64 from a fixed synthetic set (8 batches of N(0,1) inputs and uniform labels, cycled)
Prints one line: `<workload> samples_per_s=<x> threads=<n> blas=<name> steps=<n> samples_per_cpu_s=<x>`; the last is
samples per second of process CPU time (all threads), a figure that other processes on a shared machine disturb less.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np

import openblas_kernel  # before torch: it may rerun this script with the CPU's OpenBLAS kernel
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def blas_name():
    """Which BLAS the process really loaded. Debian's torch is built with BLAS_INFO=generic and links libblas.so.3,
    which the alternatives system points at OpenBLAS (libopenblas0-pthread) or at the slow reference BLAS."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    maps = open("/proc/self/maps").read()
    for marker, name in (("openblas", "OpenBLAS"), ("libmkl", "MKL"), ("blis", "BLIS")):
        if marker in maps:
            return name + ":" + (openblas_kernel.kernel() or "?") if marker == "openblas" else name
    if "libblas.so" in maps:
        return "reference-BLAS"
    return "unknown"


def model(name):
    if name == "mlp-train":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    if name == "cnn-train":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    raise SystemExit("unknown workload " + name)


class LstmHead(nn.Module):
    """lstm-train's model: the LSTM's output at the last step through a linear head."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(64, 256, batch_first=True)
        self.head = nn.Linear(256, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def lstm_data(batch):
    g = torch.Generator().manual_seed(0)
    return torch.randn(8 * batch, 64, 64, generator=g), torch.randint(0, 10, (8 * batch,), generator=g)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=["mlp-train", "cnn-train", "lstm-train"])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10.0, help="timed duration after warm-up")
    p.add_argument("--batch-size", type=int, default=None, help="128, or 64 for lstm-train")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    blas = blas_name()
    if blas == "reference-BLAS":
        raise SystemExit("torch is using the reference BLAS (slow): install libopenblas0-pthread")
    torch.manual_seed(0)
    b = args.batch_size or (64 if args.workload == "lstm-train" else 128)
    if args.workload == "lstm-train":
        x_all, y_all = lstm_data(b)
        net = LstmHead()
    else:
        images = read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
        labels = read_idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
        x_all = torch.from_numpy(images).unsqueeze(1)
        y_all = torch.from_numpy(labels)
        net = model(args.workload)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n_batches = x_all.shape[0] // b

    def step(i):
        j = (i % n_batches) * b
        x, y = x_all[j:j + b], y_all[j:j + b]
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for i in range(20):
        step(i)
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < args.seconds:
        step(steps)
        steps += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # all threads of the process
    print(f"{args.workload} samples_per_s={steps * b / elapsed:.1f} threads={torch.get_num_threads()} "
          f"blas={blas} steps={steps} samples_per_cpu_s={steps * b / cpu:.1f}")


if __name__ == "__main__":
    sys.exit(main())
