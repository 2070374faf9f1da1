"""Shared helpers for the golden-value generators (see README.md in this folder).

Every script imports this module first: it switches torch to float64 and fixes the
JSON layout so all golden files look alike.
"""
import json
import math
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)

REPO = Path(__file__).resolve().parents[2]
NN_GOLDEN = REPO / "nn" / "src" / "test" / "resources" / "golden"
OPTIM_GOLDEN = REPO / "optim" / "src" / "test" / "resources" / "golden"

# Expected values keep 15 significant digits: tighter than any F64 comparison we make,
# and it keeps the files small.
SIGNIFICANT_DIGITS = 15


def _num(x):
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"golden values must be finite, got {x}")
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def arr(t):
    """A tensor as {"dtype", "shape", "data"}: data is the flat row-major (C-order) list."""
    t = torch.as_tensor(t).detach().contiguous()
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        return {"dtype": "int64", "shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()]}
    return {"dtype": "float64", "shape": list(t.shape), "data": [_num(v) for v in t.reshape(-1).tolist()]}


def scalar(x):
    return _num(x)


def inp(seed, *shape, scale=1.0, offset=0.0):
    """Deterministic input: seeded standard normal * scale + offset, rounded to 4 decimals.

    Rounding makes the JSON short and exact: Java parses "0.1234" to the same double
    that torch holds (k / 10000 is correctly rounded on both sides).
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*shape, generator=g) * scale + offset
    return torch.round(x * 10000) / 10000


def inp_uniform(seed, *shape, low=0.0, high=1.0):
    """Deterministic uniform input in [low, high), rounded to 4 decimals."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(*shape, generator=g) * (high - low) + low
    return torch.round(x * 10000) / 10000


def labels(seed, n, classes):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, classes, (n,), generator=g)


def differentiate(name, fn, inputs, params=None, grad_wrt=None, seed=0):
    """Run fn(**inputs) and backpropagate; return one golden case.

    fn returns either a tensor (the output) or a dict whose "output" entry is
    differentiated and whose other entries are recorded as extra outputs.
    For a scalar output the upstream gradient is 1; otherwise a deterministic
    grad_output is drawn and written into the case, and "grads" hold the gradient
    of sum(output * grad_output).
    """
    grad_wrt = list(inputs) if grad_wrt is None else grad_wrt
    leaves = {}
    for k, v in inputs.items():
        v = v.clone()
        if k in grad_wrt:
            v.requires_grad_(True)
        leaves[k] = v
    result = fn(**leaves)
    outputs = result if isinstance(result, dict) else {"output": result}
    out = outputs["output"]
    case = {"name": name, "params": params or {}, "inputs": {k: arr(v) for k, v in inputs.items()}}
    case["outputs"] = {k: arr(v) for k, v in outputs.items()}
    if grad_wrt:
        if out.dim() == 0:
            out.backward()
        else:
            go = inp(10_000 + seed, *out.shape)
            case["grad_output"] = arr(go)
            out.backward(go)
        case["grads"] = {k: arr(leaves[k].grad) for k in grad_wrt}
    return case


def write(path, generator, cases, notes=None):
    """Write a golden file: {"generator", "torch", "dtype", "notes", "cases"}."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError(f"duplicate case names in {path.name}: {sorted(dup)}")
    doc = {
        "generator": f"tools/golden/{generator}",
        "torch": torch.__version__,
        "dtype": "float64",
        "notes": notes or [],
        "cases": cases,
    }
    # One case per line: compact, yet a regeneration diff shows which cases changed.
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
    text = head + ',\n "cases": [\n' + body + "\n ]\n}\n"
    json.loads(text)  # guard against a malformed hand-assembled document
    path.write_text(text)
    print(f"wrote {path.relative_to(REPO)} ({len(cases)} cases, {len(text) // 1024} KiB)")
