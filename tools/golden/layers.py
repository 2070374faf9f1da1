"""Golden values for Linear, activations and LayerNorm -> nn/src/test/resources/golden/layers/*.json"""
import torch
import torch.nn.functional as F

from common import NN_GOLDEN, differentiate, inp, write


def linear_cases():
    x = inp(100, 3, 4)
    w = inp(101, 5, 4, scale=0.5)
    b = inp(102, 5, scale=0.1)
    x3 = inp(103, 2, 3, 4)
    return [
        differentiate("linear_bias", lambda input, weight, bias: F.linear(input, weight, bias),
                      {"input": x, "weight": w, "bias": b}, {"in_features": 4, "out_features": 5}, seed=100),
        differentiate("linear_no_bias", lambda input, weight: F.linear(input, weight),
                      {"input": x, "weight": w}, {"in_features": 4, "out_features": 5}, seed=101),
        # Leading batch dimensions are flattened: (2, 3, 4) -> (2, 3, 5).
        differentiate("linear_bias_3d_input", lambda input, weight, bias: F.linear(input, weight, bias),
                      {"input": x3, "weight": w, "bias": b}, {"in_features": 4, "out_features": 5}, seed=102),
    ]


def activation_cases():
    x = inp(110, 3, 4, scale=2.0)
    wide = torch.tensor([[-30.0, -5.0, -1.0, -0.25], [0.25, 1.0, 5.0, 30.0]])  # saturating tails
    acts = [
        ("relu", {}, F.relu),
        ("leaky_relu_0.01", {"negative_slope": 0.01}, lambda t: F.leaky_relu(t, 0.01)),
        ("leaky_relu_0.2", {"negative_slope": 0.2}, lambda t: F.leaky_relu(t, 0.2)),
        ("elu_1.0", {"alpha": 1.0}, lambda t: F.elu(t, 1.0)),
        ("gelu_erf", {"approximate": "none"}, lambda t: F.gelu(t, approximate="none")),
        ("gelu_tanh", {"approximate": "tanh"}, lambda t: F.gelu(t, approximate="tanh")),
        ("silu", {}, F.silu),
        ("sigmoid", {}, torch.sigmoid),
        ("tanh", {}, torch.tanh),
        ("softmax_dim1", {"dim": 1}, lambda t: F.softmax(t, dim=1)),
        ("log_softmax_dim1", {"dim": 1}, lambda t: F.log_softmax(t, dim=1)),
        ("softplus", {"beta": 1.0, "threshold": 20.0}, F.softplus),
        ("softplus_beta2_threshold5", {"beta": 2.0, "threshold": 5.0}, lambda t: F.softplus(t, 2.0, 5.0)),
    ]
    cases = []
    for i, (name, params, fn) in enumerate(acts):
        cases.append(differentiate(name, lambda input: fn(input), {"input": x}, params, seed=110 + i))
        cases.append(differentiate(name + "_wide", lambda input: fn(input), {"input": wide}, params, seed=130 + i))
    # softmax over a non-last dim of a 3-d input
    x3 = inp(111, 2, 3, 2)
    cases.append(differentiate("softmax_dim1_3d", lambda input: F.softmax(input, dim=1), {"input": x3},
                               {"dim": 1}, seed=150))
    cases.append(differentiate("log_softmax_dim1_3d", lambda input: F.log_softmax(input, dim=1), {"input": x3},
                               {"dim": 1}, seed=151))
    return cases


def layer_norm_cases():
    x = inp(120, 3, 4, scale=2.0, offset=1.0)
    w = inp(121, 4, scale=0.5, offset=1.0)
    b = inp(122, 4, scale=0.1)
    x3 = inp(123, 2, 2, 3)
    w2 = inp(124, 2, 3, scale=0.5, offset=1.0)
    b2 = inp(125, 2, 3, scale=0.1)
    return [
        differentiate("layer_norm_last_dim",
                      lambda input, weight, bias: F.layer_norm(input, (4,), weight, bias, eps=1e-5),
                      {"input": x, "weight": w, "bias": b}, {"normalized_shape": [4], "eps": 1e-5}, seed=120),
        differentiate("layer_norm_no_affine", lambda input: F.layer_norm(input, (4,), eps=1e-5),
                      {"input": x}, {"normalized_shape": [4], "eps": 1e-5}, seed=121),
        differentiate("layer_norm_last_two_dims",
                      lambda input, weight, bias: F.layer_norm(input, (2, 3), weight, bias, eps=1e-5),
                      {"input": x3, "weight": w2, "bias": b2}, {"normalized_shape": [2, 3], "eps": 1e-5},
                      seed=122),
    ]


NOTES = [
    "F.linear: output = input @ weight^T + bias; weight shape (out_features, in_features).",
    "relu/leaky_relu gradient at exactly 0 is not exercised (inputs avoid 0).",
    "softplus(x) = log(1+exp(beta*x))/beta, and x itself where beta*x > threshold.",
    "gelu 'tanh' = 0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))).",
    "layer_norm uses the biased variance (divide by the element count) and eps inside the sqrt.",
    "Cases named *_wide use fixed inputs with saturating tails (+-30, +-5).",
]


def main():
    out = NN_GOLDEN / "layers"
    write(out / "linear.json", "layers.py", linear_cases(), NOTES)
    write(out / "activations.json", "layers.py", activation_cases(), NOTES)
    write(out / "layer_norm.json", "layers.py", layer_norm_cases(), NOTES)


if __name__ == "__main__":
    main()
