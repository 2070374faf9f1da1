"""Self-check: replay every optimizer golden file with numpy, from the update rules written in
the files' notes, and fail if any parameter differs from torch by more than 1e-12.

This keeps the notes honest: a Java implementation that follows them reproduces the goldens.
Run after optimizers.py (generate_all.py does).
"""
import json
import sys

import numpy as np

from common import OPTIM_GOLDEN


def arr(a):
    return np.array(a["data"], dtype=np.float64).reshape(a["shape"])


def update(h, t, p, g, s):
    """One step for one parameter; t is 0-based; s is that parameter's state dict."""
    opt, lr, wd = h["optimizer"], h["lr"], h.get("weight_decay", 0.0)
    if opt == "SGD":
        g = g + wd * p
        m = h.get("momentum", 0.0)
        if m:
            s["buf"] = g.copy() if "buf" not in s else m * s["buf"] + (1 - h.get("dampening", 0.0)) * g
            g = g + m * s["buf"] if h.get("nesterov") else s["buf"]
        return p - lr * g
    if opt in ("Adam", "AdamW"):
        b1, b2 = h["betas"]
        step = t + 1
        if opt == "AdamW":
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        v = s["v"]
        if h.get("amsgrad"):
            s["vmax"] = np.maximum(s.get("vmax", 0.0), v)
            v = s["vmax"]
        return p - lr / (1 - b1 ** step) * s["m"] / (np.sqrt(v) / np.sqrt(1 - b2 ** step) + h["eps"])
    if opt == "RMSprop":
        g = g + wd * p
        a = h["alpha"]
        s["v"] = a * s.get("v", 0.0) + (1 - a) * g * g
        if h.get("centered"):
            s["g_avg"] = a * s.get("g_avg", 0.0) + (1 - a) * g
            denom = np.sqrt(s["v"] - s["g_avg"] ** 2) + h["eps"]
        else:
            denom = np.sqrt(s["v"]) + h["eps"]
        if h.get("momentum"):
            s["buf"] = h["momentum"] * s.get("buf", 0.0) + g / denom
            return p - lr * s["buf"]
        return p - lr * g / denom
    if opt == "Adagrad":
        g = g + wd * p
        clr = lr / (1 + t * h.get("lr_decay", 0.0))
        s["sum"] = s.get("sum", h.get("initial_accumulator_value", 0.0)) + g * g
        return p - clr * g / (np.sqrt(s["sum"]) + h["eps"])
    raise ValueError(f"unknown optimizer {opt}")


def main():
    failures = 0
    for path in sorted((OPTIM_GOLDEN / "optimizers").glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            params = [arr(a) for a in case["inputs"]["initial_params"]]
            states = [{} for _ in params]
            for t, grads in enumerate(case["inputs"]["grads"]):
                for i, g in enumerate(grads):
                    params[i] = update(case["params"], t, params[i], arr(g), states[i])
                    expected = arr(case["outputs"]["params_after_step"][t][i])
                    err = np.abs(params[i] - expected).max()
                    if err > 1e-12:
                        failures += 1
                        print(f"{path.name} {case['name']} step {t} param {i}: max error {err:.3g}")
    if failures:
        sys.exit(f"{failures} optimizer replays disagree with torch")
    print("optimizer notes replay: all cases agree with torch to 1e-12")


if __name__ == "__main__":
    main()
