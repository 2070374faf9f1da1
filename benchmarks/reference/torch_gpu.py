#!/usr/bin/env python3
"""PyTorch eager on a CUDA GPU, the reference for jgrad's GPU side by side (benchmarks/gpu-check).

Workloads (the same shapes and models as jgrad's io.jgrad.bench.GpuSideBySide):
  gpu-sgemm-4096   F32 4096x4096x4096 matmul, TF32 off; prints GFLOPS
  gpu-mlp-train    784-512-256-10 MLP, ReLU, Adam 1e-3, cross-entropy, batch 256; prints samples/s
  gpu-cnn-train    conv(1-32,3,p1)-ReLU-maxpool2-conv(32-64,3,p1)-ReLU-maxpool2-dense128-ReLU-dense10,
                   Adam 1e-3, cross-entropy, batch 256; prints samples/s
The training data are 60,000 Fashion-MNIST-shaped images (the real ones when --data names the IDX folder,
else uniform random pixels and labels), held on the GPU, so neither side measures host-to-device copies.
Prints one line per workload: `<workload> value=<x> unit=<GFLOPS|samples/s> ...`.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import torch
import torch.nn as nn


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def training_data(folder, device):
    images_path = os.path.join(folder or "", "train-images-idx3-ubyte.gz")
    if folder and os.path.exists(images_path):
        x = read_idx(images_path).float().div_(255.0).unsqueeze(1)
        y = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz")).long()
        source = "fashion-mnist"
    else:
        g = torch.Generator().manual_seed(0)
        x = torch.rand(60000, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (60000,), generator=g)
        source = "synthetic"
    return x.to(device), y.to(device), source


def model(name):
    if name == "gpu-mlp-train":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                             nn.Linear(256, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def sgemm(n, seconds, device):
    a = torch.rand(n, n, device=device)
    b = torch.rand(n, n, device=device)
    for _ in range(3):
        torch.mm(a, b)
    torch.cuda.synchronize()
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(5):
            torch.mm(a, b)
        torch.cuda.synchronize()
        runs += 5
    elapsed = time.perf_counter() - start
    return 2.0 * n ** 3 * runs / elapsed / 1e9, runs


def train(name, seconds, batch, data, device):
    x_all, y_all, source = data
    torch.manual_seed(0)
    net = model(name).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n_batches = x_all.shape[0] // batch

    def step(i):
        j = (i % n_batches) * batch
        opt.zero_grad()
        loss = loss_fn(net(x_all[j:j + batch]), y_all[j:j + batch])
        loss.backward()
        opt.step()

    for i in range(30):
        step(i)
    torch.cuda.synchronize()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(20):
            step(steps)
            steps += 1
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - start
    return steps * batch / elapsed, steps, source


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workloads", nargs="*", default=["gpu-sgemm-4096", "gpu-mlp-train", "gpu-cnn-train"])
    p.add_argument("--data", default="", help="folder with Fashion-MNIST's IDX files (else synthetic data)")
    p.add_argument("--seconds", type=float, default=5.0, help="timed duration per workload after warm-up")
    p.add_argument("--batch-size", type=int, default=256)
    args = p.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("torch_gpu.py: torch sees no CUDA device")
    device = torch.device("cuda:0")
    torch.backends.cuda.matmul.allow_tf32 = False   # F32 on both sides
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = False
    print(f"# torch {torch.__version__}, cuda {torch.version.cuda}, cudnn {torch.backends.cudnn.version()}, "
          f"{torch.cuda.get_device_name(0)}", flush=True)
    data = None
    for w in args.workloads:
        if w == "gpu-sgemm-4096":
            gflops, runs = sgemm(4096, args.seconds, device)
            print(f"{w} value={gflops:.1f} unit=GFLOPS runs={runs} tf32=off", flush=True)
        elif w in ("gpu-mlp-train", "gpu-cnn-train"):
            data = data or training_data(args.data, device)
            rate, steps, source = train(w, args.seconds, args.batch_size, data, device)
            print(f"{w} value={rate:.1f} unit=samples/s steps={steps} batch={args.batch_size} data={source}",
                  flush=True)
        else:
            raise SystemExit("unknown workload " + w)


if __name__ == "__main__":
    sys.exit(main())
