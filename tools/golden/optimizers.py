"""Optimizer trajectories and gradient clipping -> optim/src/test/resources/golden/optimizers/{sgd,adam,rmsprop,adagrad}.json and .../golden/clip.json

Optimizers: two parameter tensors and five fixed gradient sets, all written into the JSON, so
Java replays the same gradients: for step t, set p.grad = grads[t][i], call step(), compare
params with params_after_step[t][i].
"""
import torch
from torch import optim
from torch.nn.utils import clip_grad_norm_, clip_grad_value_

from common import OPTIM_GOLDEN, arr, inp, scalar, write

STEPS = 5
INITIAL = [inp(900, 2, 3), inp(901, 3)]
GRADS = [[inp(910 + 10 * t, 2, 3), inp(911 + 10 * t, 3)] for t in range(STEPS)]

CONFIGS = [
    # name, optimizer class, hyperparameters (exactly the torch keyword arguments)
    ("sgd_plain", optim.SGD, {"lr": 0.1}),
    ("sgd_momentum0.9", optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_momentum0.9_dampening0.1", optim.SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("sgd_weight_decay0.01", optim.SGD, {"lr": 0.1, "weight_decay": 0.01}),
    ("sgd_momentum0.9_weight_decay0.01", optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    ("adam_default", optim.Adam, {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8}),
    ("adam_lr0.1", optim.Adam, {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8}),
    ("adam_amsgrad", optim.Adam, {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "amsgrad": True}),
    ("adam_weight_decay0.01", optim.Adam, {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}),
    ("adamw_weight_decay0.01", optim.AdamW, {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}),
    ("adamw_amsgrad_weight_decay0.1", optim.AdamW,
     {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.1, "amsgrad": True}),
    ("rmsprop_plain", optim.RMSprop, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    ("rmsprop_centered", optim.RMSprop, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "centered": True}),
    ("rmsprop_momentum0.9", optim.RMSprop, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.9}),
    ("rmsprop_weight_decay0.01", optim.RMSprop, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.01}),
    ("rmsprop_centered_momentum0.9_weight_decay0.01", optim.RMSprop,
     {"lr": 0.01, "alpha": 0.9, "eps": 1e-8, "centered": True, "momentum": 0.9, "weight_decay": 0.01}),
    ("adagrad_plain", optim.Adagrad, {"lr": 0.1, "eps": 1e-10}),
    ("adagrad_lr_decay0.1", optim.Adagrad, {"lr": 0.1, "eps": 1e-10, "lr_decay": 0.1}),
    ("adagrad_initial_accumulator0.5", optim.Adagrad, {"lr": 0.1, "eps": 1e-10, "initial_accumulator_value": 0.5}),
    ("adagrad_weight_decay0.01", optim.Adagrad, {"lr": 0.1, "eps": 1e-10, "weight_decay": 0.01}),
]


def trajectory(name, cls, hyper):
    params = [p.clone().requires_grad_(True) for p in INITIAL]
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in hyper.items()}
    opt = cls(params, **kwargs)
    after = []
    for t in range(STEPS):
        for p, g in zip(params, GRADS[t]):
            p.grad = g.clone()
        opt.step()
        after.append([arr(p) for p in params])
    return {
        "name": name,
        "params": {"optimizer": cls.__name__, **hyper},
        "inputs": {
            "initial_params": [arr(p) for p in INITIAL],
            "grads": [[arr(g) for g in step] for step in GRADS],
        },
        "outputs": {"params_after_step": after},
    }


def clip_cases():
    small = [g * 0.1 for g in GRADS[0]]  # total norm below 1: left unchanged
    cases = []
    for name, grads, max_norm, norm_type in [
        ("clip_grad_norm_l2_max1", GRADS[0], 1.0, 2.0),
        ("clip_grad_norm_l2_max1_no_clip", small, 1.0, 2.0),
        ("clip_grad_norm_l1_max1", GRADS[1], 1.0, 1.0),
        ("clip_grad_norm_inf_max0.5", GRADS[2], 0.5, float("inf")),
    ]:
        params = [p.clone().requires_grad_(True) for p in INITIAL]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        total = clip_grad_norm_(params, max_norm=max_norm, norm_type=norm_type)
        cases.append({
            "name": name,
            "params": {"max_norm": max_norm, "norm_type": "inf" if norm_type == float("inf") else norm_type},
            "inputs": {"grads": [arr(g) for g in grads]},
            "outputs": {"total_norm": scalar(total), "clipped_grads": [arr(p.grad) for p in params]},
        })
    for clip_value in (0.5, 1.0):
        params = [p.clone().requires_grad_(True) for p in INITIAL]
        for p, g in zip(params, GRADS[3]):
            p.grad = g.clone()
        clip_grad_value_(params, clip_value)
        cases.append({
            "name": f"clip_grad_value_{clip_value}",
            "params": {"clip_value": clip_value},
            "inputs": {"grads": [arr(g) for g in GRADS[3]]},
            "outputs": {"clipped_grads": [arr(p.grad) for p in params]},
        })
    return cases


OPT_NOTES = [
    "inputs.initial_params / grads[t] / outputs.params_after_step[t] are lists over the two parameters "
    "(shapes [2,3] and [3]). Before step t set p.grad = grads[t][i] (overwrite, do not accumulate).",
    "params holds the torch constructor keyword arguments; missing ones are torch defaults "
    "(SGD momentum 0, dampening 0, nesterov false; Adam/AdamW amsgrad false; RMSprop alpha 0.99, "
    "centered false, momentum 0; Adagrad lr_decay 0, initial_accumulator_value 0; weight_decay 0).",
    "SGD: the first momentum step sets buf = grad (dampening is NOT applied on the first step); later "
    "buf = momentum*buf + (1-dampening)*grad. Nesterov uses grad + momentum*buf. weight_decay adds wd*p to grad.",
    "Adam weight_decay adds wd*p to the grad (L2); AdamW multiplies p by (1 - lr*wd) before the Adam update.",
    "Adam: step = lr/bias1 * m / (sqrt(v)/sqrt(bias2) + eps); amsgrad keeps max of v (un-bias-corrected).",
    "RMSprop: eps is added after sqrt; centered uses sqrt(v - mean_grad^2) + eps; momentum buf = "
    "m*buf + g/denom, p -= lr*buf.",
    "Adagrad: clr = lr / (1 + (t-1)*lr_decay) with t the 1-based step; sum += g^2; p -= clr*g/(sqrt(sum)+eps).",
]

CLIP_NOTES = [
    "clip_grad_norm_: total_norm is the norm over all grads together (returned before clipping); "
    "clip_coef = max_norm / (total_norm + 1e-6), grads are multiplied by clip_coef only if clip_coef < 1.",
    "norm_type 'inf' means the max-abs norm.",
    "clip_grad_value_ clamps each grad element to [-clip_value, clip_value].",
]


def main():
    for family in ("sgd", "adam", "rmsprop", "adagrad"):  # adam.json holds Adam and AdamW
        cases = [trajectory(*c) for c in CONFIGS if c[0].startswith(family)]
        write(OPTIM_GOLDEN / "optimizers" / f"{family}.json", "optimizers.py", cases, OPT_NOTES)
    write(OPTIM_GOLDEN / "clip.json", "optimizers.py", clip_cases(), CLIP_NOTES)


if __name__ == "__main__":
    main()
