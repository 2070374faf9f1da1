"""Golden values for convolution, pooling, batch norm, upsampling and a ResNet basic block
-> nn/src/test/resources/golden/conv/*.json

Layouts are PyTorch's: NCHW inputs, conv weight (out, in/groups, kH, kW),
conv_transpose weight (in, out/groups, kH, kW).
"""
import torch
import torch.nn.functional as F

from common import NN_GOLDEN, differentiate, inp, write

OUT = NN_GOLDEN / "conv"


def conv2d_cases():
    x = inp(200, 1, 2, 5, 5)
    specs = [
        # name, out_channels, kernel, stride, padding, dilation, groups
        ("conv2d_s1_p0", 3, 3, 1, 0, 1, 1),
        ("conv2d_s1_p1", 3, 3, 1, 1, 1, 1),
        ("conv2d_s2_p1", 3, 3, 2, 1, 1, 1),
        ("conv2d_s2_p0_k2", 3, 2, 2, 0, 1, 1),
        ("conv2d_dilation2_p2", 3, 3, 1, 2, 2, 1),
        ("conv2d_groups2", 4, 3, 1, 1, 1, 2),
        ("conv2d_depthwise", 2, 3, 1, 1, 1, 2),
        ("conv2d_depthwise_multiplier2", 4, 3, 2, 1, 1, 2),
    ]
    cases = []
    for i, (name, cout, k, s, p, d, g) in enumerate(specs):
        w = inp(210 + i, cout, 2 // g, k, k, scale=0.5)
        b = inp(230 + i, cout, scale=0.1)
        params = {"stride": [s, s], "padding": [p, p], "dilation": [d, d], "groups": g}
        cases.append(differentiate(
            name, lambda input, weight, bias: F.conv2d(input, weight, bias, s, p, d, g),
            {"input": x, "weight": w, "bias": b}, params, seed=200 + i))
    # A batch of two, so weight/bias gradients accumulate over samples.
    x2 = inp(201, 2, 2, 5, 5)
    w = inp(240, 3, 2, 3, 3, scale=0.5)
    b = inp(241, 3, scale=0.1)
    cases.append(differentiate(
        "conv2d_s1_p1_batch2", lambda input, weight, bias: F.conv2d(input, weight, bias, 1, 1),
        {"input": x2, "weight": w, "bias": b}, {"stride": [1, 1], "padding": [1, 1], "dilation": [1, 1], "groups": 1},
        seed=240))
    # Rectangular kernel, asymmetric stride/padding, no bias.
    w = inp(250, 2, 2, 2, 3, scale=0.5)
    cases.append(differentiate(
        "conv2d_rect_no_bias", lambda input, weight: F.conv2d(input, weight, None, (2, 1), (1, 0)),
        {"input": x, "weight": w}, {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 1], "groups": 1},
        seed=250))
    return cases


def conv1d_cases():
    x = inp(300, 2, 2, 7)
    specs = [
        ("conv1d_s1_p1", 3, 1, 1, 1, 1),
        ("conv1d_s2_p0", 3, 2, 0, 1, 1),
        ("conv1d_dilation2_p2", 3, 1, 2, 2, 1),
        ("conv1d_groups2", 4, 1, 1, 1, 2),
    ]
    cases = []
    for i, (name, cout, s, p, d, g) in enumerate(specs):
        w = inp(310 + i, cout, 2 // g, 3, scale=0.5)
        b = inp(320 + i, cout, scale=0.1)
        params = {"stride": [s], "padding": [p], "dilation": [d], "groups": g}
        cases.append(differentiate(
            name, lambda input, weight, bias: F.conv1d(input, weight, bias, s, p, d, g),
            {"input": x, "weight": w, "bias": b}, params, seed=300 + i))
    return cases


def conv_transpose2d_cases():
    x = inp(400, 1, 2, 3, 3)
    specs = [
        # name, stride, padding, output_padding, kernel
        ("conv_transpose2d_s2_p1_op1", 2, 1, 1, 3),
        ("conv_transpose2d_s1_p0", 1, 0, 0, 3),
        ("conv_transpose2d_s2_p0_k2", 2, 0, 0, 2),
    ]
    cases = []
    for i, (name, s, p, op, k) in enumerate(specs):
        w = inp(410 + i, 2, 3, k, k, scale=0.5)
        b = inp(420 + i, 3, scale=0.1)
        params = {"stride": [s, s], "padding": [p, p], "output_padding": [op, op], "dilation": [1, 1], "groups": 1}
        cases.append(differentiate(
            name, lambda input, weight, bias: F.conv_transpose2d(input, weight, bias, s, p, op),
            {"input": x, "weight": w, "bias": b}, params, seed=400 + i))
    return cases


def pool_cases():
    x6 = inp(500, 1, 2, 6, 6)
    x5 = inp(501, 1, 2, 5, 5)
    cases = []
    max_specs = [
        # name, input, kernel, stride, padding, ceil_mode
        ("max_pool2d_k2_s2", x6, 2, 2, 0, False),
        ("max_pool2d_k2_s1", x5, 2, 1, 0, False),
        ("max_pool2d_k3_s2_p1", x6, 3, 2, 1, False),
        ("max_pool2d_k3_s2_p0", x6, 3, 2, 0, False),
        ("max_pool2d_k3_s2_p0_ceil", x6, 3, 2, 0, True),
        ("max_pool2d_k2_s2_ceil", x5, 2, 2, 0, True),
    ]
    for i, (name, x, k, s, p, ceil) in enumerate(max_specs):
        params = {"kernel_size": [k, k], "stride": [s, s], "padding": [p, p], "dilation": [1, 1],
                  "ceil_mode": ceil}
        cases.append(differentiate(name, lambda input: F.max_pool2d(input, k, s, p, ceil_mode=ceil),
                                   {"input": x}, params, seed=500 + i))
    avg_specs = [
        # name, input, kernel, stride, padding, ceil_mode, count_include_pad
        ("avg_pool2d_k2_s2", x6, 2, 2, 0, False, True),
        ("avg_pool2d_k3_s2_p1_include_pad", x5, 3, 2, 1, False, True),
        ("avg_pool2d_k3_s2_p1_exclude_pad", x5, 3, 2, 1, False, False),
        ("avg_pool2d_k2_s2_ceil_include_pad", x5, 2, 2, 0, True, True),
        ("avg_pool2d_k2_s2_ceil_exclude_pad", x5, 2, 2, 0, True, False),
        ("avg_pool2d_k3_s2_p1_ceil_include_pad", x6, 3, 2, 1, True, True),
    ]
    for i, (name, x, k, s, p, ceil, cip) in enumerate(avg_specs):
        params = {"kernel_size": [k, k], "stride": [s, s], "padding": [p, p], "ceil_mode": ceil,
                  "count_include_pad": cip}
        cases.append(differentiate(
            name, lambda input: F.avg_pool2d(input, k, s, p, ceil_mode=ceil, count_include_pad=cip),
            {"input": x}, params, seed=520 + i))
    for i, size in enumerate([(1, 1), (2, 2), (3, 2)]):
        cases.append(differentiate(f"adaptive_avg_pool2d_{size[0]}x{size[1]}",
                                   lambda input: F.adaptive_avg_pool2d(input, size),
                                   {"input": x5}, {"output_size": list(size)}, seed=540 + i))
    return cases


def batch_norm_cases():
    x = inp(600, 3, 2, 2, 2, scale=2.0, offset=0.5)
    w = inp(601, 2, scale=0.5, offset=1.0)
    b = inp(602, 2, scale=0.1)
    rm0 = torch.tensor([0.1, -0.2])
    rv0 = torch.tensor([0.9, 1.5])
    x1d = inp(603, 4, 3)
    w1d = inp(604, 3, scale=0.5, offset=1.0)
    b1d = inp(605, 3, scale=0.1)
    rm1 = torch.tensor([0.0, 0.5, -0.5])
    rv1 = torch.tensor([1.0, 2.0, 0.5])
    eps, momentum = 1e-5, 0.1

    def train(input, weight, bias, running_mean, running_var):
        rm, rv = running_mean.clone(), running_var.clone()
        out = F.batch_norm(input, rm, rv, weight, bias, training=True, momentum=momentum, eps=eps)
        return {"output": out, "running_mean": rm, "running_var": rv}

    def evaluate(input, weight, bias, running_mean, running_var):
        return F.batch_norm(input, running_mean, running_var, weight, bias, training=False, eps=eps)

    params = {"eps": eps, "momentum": momentum}
    return [
        differentiate("batch_norm2d_train", train,
                      {"input": x, "weight": w, "bias": b, "running_mean": rm0, "running_var": rv0},
                      {**params, "training": True}, ["input", "weight", "bias"], seed=600),
        differentiate("batch_norm2d_eval", evaluate,
                      {"input": x, "weight": w, "bias": b, "running_mean": rm0, "running_var": rv0},
                      {**params, "training": False}, ["input", "weight", "bias"], seed=601),
        differentiate("batch_norm1d_train", train,
                      {"input": x1d, "weight": w1d, "bias": b1d, "running_mean": rm1, "running_var": rv1},
                      {**params, "training": True}, ["input", "weight", "bias"], seed=602),
        differentiate("batch_norm1d_eval", evaluate,
                      {"input": x1d, "weight": w1d, "bias": b1d, "running_mean": rm1, "running_var": rv1},
                      {**params, "training": False}, ["input", "weight", "bias"], seed=603),
    ]


def upsample_cases():
    x = inp(700, 1, 2, 3, 3)
    return [
        differentiate("upsample_nearest_x2", lambda input: F.interpolate(input, scale_factor=2, mode="nearest"),
                      {"input": x}, {"scale_factor": 2, "mode": "nearest"}, seed=700),
        differentiate("upsample_nearest_size_5x4",
                      lambda input: F.interpolate(input, size=(5, 4), mode="nearest"),
                      {"input": x}, {"size": [5, 4], "mode": "nearest"}, seed=701),
    ]


def resnet_block_cases():
    """BasicBlock(in=2, out=4, stride=2), training-mode batch norm:
    relu(bn2(conv2(relu(bn1(conv1(x))))) + bn_sc(conv_sc(x)))
    conv1 3x3 s2 p1, conv2 3x3 s1 p1, conv_sc 1x1 s2 p0, all without bias.
    """
    eps, momentum = 1e-5, 0.1
    inputs = {
        "input": inp(800, 2, 2, 6, 6),
        "conv1_weight": inp(801, 4, 2, 3, 3, scale=0.4),
        "bn1_weight": inp(802, 4, scale=0.2, offset=1.0),
        "bn1_bias": inp(803, 4, scale=0.1),
        "conv2_weight": inp(804, 4, 4, 3, 3, scale=0.3),
        "bn2_weight": inp(805, 4, scale=0.2, offset=1.0),
        "bn2_bias": inp(806, 4, scale=0.1),
        "shortcut_conv_weight": inp(807, 4, 2, 1, 1, scale=0.5),
        "shortcut_bn_weight": inp(808, 4, scale=0.2, offset=1.0),
        "shortcut_bn_bias": inp(809, 4, scale=0.1),
    }

    def block(input, conv1_weight, bn1_weight, bn1_bias, conv2_weight, bn2_weight, bn2_bias,
              shortcut_conv_weight, shortcut_bn_weight, shortcut_bn_bias):
        stats = {name: (torch.zeros(4), torch.ones(4)) for name in ("bn1", "bn2", "shortcut_bn")}

        def bn(t, name, w, b):
            rm, rv = stats[name]
            return F.batch_norm(t, rm, rv, w, b, training=True, momentum=momentum, eps=eps)

        h = F.relu(bn(F.conv2d(input, conv1_weight, stride=2, padding=1), "bn1", bn1_weight, bn1_bias))
        h = bn(F.conv2d(h, conv2_weight, stride=1, padding=1), "bn2", bn2_weight, bn2_bias)
        sc = bn(F.conv2d(input, shortcut_conv_weight, stride=2), "shortcut_bn", shortcut_bn_weight,
                shortcut_bn_bias)
        result = {"output": F.relu(h + sc)}
        for name, (rm, rv) in stats.items():
            result[f"{name}_running_mean"] = rm
            result[f"{name}_running_var"] = rv
        return result

    params = {"in_channels": 2, "out_channels": 4, "stride": 2, "bn_eps": eps, "bn_momentum": momentum,
              "bn_training": True, "bn_initial_running_mean": 0.0, "bn_initial_running_var": 1.0}
    return [differentiate("resnet_basic_block_s2_projection", block, inputs, params, seed=800)]


NOTES = [
    "NCHW layout; conv weight (out, in/groups, kH, kW); conv_transpose weight (in, out/groups, kH, kW).",
    "conv_transpose2d output size: (H-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1.",
    "Pool output size: floor or ceil((H + 2p - k)/s) + 1; with ceil_mode a last window that would start "
    "inside the right padding only is dropped.",
    "avg_pool2d divisor: count_include_pad=True counts padded zeros but NOT positions past the padded input "
    "that ceil_mode adds; count_include_pad=False counts only real input elements.",
    "max_pool2d gradient goes to the first maximum of each window (inputs have no ties).",
    "batch_norm training: normalizes with the biased batch variance; running_var is updated with the "
    "UNBIASED batch variance: running = (1-momentum)*running + momentum*batch_stat.",
    "batch_norm eval: uses running_mean/running_var given in inputs; they are not updated.",
    "running_mean/running_var are inputs without gradients; extra outputs hold the updated values.",
    "adaptive_avg_pool2d window i spans [floor(i*H/out), ceil((i+1)*H/out)).",
    "nearest upsampling source index = floor(dst_index * in_size / out_size) (torch 'nearest', not 'nearest-exact').",
    "resnet block: running stats start at mean 0, var 1 for all three batch norms.",
]


def main():
    write(OUT / "conv2d.json", "conv.py", conv2d_cases(), NOTES)
    write(OUT / "conv1d.json", "conv.py", conv1d_cases(), NOTES)
    write(OUT / "conv_transpose2d.json", "conv.py", conv_transpose2d_cases(), NOTES)
    write(OUT / "pool.json", "conv.py", pool_cases(), NOTES)
    write(OUT / "batch_norm.json", "conv.py", batch_norm_cases(), NOTES)
    write(OUT / "upsample.json", "conv.py", upsample_cases(), NOTES)
    write(OUT / "resnet_block.json", "conv.py", resnet_block_cases(), NOTES)


if __name__ == "__main__":
    main()
