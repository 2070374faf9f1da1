#!/usr/bin/python3
"""Regenerates core/src/test/resources/safetensors/reference.safetensors and reference.expected.json.

Why it is made this way: the Hugging Face `safetensors` package cannot be installed here (no PyPI), so this
script serializes torch tensors itself, following the reference `serialize` byte for byte:
  * entries sorted by dtype alignment descending (the Rust Dtype enum order), then by name;
  * a compact JSON header {"__metadata__":{...},"name":{"dtype":..,"shape":[..],"data_offsets":[b,e]},...}
    with the metadata first and keys in the order above;
  * the header padded with spaces to a multiple of 8 bytes, preceded by its length as little-endian u64;
  * tensor data little-endian, row-major, concatenated in the same order.
The expected values come from torch itself (tensor.tolist()), independently of the byte layout, so the Java test
checks both that it decodes every dtype correctly and that its writer reproduces the file exactly.

Run: /usr/bin/python3 tools/make_safetensors_fixture.py   (needs torch; deterministic, seed 1234)
"""
import json
import math
import os
import struct

import torch

# The reference Dtype enum order (increasing alignment); writers sort by it descending.
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
               "I32", "U32", "F32", "F64", "I64", "U64"]
TORCH_DTYPES = {
    torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.int32: "I32",
    torch.bool: "BOOL", torch.float16: "F16", torch.bfloat16: "BF16", torch.uint8: "U8",
    torch.int8: "I8", torch.int16: "I16",
}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        t = t.view(torch.int16)
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def serialize(tensors, metadata):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPE_ORDER.index(TORCH_DTYPES[kv[1].dtype]),
                                                    kv[0].encode("utf-8")))
    header = {}
    if metadata:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata, key=lambda k: k.encode("utf-8"))}
    offset = 0
    blobs = []
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": TORCH_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def expected_value(v):
    # JSON has no NaN/Infinity: spell them as strings the Java test understands.
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def main():
    torch.manual_seed(1234)
    specials = torch.tensor([float("nan"), float("inf"), float("-inf"), -0.0, 65504.0, 1e-8, 3.14159])
    tensors = {
        "layer.0.weight": torch.randn(3, 4),
        "layer.0.bias": torch.randn(4, dtype=torch.float64),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "specials.f32": specials.clone(),
        "specials.f16": specials.to(torch.float16),
        "specials.bf16": specials.to(torch.bfloat16),
        "half": torch.randn(2, 3).to(torch.float16),
        "brain": torch.randn(5).to(torch.bfloat16),
        "steps": torch.tensor([0, -1, 2**62, -(2**63), 2**63 - 1], dtype=torch.int64),
        "ids": torch.randint(-1000, 1000, (2, 2), dtype=torch.int32),
        "mask": torch.tensor([[True, False, True], [False, False, True]]),
        "bytes": torch.tensor([0, 1, 255], dtype=torch.uint8),
        "signed_bytes": torch.tensor([-128, 0, 127], dtype=torch.int8),
        "shorts": torch.tensor([-32768, 7, 32767], dtype=torch.int16),
    }
    metadata = {"format": "pt", "note": "jgrad fixture \"quoted\" \u00e9"}

    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "core", "src", "test", "resources", "safetensors")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "reference.safetensors"), "wb") as f:
        f.write(serialize(tensors, metadata))
    expected = {
        "metadata": metadata,
        "tensors": {
            name: {"dtype": TORCH_DTYPES[t.dtype], "shape": list(t.shape),
                   "values": [expected_value(v) for v in
                              (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).flatten().tolist()]}
            for name, t in tensors.items()
        },
    }
    with open(os.path.join(out_dir, "reference.expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
