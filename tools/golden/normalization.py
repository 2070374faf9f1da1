"""Golden values for group and instance normalization
-> nn/src/test/resources/golden/layers/{group_norm,instance_norm}.json

weight and bias are per channel ([C]); running_mean/running_var are inputs without gradients, and the
training cases that track them record the updated values as extra outputs.
"""
import torch.nn.functional as F

from common import NN_GOLDEN, differentiate, inp, write

OUT = NN_GOLDEN / "layers"


def group_norm_cases():
    cases = []
    specs = [
        # name, input shape, groups, affine, eps
        ("group_norm_2d_g2", (2, 4, 3, 3), 2, True, 1e-5),
        ("group_norm_2d_g1", (2, 4, 2, 3), 1, True, 1e-5),
        ("group_norm_2d_per_channel", (2, 4, 2, 2), 4, True, 1e-5),
        ("group_norm_1d_g3_eps", (3, 6, 4), 3, True, 1e-3),
        ("group_norm_no_affine", (2, 4, 5), 2, False, 1e-5),
    ]
    for i, (name, shape, groups, affine, eps) in enumerate(specs):
        c = shape[1]
        inputs = {"input": inp(1200 + i, *shape, scale=1.5, offset=0.3)}
        if affine:
            inputs["weight"] = inp(1220 + i, c, scale=0.5, offset=1.0)
            inputs["bias"] = inp(1240 + i, c, scale=0.2)
        params = {"num_groups": groups, "num_channels": c, "eps": eps, "affine": affine}
        if affine:
            fn = lambda input, weight, bias: F.group_norm(input, groups, weight, bias, eps)
        else:
            fn = lambda input: F.group_norm(input, groups, None, None, eps)
        cases.append(differentiate(name, fn, inputs, params, seed=1200 + i))
    return cases


def instance_norm_cases():
    cases = []
    momentum = 0.1
    specs = [
        # name, input shape, affine, eps
        ("instance_norm2d_affine", (2, 3, 3, 4), True, 1e-5),
        ("instance_norm2d", (2, 3, 3, 3), False, 1e-5),
        ("instance_norm1d_affine_eps", (3, 2, 5), True, 1e-3),
        ("instance_norm1d", (2, 4, 6), False, 1e-5),
    ]
    for i, (name, shape, affine, eps) in enumerate(specs):
        c = shape[1]
        inputs = {"input": inp(1300 + i, *shape, scale=2.0, offset=-0.4)}
        if affine:
            inputs["weight"] = inp(1320 + i, c, scale=0.5, offset=1.0)
            inputs["bias"] = inp(1340 + i, c, scale=0.2)
        params = {"num_features": c, "eps": eps, "momentum": momentum, "affine": affine,
                  "track_running_stats": False, "use_input_stats": True}
        if affine:
            fn = lambda input, weight, bias: F.instance_norm(input, weight=weight, bias=bias, eps=eps)
        else:
            fn = lambda input: F.instance_norm(input, eps=eps)
        cases.append(differentiate(name, fn, inputs, params, seed=1300 + i))

    # Tracking running statistics: training updates them (mean over samples of the per-instance mean and
    # unbiased variance), eval normalizes with them.
    x = inp(1360, 3, 2, 2, 3, scale=1.5, offset=0.5)
    w = inp(1361, 2, scale=0.5, offset=1.0)
    b = inp(1362, 2, scale=0.2)
    rm = inp(1363, 2, scale=0.2)
    rv = inp(1364, 2, scale=0.2, offset=1.2)
    eps = 1e-5

    def train(input, weight, bias, running_mean, running_var):
        m, v = running_mean.clone(), running_var.clone()
        out = F.instance_norm(input, m, v, weight, bias, use_input_stats=True, momentum=momentum, eps=eps)
        return {"output": out, "running_mean": m, "running_var": v}

    def evaluate(input, weight, bias, running_mean, running_var):
        return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats=False, eps=eps)

    inputs = {"input": x, "weight": w, "bias": b, "running_mean": rm, "running_var": rv}
    params = {"num_features": 2, "eps": eps, "momentum": momentum, "affine": True, "track_running_stats": True}
    cases.append(differentiate("instance_norm2d_track_train", train, inputs, {**params, "use_input_stats": True},
                               ["input", "weight", "bias"], seed=1360))
    cases.append(differentiate("instance_norm2d_track_eval", evaluate, inputs, {**params, "use_input_stats": False},
                               ["input", "weight", "bias"], seed=1361))
    return cases


NOTES = [
    "group_norm: input [N, C, ...] split into num_groups groups of C/num_groups channels; each (sample, group) is "
    "normalized with its own mean and BIASED variance, then weight[c] * y + bias[c].",
    "instance_norm: each (sample, channel) normalized with its own mean and biased variance (use_input_stats=True).",
    "instance_norm tracking running stats, training: running = (1-momentum)*running + momentum*mean_over_samples(stat), "
    "stat = per-instance mean, and per-instance UNBIASED variance for running_var.",
    "instance_norm use_input_stats=False (a tracking layer in eval mode): normalizes with running_mean/running_var, "
    "which are not updated.",
    "running_mean/running_var are inputs without gradients; extra outputs hold the updated values.",
]


def main():
    write(OUT / "group_norm.json", "normalization.py", group_norm_cases(), NOTES)
    write(OUT / "instance_norm.json", "normalization.py", instance_norm_cases(), NOTES)


if __name__ == "__main__":
    main()
