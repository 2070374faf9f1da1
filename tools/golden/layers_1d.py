"""Golden values for 1-D transposed convolution and 1-D pooling
-> nn/src/test/resources/golden/conv/{conv_transpose1d,pool1d}.json

Layouts are PyTorch's: NCL inputs, conv_transpose1d weight (in, out/groups, k).
"""
import torch.nn.functional as F

from common import NN_GOLDEN, differentiate, inp, write

OUT = NN_GOLDEN / "conv"


def conv_transpose1d_cases():
    x = inp(1100, 2, 4, 5)
    specs = [
        # name, out_channels, kernel, stride, padding, output_padding, dilation, groups, bias
        ("conv_transpose1d_s1_p0", 3, 3, 1, 0, 0, 1, 1, True),
        ("conv_transpose1d_s2_p1_op1", 3, 3, 2, 1, 1, 1, 1, True),
        ("conv_transpose1d_s3_k2", 2, 2, 3, 0, 0, 1, 1, True),
        ("conv_transpose1d_dilation2", 3, 3, 1, 1, 0, 2, 1, True),
        ("conv_transpose1d_groups2_no_bias", 4, 3, 2, 1, 0, 1, 2, False),
    ]
    cases = []
    for i, (name, cout, k, s, p, op, d, g, bias) in enumerate(specs):
        inputs = {"input": x, "weight": inp(1110 + i, 4, cout // g, k, scale=0.5)}
        if bias:
            inputs["bias"] = inp(1130 + i, cout, scale=0.1)
        params = {"in_channels": 4, "out_channels": cout, "kernel_size": [k], "stride": [s], "padding": [p],
                  "output_padding": [op], "dilation": [d], "groups": g, "bias": bias}
        if bias:
            fn = lambda input, weight, bias: F.conv_transpose1d(input, weight, bias, s, p, op, g, d)
        else:
            fn = lambda input, weight: F.conv_transpose1d(input, weight, None, s, p, op, g, d)
        cases.append(differentiate(name, fn, inputs, params, seed=1100 + i))
    return cases


def pool1d_cases():
    x8 = inp(1150, 2, 3, 8)
    x7 = inp(1151, 2, 3, 7)
    cases = []
    max_specs = [
        # name, input, kernel, stride, padding, dilation, ceil_mode
        ("max_pool1d_k2_s2", x8, 2, 2, 0, 1, False),
        ("max_pool1d_k3_s2_p1", x7, 3, 2, 1, 1, False),
        ("max_pool1d_k2_s2_ceil", x7, 2, 2, 0, 1, True),
        ("max_pool1d_k2_s1_dilation2", x8, 2, 1, 1, 2, False),
    ]
    for i, (name, x, k, s, p, d, ceil) in enumerate(max_specs):
        params = {"kernel_size": [k], "stride": [s], "padding": [p], "dilation": [d], "ceil_mode": ceil}
        cases.append(differentiate(name, lambda input: F.max_pool1d(input, k, s, p, d, ceil_mode=ceil),
                                   {"input": x}, params, seed=1150 + i))
    avg_specs = [
        # name, input, kernel, stride, padding, ceil_mode, count_include_pad
        ("avg_pool1d_k2_s2", x8, 2, 2, 0, False, True),
        ("avg_pool1d_k3_s2_p1_include_pad", x7, 3, 2, 1, False, True),
        ("avg_pool1d_k3_s2_p1_exclude_pad", x7, 3, 2, 1, False, False),
        ("avg_pool1d_k2_s2_ceil", x7, 2, 2, 0, True, True),
    ]
    for i, (name, x, k, s, p, ceil, cip) in enumerate(avg_specs):
        params = {"kernel_size": [k], "stride": [s], "padding": [p], "ceil_mode": ceil, "count_include_pad": cip}
        cases.append(differentiate(name, lambda input: F.avg_pool1d(input, k, s, p, ceil, cip),
                                   {"input": x}, params, seed=1170 + i))
    return cases


NOTES = [
    "NCL layout; conv_transpose1d weight (in, out/groups, k).",
    "conv_transpose1d output length: (L-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1.",
    "Pool output length: floor or ceil((L + 2p - d*(k-1) - 1)/s) + 1; with ceil_mode a last window that would start "
    "inside the right padding only is dropped.",
    "avg_pool1d divisor: count_include_pad=True counts padded zeros; False counts only real input elements.",
    "max_pool1d gradient goes to the first maximum of each window (inputs have no ties).",
]


def main():
    write(OUT / "conv_transpose1d.json", "layers_1d.py", conv_transpose1d_cases(), NOTES)
    write(OUT / "pool1d.json", "layers_1d.py", pool1d_cases(), NOTES)


if __name__ == "__main__":
    main()
