"""Learning-rate schedules -> optim/src/test/resources/golden/schedules.json

Epoch schedulers: outputs.lrs[e] is the learning rate in use during epoch e (e = 0..11), i.e.
after e calls to scheduler.step(). Base lr 0.1 on a plain SGD optimizer.
ReduceLROnPlateau: outputs.lrs_after_step[i] is the lr after step(val_losses[i]).
"""
import math
import warnings

import torch
from torch import optim
from torch.optim import lr_scheduler as S

from common import OPTIM_GOLDEN, scalar, write

BASE_LR = 0.1
EPOCHS = 12


def fresh_optimizer():
    return optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)


def epoch_case(name, params, make):
    opt = fresh_optimizer()
    sched = make(opt)
    lrs = []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    case = {"name": name, "params": {"base_lr": BASE_LR, **params}, "inputs": {},
            "outputs": {"lrs": [scalar(v) for v in lrs]}}
    return case, lrs


def cosine_closed_form(epoch, t_max, eta_min, base=BASE_LR):
    return eta_min + (base - eta_min) * (1 + math.cos(math.pi * epoch / t_max)) / 2


def epoch_cases():
    runs = [
        epoch_case("step_lr", {"scheduler": "StepLR", "step_size": 3, "gamma": 0.5},
                   lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        epoch_case("multi_step_lr", {"scheduler": "MultiStepLR", "milestones": [2, 5, 9], "gamma": 0.1},
                   lambda o: S.MultiStepLR(o, milestones=[2, 5, 9], gamma=0.1)),
        epoch_case("exponential_lr", {"scheduler": "ExponentialLR", "gamma": 0.9},
                   lambda o: S.ExponentialLR(o, gamma=0.9)),
        epoch_case("cosine_annealing_lr", {"scheduler": "CosineAnnealingLR", "T_max": 10, "eta_min": 0.001},
                   lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
        epoch_case("linear_lr", {"scheduler": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 4},
                   lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=4)),
        epoch_case("linear_warmup_then_cosine",
                   {"scheduler": "SequentialLR", "milestones": [4],
                    "schedulers": [
                        {"scheduler": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 4},
                        {"scheduler": "CosineAnnealingLR", "T_max": 8, "eta_min": 0.001}]},
                   lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=4),
                                                S.CosineAnnealingLR(o, T_max=8, eta_min=0.001)],
                                            milestones=[4])),
    ]
    cases = [case for case, _ in runs]
    # How far torch's recursive cosine drifts from the closed form (reported in the notes).
    cos = runs[3][1]
    drift = max(abs(v - cosine_closed_form(e, 10, 0.001)) for e, v in enumerate(cos))
    seq = runs[5][1]
    drift = max(drift, max(abs(seq[e] - cosine_closed_form(e - 4, 8, 0.001)) for e in range(4, EPOCHS)))
    return cases, drift


# 0.8499 beats 0.85 by more than the 1e-4 relative threshold; 0.84995 (after best 0.8499) does not.
PLATEAU_LOSSES = [1.0, 0.9, 0.85, 0.86, 0.8499, 0.87, 0.84995, 0.86, 0.85, 0.851, 0.852, 0.84, 0.84, 0.84,
                  0.84, 0.83, 0.8301, 0.83, 0.83, 0.83]


def plateau_case(name, kwargs, losses):
    opt = fresh_optimizer()
    sched = S.ReduceLROnPlateau(opt, **kwargs)
    after = []
    for loss in losses:
        sched.step(loss)
        after.append(scalar(opt.param_groups[0]["lr"]))
    return {"name": name, "params": {"base_lr": BASE_LR, "scheduler": "ReduceLROnPlateau", **kwargs},
            "inputs": {"val_losses": losses}, "outputs": {"lrs_after_step": after}}


def plateau_cases():
    base = {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 1e-4, "threshold_mode": "rel",
            "cooldown": 0, "min_lr": 0.0, "eps": 1e-8}
    accuracies = [0.5, 0.6, 0.6, 0.605, 0.61, 0.6105, 0.6101, 0.62, 0.62, 0.62, 0.62, 0.62]
    return [
        plateau_case("reduce_on_plateau_min_rel", base, PLATEAU_LOSSES),
        plateau_case("reduce_on_plateau_min_rel_cooldown1_min_lr0.02",
                     {**base, "cooldown": 1, "min_lr": 0.02}, PLATEAU_LOSSES),
        plateau_case("reduce_on_plateau_max_abs",
                     {**base, "mode": "max", "threshold": 0.001, "threshold_mode": "abs", "patience": 1},
                     accuracies),
    ]


def main():
    # SequentialLR calls step(0) on the cosine scheduler at the milestone; torch warns that the
    # epoch argument is deprecated. That call is part of what we record.
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")
    cases, drift = epoch_cases()
    notes = [
        "lrs[e] = lr during epoch e (after e scheduler.step() calls); base lr 0.1; torch 1.13 semantics.",
        "StepLR: base*gamma^(e//step_size). MultiStepLR: base*gamma^(number of milestones <= e). "
        "ExponentialLR: base*gamma^e.",
        "CosineAnnealingLR: torch 1.13 step() uses a recursive (chainable) update; it equals the closed form "
        "eta_min + (base-eta_min)*(1+cos(pi*e/T_max))/2 up to rounding (max difference here "
        f"{drift:.1e}). Past T_max the lr rises again (period 2*T_max), it does not stay at eta_min.",
        "LinearLR: factor goes linearly from start_factor at e=0 to end_factor at e=total_iters, then stays.",
        "SequentialLR (linear_warmup_then_cosine): epochs 0..3 follow LinearLR; at the milestone (e=4) torch "
        "calls cosine.step(0), which sets the lr to the cosine's base lr (the optimizer's initial_lr, 0.1, "
        "not whatever LinearLR reached; here both are 0.1); epochs e>=4 then follow cosine with its own epoch counter e-4.",
        "ReduceLROnPlateau rel/min: improvement iff loss < best*(1-threshold); abs/max: metric > best+threshold. "
        "After patience+1 consecutive non-improving steps (num_bad_epochs > patience) lr = max(lr*factor, min_lr), "
        "applied only if the change exceeds eps; the bad-epoch counter then resets to 0. During cooldown, "
        "bad epochs are not counted. The first step always sets best (best starts at +inf for min).",
    ]
    write(OPTIM_GOLDEN / "schedules.json", "schedules.py", cases + plateau_cases(), notes)


if __name__ == "__main__":
    main()
