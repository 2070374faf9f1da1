#!/usr/bin/env python3
"""PyTorch twin of jgrad's `char-lstm` and `char-transformer` trainers, for the bits-per-character comparison.

It trains the same model on exactly the same token streams: run the jgrad trainer with `--export-data` first, which
writes train.i32, validation.i32 and test.i32 (little-endian int32 token ids; the corpus split and tokenisation are
jgrad's, see examples/.../FortunesText.java) and vocab.json into its output folder, then point this script at it:

    ./jgrad train char-lstm --export-data --out runs/char-lstm
    /usr/bin/python3 tools/char_lm_torch.py lstm runs/char-lstm

Same windows (64 characters side by side, the target one character later), same model (PyTorch's default
initialisation, which jgrad's layers copy), Adam with the same learning rate, batch and number of epochs (so the same
number of steps), the gradients' global norm clipped to the same value, windows shuffled each epoch. Prints the test
bits per character last, as jgrad does. Runs with torch 1.13 (/usr/bin/python3); no other package needed.
"""
import argparse
import array
import json
import math
import os
import sys
import time

# Before torch: on a CPU newer than Debian's OpenBLAS it reruns this script with the CPU's kernel (see the module).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "reference"))
import openblas_kernel  # noqa: E402,F401
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

WINDOW = 64


def read_ids(path):
    a = array.array("i")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if os.sys.byteorder != "little":
        a.byteswap()
    return torch.tensor(a, dtype=torch.long)


def windows(ids, limit=None):
    """[N, T] inputs and targets: window i is ids[i*T : i*T+T], its target one token later (as jgrad's TextDataset)."""
    n = (len(ids) - 1 - WINDOW) // WINDOW + 1
    if limit is not None:
        n = min(n, limit)
    x = ids[: n * WINDOW].view(n, WINDOW)
    y = ids[1: n * WINDOW + 1].view(n, WINDOW)
    return x, y


class CharLstm(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 64)
        self.lstm = nn.LSTM(64, 128, num_layers=2, batch_first=True)
        self.head = nn.Linear(128, vocab)

    def forward(self, ids):
        return self.head(self.lstm(self.embedding(ids))[0])


class CharTransformer(nn.Module):
    def __init__(self, vocab, d=128, heads=4, layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab, d)
        self.positions = nn.Parameter(torch.randn(WINDOW, d))
        layer = nn.TransformerEncoderLayer(d, heads, 4 * d, 0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.layers = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d))
        self.head = nn.Linear(d, vocab)
        self.register_buffer("causal", torch.triu(torch.full((WINDOW, WINDOW), float("-inf")), diagonal=1))

    def forward(self, ids):
        t = ids.shape[1]
        x = self.embedding(ids) + self.positions[:t]
        return self.head(self.layers(x, mask=self.causal[:t, :t]))


def bits_per_char(model, x, y, vocab, batch=256):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])
            total += nn.functional.cross_entropy(logits.reshape(-1, vocab), y[i:i + batch].reshape(-1),
                                                 reduction="sum").item()
            count += y[i:i + batch].numel()
    model.train()
    return total / count / math.log(2)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", choices=["lstm", "transformer"])
    p.add_argument("data", help="the jgrad run folder holding train.i32, validation.i32, test.i32 and vocab.json")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=None, help="default: 2e-3 for lstm, 1e-3 for transformer (as jgrad)")
    p.add_argument("--clip-norm", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--limit", type=int, default=None, help="use only the first N windows of each part")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--vocab", type=int, default=None, help="the vocabulary size (default: the size in vocab.json)")
    a = p.parse_args()
    lr = a.lr if a.lr is not None else (2e-3 if a.model == "lstm" else 1e-3)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    vocab = a.vocab
    if vocab is None:
        with open(os.path.join(a.data, "vocab.json"), encoding="utf-8") as f:
            vocab = json.load(f)["size"]
    train_x, train_y = windows(read_ids(os.path.join(a.data, "train.i32")), a.limit)
    val_x, val_y = windows(read_ids(os.path.join(a.data, "validation.i32")), a.limit)
    test_x, test_y = windows(read_ids(os.path.join(a.data, "test.i32")), a.limit)
    steps = a.epochs * math.ceil(len(train_x) / a.batch_size)
    print(f"torch {torch.__version__} char-{a.model}: {len(train_x)} training, {len(val_x)} validation and "
          f"{len(test_x)} test windows of {WINDOW}, vocabulary {vocab}, batch {a.batch_size}, Adam lr {lr}, "
          f"clip norm {a.clip_norm}, {a.epochs} epochs ({steps} steps), {a.threads} threads, seed {a.seed}", flush=True)

    model = CharLstm(vocab) if a.model == "lstm" else CharTransformer(vocab)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    shuffle = torch.Generator().manual_seed(a.seed)
    start = time.time()
    for epoch in range(a.epochs):
        order = torch.randperm(len(train_x), generator=shuffle)
        total, batches = 0.0, 0
        for i in range(0, len(order), a.batch_size):
            idx = order[i:i + a.batch_size]
            logits = model(train_x[idx])
            loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), train_y[idx].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            if a.clip_norm > 0:
                nn.utils.clip_grad_norm_(model.parameters(), a.clip_norm)
            optimizer.step()
            total += loss.item()
            batches += 1
        print(f"epoch {epoch + 1}/{a.epochs}: loss {total / batches:.4f}, val bits per char "
              f"{bits_per_char(model, val_x, val_y, vocab):.4f}, {time.time() - start:.1f} s", flush=True)
    seconds = time.time() - start
    print(f"{seconds:.1f} s of training ({1000 * seconds / steps:.0f} ms per step)")
    print(f"test bits per char: {bits_per_char(model, test_x, test_y, vocab):.3f}")


if __name__ == "__main__":
    main()
