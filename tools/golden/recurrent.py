"""Golden values for Embedding, RNN (tanh/relu), LSTM and GRU -> nn/src/test/resources/golden/recurrent/*.json"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from common import NN_GOLDEN, REPO, arr, differentiate, inp, write


def embedding_cases():
    weight = inp(200, 7, 3)
    indices = torch.tensor([[0, 2, 5, 0], [6, 2, 2, 1]])
    return [
        differentiate("embedding", lambda weight: F.embedding(indices, weight), {"weight": weight},
                      {"num_embeddings": 7, "embedding_dim": 3, "indices": arr(indices)}, seed=200),
        # The padding row receives no gradient (it is looked up like any other row).
        differentiate("embedding_padding_idx", lambda weight: F.embedding(indices, weight, padding_idx=2),
                      {"weight": weight}, {"num_embeddings": 7, "embedding_dim": 3, "padding_idx": 2,
                                           "indices": arr(indices)}, seed=201),
    ]


def recurrent_case(name, kind, seed, input_size=3, hidden=4, layers=1, bidirectional=False, batch_first=False,
                   nonlinearity="tanh", with_state=False, lengths=None, steps=5, batch=3):
    """One module run: inputs (input, h0, c0), every parameter by its state_dict name, outputs and gradients of
    sum(output * grad_output) + sum(h_n * grad_h) + sum(c_n * grad_c)."""
    kwargs = dict(num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    if kind == "RNN":
        module = nn.RNN(input_size, hidden, nonlinearity=nonlinearity, **kwargs)
    else:
        module = getattr(nn, kind)(input_size, hidden, **kwargs)
    dirs = 2 if bidirectional else 1
    params = {}
    for i, (key, p) in enumerate(module.named_parameters()):
        with torch.no_grad():
            p.copy_(inp(seed + 1 + i, *p.shape, scale=0.4))
        params[key] = p
    x = inp(seed, *((batch, steps, input_size) if batch_first else (steps, batch, input_size))).requires_grad_(True)
    state = []
    if with_state:
        state.append(inp(seed + 50, layers * dirs, batch, hidden, scale=0.5).requires_grad_(True))
        if kind == "LSTM":
            state.append(inp(seed + 51, layers * dirs, batch, hidden, scale=0.5).requires_grad_(True))
    hx = None if not state else (tuple(state) if kind == "LSTM" else state[0])
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out, final = module(packed, hx)
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=steps)
    else:
        out, final = module(x, hx)
    h_n, c_n = final if kind == "LSTM" else (final, None)
    grad_out = inp(10_000 + seed, *out.shape)
    grad_h = inp(10_001 + seed, *h_n.shape)
    loss = (out * grad_out).sum() + (h_n * grad_h).sum()
    if c_n is not None:
        grad_c = inp(10_002 + seed, *c_n.shape)
        loss = loss + (c_n * grad_c).sum()
    loss.backward()
    case = {"name": name, "params": {"mode": kind, "input_size": input_size, "hidden_size": hidden, "num_layers": layers,
                                     "bidirectional": bidirectional, "batch_first": batch_first}}
    if kind == "RNN":
        case["params"]["nonlinearity"] = nonlinearity
    inputs = {"input": arr(x)}
    if lengths is not None:
        inputs["lengths"] = arr(torch.tensor(lengths))
    if state:
        inputs["h0"] = arr(state[0])
        if kind == "LSTM":
            inputs["c0"] = arr(state[1])
    case["inputs"] = inputs
    case["parameters"] = {k: arr(p) for k, p in params.items()}
    case["outputs"] = {"output": arr(out), "h_n": arr(h_n)}
    case["grad_output"] = arr(grad_out)
    case["grad_h"] = arr(grad_h)
    if c_n is not None:
        case["outputs"]["c_n"] = arr(c_n)
        case["grad_c"] = arr(grad_c)
    grads = {"input": arr(x.grad)}
    if state:
        grads["h0"] = arr(state[0].grad)
        if kind == "LSTM":
            grads["c0"] = arr(state[1].grad)
    grads.update({k: arr(p.grad) for k, p in params.items()})
    case["grads"] = grads
    return case


def recurrent_cases():
    cases = []
    for kind, seed in (("RNN", 300), ("LSTM", 400), ("GRU", 500)):
        low = kind.lower()
        cases.append(recurrent_case(f"{low}_one_layer", kind, seed))
        cases.append(recurrent_case(f"{low}_two_layers_bidirectional_batch_first_state", kind, seed + 10, layers=2,
                                    bidirectional=True, batch_first=True, with_state=True))
        cases.append(recurrent_case(f"{low}_packed_bidirectional", kind, seed + 20, bidirectional=True,
                                    lengths=[5, 2, 4]))
        cases.append(recurrent_case(f"{low}_packed_two_layers_batch_first_state", kind, seed + 30, layers=2,
                                    batch_first=True, with_state=True, lengths=[3, 5, 1]))
    cases.append(recurrent_case("rnn_relu_two_layers_bidirectional", "RNN", 600, layers=2, bidirectional=True,
                                nonlinearity="relu"))
    cases.append(recurrent_case("rnn_relu_packed", "RNN", 610, nonlinearity="relu", lengths=[4, 5, 2]))
    return cases


NOTES = [
    "Embedding: output[i] = weight[indices[i]]; with padding_idx the gradient of that row is zero.",
    "RNN/LSTM/GRU: parameters are the torch module's, by state_dict name, set from seeded inputs (x0.4).",
    "grads hold the gradient of sum(output*grad_output) + sum(h_n*grad_h) (+ sum(c_n*grad_c) for LSTM).",
    "Packed cases: pack_padded_sequence(enforce_sorted=False) with 'lengths', then pad_packed_sequence(total_length=T):",
    "outputs past a sequence's length are zero, h_n/c_n are the states after each sequence's last valid step.",
    "GRU: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); gate orders LSTM i,f,g,o and GRU r,z,n.",
]


def torch_safetensors_fixture():
    """An F32 bidirectional 2-layer LSTM's state_dict as torch holds it, with an input and torch's output, written
    by tools/make_safetensors_fixture.py's serializer: the weights must load into jgrad's LSTM unchanged."""
    sys.path.insert(0, str(REPO / "tools"))
    from make_safetensors_fixture import serialize
    torch.manual_seed(1234)
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True).float()
    x = torch.randn(2, 5, 3, dtype=torch.float32)
    with torch.no_grad():
        out, (h, c) = lstm(x)
    tensors = dict(lstm.state_dict())
    tensors.update({"test.input": x, "test.output": out, "test.h_n": h, "test.c_n": c})
    path = NN_GOLDEN / "recurrent" / "lstm_torch.safetensors"
    path.write_bytes(serialize(tensors, {"format": "pt"}))
    print(f"wrote {path.relative_to(REPO)}")


def main():
    write(NN_GOLDEN / "recurrent" / "embedding.json", "recurrent.py", embedding_cases(), NOTES[:1])
    write(NN_GOLDEN / "recurrent" / "recurrent.json", "recurrent.py", recurrent_cases(), NOTES)
    torch_safetensors_fixture()


if __name__ == "__main__":
    main()
