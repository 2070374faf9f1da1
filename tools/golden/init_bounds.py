"""PyTorch default-initialization facts -> nn/src/test/resources/golden/init_bounds.json

No random values: for a few Linear and Conv2d shapes, the fan-in/fan-out torch computes and
the bounds/stds its initializers use. Values come from torch's own helpers
(_calculate_fan_in_and_fan_out, calculate_gain), and each bound is checked against a
freshly built torch module so the recorded formula is the one torch really applies.
"""
import math

import torch
from torch import nn
from torch.nn import init

from common import NN_GOLDEN, scalar, write


def facts(kind, params, weight_shape):
    w = torch.empty(*weight_shape)
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(w)
    gain_default = init.calculate_gain("leaky_relu", math.sqrt(5))
    default_std = gain_default / math.sqrt(fan_in)
    default_weight_bound = math.sqrt(3.0) * default_std  # == 1/sqrt(fan_in)
    bias_bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
    relu_gain = init.calculate_gain("relu")
    return {
        "name": f"{kind}_" + "_".join(str(v) for v in params.values()),
        "params": {"module": kind, **params},
        "inputs": {},
        "outputs": {
            "weight_shape": list(weight_shape),
            "fan_in": fan_in,
            "fan_out": fan_out,
            "default_weight_bound": scalar(default_weight_bound),
            "default_bias_bound": scalar(bias_bound),
            "kaiming_uniform_relu_fan_in_bound": scalar(relu_gain * math.sqrt(3.0 / fan_in)),
            "kaiming_normal_relu_fan_in_std": scalar(relu_gain / math.sqrt(fan_in)),
            "xavier_uniform_bound": scalar(math.sqrt(6.0 / (fan_in + fan_out))),
            "xavier_normal_std": scalar(math.sqrt(2.0 / (fan_in + fan_out))),
        },
    }


def check_against_module(module, case):
    """The module's default init must stay inside the recorded bounds and come close to them."""
    bound_w = case["outputs"]["default_weight_bound"]
    bound_b = case["outputs"]["default_bias_bound"]
    w, b = module.weight.detach(), module.bias.detach()
    assert w.abs().max() <= bound_w, case["name"]
    assert b.abs().max() <= bound_b, case["name"]
    if w.numel() >= 100:  # enough samples that the max should approach the bound
        assert w.abs().max() > 0.9 * bound_w, case["name"]


def main():
    torch.manual_seed(0)
    cases = []
    for fin, fout in [(3, 5), (4, 2), (784, 128), (128, 10)]:
        c = facts("linear", {"in_features": fin, "out_features": fout}, (fout, fin))
        check_against_module(nn.Linear(fin, fout), c)
        cases.append(c)
    for cin, cout, k, groups in [(1, 6, 5, 1), (3, 16, 3, 1), (16, 32, 3, 1), (8, 8, 3, 2), (8, 8, 3, 8)]:
        c = facts("conv2d", {"in_channels": cin, "out_channels": cout, "kernel_size": k, "groups": groups},
                  (cout, cin // groups, k, k))
        check_against_module(nn.Conv2d(cin, cout, k, groups=groups), c)
        cases.append(c)
    notes = [
        "fan_in = weight.shape[1] * prod(kernel dims) (in_channels/groups * kH * kW for conv); "
        "fan_out = weight.shape[0] * prod(kernel dims).",
        "Default Linear/Conv weight init: kaiming_uniform_(a=sqrt(5)), i.e. U(-b, b) with "
        "b = sqrt(3) * sqrt(2/(1+a^2)) / sqrt(fan_in) = 1/sqrt(fan_in).",
        "Default bias init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).",
        "kaiming_* with nonlinearity relu: gain sqrt(2); uniform bound gain*sqrt(3/fan_in), normal std gain/sqrt(fan_in).",
        "xavier_* (gain 1): uniform bound sqrt(6/(fan_in+fan_out)), normal std sqrt(2/(fan_in+fan_out)).",
        "These cases have no inputs/grads: 'outputs' holds plain numbers, not arrays.",
    ]
    write(NN_GOLDEN / "init_bounds.json", "init_bounds.py", cases, notes)


if __name__ == "__main__":
    main()
