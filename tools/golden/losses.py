"""Golden values for the nn losses -> nn/src/test/resources/golden/losses/*.json

Each case: the loss value ("outputs.output") and its gradient w.r.t. "input"
(for reduction "none", the gradient of sum(output * grad_output)).
"""
import warnings

import torch
import torch.nn.functional as F

from common import NN_GOLDEN, differentiate, inp, inp_uniform, labels, write

REDUCTIONS = ("none", "mean", "sum")
N, C = 4, 5


def regression_cases():
    cases = []
    x = inp(1, N, 3, scale=1.5)
    y = inp(2, N, 3)
    for red in REDUCTIONS:
        p = {"reduction": red}
        cases.append(differentiate(f"mse_{red}", lambda input, target: F.mse_loss(input, target, reduction=red),
                                   {"input": x, "target": y}, p, ["input"], seed=1))
        cases.append(differentiate(f"l1_{red}", lambda input, target: F.l1_loss(input, target, reduction=red),
                                   {"input": x, "target": y}, p, ["input"], seed=2))
    for beta in (1.0, 0.5):
        for red in REDUCTIONS:
            p = {"reduction": red, "beta": beta}
            cases.append(differentiate(
                f"smooth_l1_beta{beta}_{red}",
                lambda input, target: F.smooth_l1_loss(input, target, reduction=red, beta=beta),
                {"input": x, "target": y}, p, ["input"], seed=3))
            p = {"reduction": red, "delta": beta}
            cases.append(differentiate(
                f"huber_delta{beta}_{red}",
                lambda input, target: F.huber_loss(input, target, reduction=red, delta=beta),
                {"input": x, "target": y}, p, ["input"], seed=4))
    return cases


def cross_entropy_cases():
    cases = []
    logits = inp(10, N, C, scale=2.0)
    y = labels(11, N, C)
    probs = torch.softmax(inp(12, N, C), dim=1)
    probs = torch.round(probs * 10000) / 10000
    probs[:, -1] = 1 - probs[:, :-1].sum(dim=1)  # rows sum to 1 after rounding
    weight = torch.tensor([1.0, 2.0, 0.5, 1.5, 0.25])
    y_ignore = y.clone()
    y_ignore[1] = -100

    def ce(**kw):
        return lambda input, target: F.cross_entropy(input, target, **kw)

    def ce_w(**kw):
        return lambda input, target, weight: F.cross_entropy(input, target, weight=weight, **kw)

    for red in REDUCTIONS:
        cases.append(differentiate(f"cross_entropy_labels_{red}", ce(reduction=red),
                                   {"input": logits, "target": y}, {"reduction": red}, ["input"], seed=10))
        cases.append(differentiate(f"cross_entropy_probs_{red}", ce(reduction=red),
                                   {"input": logits, "target": probs}, {"reduction": red}, ["input"], seed=11))
        cases.append(differentiate(f"cross_entropy_labels_smoothing0.1_{red}", ce(reduction=red, label_smoothing=0.1),
                                   {"input": logits, "target": y}, {"reduction": red, "label_smoothing": 0.1},
                                   ["input"], seed=12))
        cases.append(differentiate(f"cross_entropy_labels_weight_{red}", ce_w(reduction=red),
                                   {"input": logits, "target": y, "weight": weight}, {"reduction": red},
                                   ["input"], seed=13))
        cases.append(differentiate(f"cross_entropy_labels_ignore_{red}", ce(reduction=red, ignore_index=-100),
                                   {"input": logits, "target": y_ignore}, {"reduction": red, "ignore_index": -100},
                                   ["input"], seed=14))
    cases.append(differentiate("cross_entropy_probs_smoothing0.1_mean", ce(reduction="mean", label_smoothing=0.1),
                               {"input": logits, "target": probs}, {"reduction": "mean", "label_smoothing": 0.1},
                               ["input"], seed=15))
    cases.append(differentiate("cross_entropy_probs_weight_mean", ce_w(reduction="mean"),
                               {"input": logits, "target": probs, "weight": weight}, {"reduction": "mean"},
                               ["input"], seed=16))
    cases.append(differentiate("cross_entropy_labels_weight_ignore_mean", ce_w(reduction="mean", ignore_index=-100),
                               {"input": logits, "target": y_ignore, "weight": weight},
                               {"reduction": "mean", "ignore_index": -100}, ["input"], seed=17))
    cases.append(differentiate("cross_entropy_labels_weight_smoothing0.1_mean",
                               ce_w(reduction="mean", label_smoothing=0.1),
                               {"input": logits, "target": y, "weight": weight},
                               {"reduction": "mean", "label_smoothing": 0.1}, ["input"], seed=18))
    # Spatial form: input (N, C, L), labels (N, L).
    logits3 = inp(19, 2, 3, 4)
    y3 = labels(20, 8, 3).reshape(2, 4)
    cases.append(differentiate("cross_entropy_spatial_labels_mean", ce(reduction="mean"),
                               {"input": logits3, "target": y3}, {"reduction": "mean"}, ["input"], seed=19))
    return cases


def nll_cases():
    cases = []
    logp = torch.log_softmax(inp(30, N, C, scale=2.0), dim=1)
    y = labels(31, N, C)
    y_ignore = y.clone()
    y_ignore[2] = -100
    weight = torch.tensor([1.0, 2.0, 0.5, 1.5, 0.25])
    for red in REDUCTIONS:
        cases.append(differentiate(f"nll_{red}", lambda input, target: F.nll_loss(input, target, reduction=red),
                                   {"input": logp, "target": y}, {"reduction": red}, ["input"], seed=30))
        cases.append(differentiate(
            f"nll_weight_ignore_{red}",
            lambda input, target, weight: F.nll_loss(input, target, weight=weight, ignore_index=-100, reduction=red),
            {"input": logp, "target": y_ignore, "weight": weight}, {"reduction": red, "ignore_index": -100},
            ["input"], seed=31))
    return cases


def bce_cases():
    cases = []
    logits = inp(40, N, 3, scale=2.0)
    target = inp_uniform(41, N, 3)
    target[0] = torch.tensor([0.0, 1.0, 1.0])  # some hard labels too
    pos_weight = torch.tensor([1.0, 3.0, 0.5])
    weight = inp_uniform(42, N, 3, low=0.5, high=1.5)
    for red in REDUCTIONS:
        cases.append(differentiate(
            f"bce_with_logits_{red}",
            lambda input, target: F.binary_cross_entropy_with_logits(input, target, reduction=red),
            {"input": logits, "target": target}, {"reduction": red}, ["input"], seed=40))
        cases.append(differentiate(
            f"bce_with_logits_pos_weight_{red}",
            lambda input, target, pos_weight: F.binary_cross_entropy_with_logits(
                input, target, pos_weight=pos_weight, reduction=red),
            {"input": logits, "target": target, "pos_weight": pos_weight}, {"reduction": red}, ["input"], seed=41))
    cases.append(differentiate(
        "bce_with_logits_weight_pos_weight_mean",
        lambda input, target, weight, pos_weight: F.binary_cross_entropy_with_logits(
            input, target, weight=weight, pos_weight=pos_weight, reduction="mean"),
        {"input": logits, "target": target, "weight": weight, "pos_weight": pos_weight}, {"reduction": "mean"},
        ["input"], seed=42))
    probs = torch.round(torch.sigmoid(logits) * 10000) / 10000
    for red in REDUCTIONS:
        cases.append(differentiate(
            f"bce_probs_{red}",
            lambda input, target: F.binary_cross_entropy(input, target, reduction=red),
            {"input": probs, "target": target}, {"reduction": red}, ["input"], seed=43))
    return cases


def kl_cases():
    cases = []
    logp = torch.log_softmax(inp(50, N, C), dim=1)
    q = torch.softmax(inp(51, N, C), dim=1)
    q = torch.round(q * 10000) / 10000
    q[:, -1] = 1 - q[:, :-1].sum(dim=1)
    for red in ("batchmean", "sum", "none", "mean"):
        cases.append(differentiate(
            f"kl_div_{red}", lambda input, target: F.kl_div(input, target, reduction=red),
            {"input": logp, "target": q}, {"reduction": red, "log_target": False}, ["input"], seed=50))
    return cases


NOTES = [
    "grads.input is d(loss)/d(input); for reduction 'none' it is d(sum(output*grad_output))/d(input).",
    "cross_entropy with weight and reduction 'mean' divides by the sum of the weights of the counted targets "
    "(ignore_index targets excluded); with probability targets it divides by N, not by the weights.",
    "label_smoothing eps: target becomes (1-eps)*onehot + eps/C; with class weights the smoothing term is "
    "weighted per class as well.",
    "ignore_index targets contribute 0 to the loss and 0 gradient, and are excluded from the 'mean' denominator.",
    "kl_div input is log-probabilities, target is probabilities (log_target=False); pointwise "
    "target*(log(target)-input); 'batchmean' divides the sum by N, 'mean' by the element count (torch warns).",
    "smooth_l1(beta) = 0.5*d^2/beta if |d|<beta else |d|-0.5*beta; huber(delta) = beta*smooth_l1 with beta=delta.",
    "bce_with_logits pos_weight multiplies the positive term: -(pw*y*log(sig(x)) + (1-y)*log(1-sig(x))).",
    "F.binary_cross_entropy clamps log at -100.",
]


def main():
    warnings.filterwarnings("ignore", message="reduction: 'mean' divides")  # kl_div 'mean' is on purpose
    out = NN_GOLDEN / "losses"
    write(out / "regression.json", "losses.py", regression_cases(), NOTES)
    write(out / "cross_entropy.json", "losses.py", cross_entropy_cases(), NOTES)
    write(out / "nll.json", "losses.py", nll_cases(), NOTES)
    write(out / "bce.json", "losses.py", bce_cases(), NOTES)
    write(out / "kl_div.json", "losses.py", kl_cases(), NOTES)


if __name__ == "__main__":
    main()
