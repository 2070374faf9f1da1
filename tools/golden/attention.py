"""Golden values for attention and Transformer layers (nn.MultiheadAttention with every option)
-> nn/src/test/resources/golden/attention/{multihead_attention,rms_norm,transformer}.json
   and nn/src/test/resources/golden/attention/{encoder_layer,mha_kdim_vdim}.safetensors

Every parameter is an input (named as in PyTorch's state_dict: "self_attn.in_proj_weight", "linear1.bias", ...),
so the Java test loads the case's parameters as a state dict and compares the output and the gradient of every
input and parameter. Dropout is 0 (random otherwise); modules run in training mode. Masks are int64 arrays of 0/1
standing for BOOL (true = 1), as PyTorch's nn.MultiheadAttention reads them: attn_mask true forbids, and
key_padding_mask true ignores the key.

RMSNorm is not in torch 1.13; its cases compute PyTorch 2.4's definition by hand: x * rsqrt(mean(x^2) + eps) *
weight over the normalized trailing dimensions, eps = torch.finfo(float64).eps when None.
"""
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.nn.utils.stateless import functional_call

from common import NN_GOLDEN, differentiate, inp, write

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from make_safetensors_fixture import serialize  # noqa: E402

OUT = NN_GOLDEN / "attention"


def causal(lq, lk):
    return torch.triu(torch.ones(lq, lk, dtype=torch.bool), diagonal=1)


def padding(rows):
    return torch.tensor(rows, dtype=torch.bool)


def mha_params(seed, e, bias=True):
    p = {"in_proj_weight": inp(seed, 3 * e, e, scale=0.4), "out_proj.weight": inp(seed + 1, e, e, scale=0.4)}
    if bias:
        p["in_proj_bias"] = inp(seed + 2, 3 * e, scale=0.1)
        p["out_proj.bias"] = inp(seed + 3, e, scale=0.1)
    return p


def mha_cases():
    cases = []
    specs = [
        # name, E, H, Lq, Lk, B, self, batch_first, attn_mask, key_padding_mask, need_weights, average
        ("mha_self", 8, 2, 5, 5, 3, True, False, None, None, True, True),
        ("mha_self_batch_first_causal", 8, 4, 5, 5, 2, True, True, "causal", None, True, True),
        ("mha_cross_key_padding", 6, 3, 4, 6, 2, False, False, None, [[0, 0, 0, 0, 1, 1], [0, 1, 0, 0, 0, 0]], True, False),
        ("mha_cross_float_mask_batch_first", 6, 2, 3, 4, 2, False, True, "float", None, False, True),
        ("mha_self_mask_and_padding", 4, 1, 4, 4, 2, True, False, "causal", [[0, 0, 0, 1], [0, 0, 0, 0]], True, True),
    ]
    for i, (name, e, h, lq, lk, b, self_attn, batch_first, mask, pad, need_weights, average) in enumerate(specs):
        seed = 2000 + 10 * i
        q_shape = (b, lq, e) if batch_first else (lq, b, e)
        k_shape = (b, lk, e) if batch_first else (lk, b, e)
        inputs = {"query": inp(seed + 5, *q_shape)}
        if not self_attn:
            inputs["key"] = inp(seed + 6, *k_shape)
            inputs["value"] = inp(seed + 7, *k_shape)
        params = mha_params(seed, e)
        inputs.update(params)
        attn_mask = None
        if mask == "causal":
            attn_mask = causal(lq, lk)
        elif mask == "float":
            attn_mask = inp(seed + 8, lq, lk, scale=0.5)
        kpm = None if pad is None else padding(pad)
        consts = {}
        if attn_mask is not None:
            consts["attn_mask"] = attn_mask
        if kpm is not None:
            consts["key_padding_mask"] = kpm

        def fn(e=e, h=h, self_attn=self_attn, batch_first=batch_first, attn_mask=attn_mask, kpm=kpm,
               need_weights=need_weights, average=average, **a):
            q = a["query"]
            k = q if self_attn else a["key"]
            v = q if self_attn else a["value"]
            if batch_first:
                q, k, v = (t.transpose(0, 1) for t in (q, k, v))
            out, weights = F.multi_head_attention_forward(
                q, k, v, e, h, a["in_proj_weight"], a["in_proj_bias"], None, None, False, 0.0,
                a["out_proj.weight"], a["out_proj.bias"], training=True, key_padding_mask=kpm,
                need_weights=need_weights, attn_mask=attn_mask, average_attn_weights=average)
            if batch_first:
                out = out.transpose(0, 1)
            result = {"output": out}
            if need_weights:
                result["weights"] = weights
            return result

        case = differentiate(name, fn, inputs, {
            "embed_dim": e, "num_heads": h, "self_attention": self_attn, "batch_first": batch_first,
            "need_weights": need_weights, "average_attn_weights": average, "causal": mask == "causal"},
            seed=seed)
        from common import arr
        case["inputs"].update({k: arr(v) for k, v in consts.items()})
        cases.append(case)
    return cases


def mha_option_cases():
    """nn.MultiheadAttention's kdim/vdim, add_bias_kv, add_zero_attn and unbatched input, run through the module."""
    cases = []
    specs = [
        # name, E, H, kdim, vdim, bias, bias_kv, zero_attn, batch_first, Lq, Lk, B (None: unbatched), self,
        # attn_mask, key_padding_mask, need_weights, average
        ("mha_kdim_vdim_key_padding", 6, 2, 4, 5, True, False, False, False, 3, 5, 2, False,
         None, [[0, 0, 0, 1, 1], [0, 0, 0, 0, 0]], True, True),
        ("mha_kdim_vdim_no_bias_batch_first_float_mask", 6, 3, 3, 7, False, False, False, True, 4, 3, 2, False,
         "float", None, False, True),
        ("mha_bias_kv_zero_attn_causal_padding", 8, 2, 8, 8, True, True, True, False, 5, 5, 2, True,
         "causal", [[0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], True, False),
        ("mha_bias_kv_cross_per_head_float_mask", 6, 2, 6, 6, True, True, False, True, 3, 4, 2, False,
         "float3d", None, True, True),
        ("mha_zero_attn_bool_mask_batch_first", 4, 2, 4, 4, True, False, True, True, 4, 4, 3, True,
         "causal", None, True, True),
        ("mha_bias_kv_zero_attn_kdim_vdim_no_weights", 6, 2, 5, 3, True, True, True, False, 3, 4, 2, False,
         "causal", [[0, 0, 1, 1], [0, 0, 0, 1]], False, True),
        ("mha_unbatched_self_causal_padding", 8, 4, 8, 8, True, False, False, False, 5, 5, None, True,
         "causal", [0, 0, 0, 0, 1], True, False),
        ("mha_unbatched_self_average_weights", 6, 2, 6, 6, True, False, False, True, 4, 4, None, True,
         None, None, True, True),
        ("mha_unbatched_cross_kdim_vdim_bias_kv_zero_attn", 6, 3, 4, 5, True, True, True, False, 3, 5, None, False,
         "float3d", [0, 1, 0, 0, 0], False, True),
    ]
    for i, (name, e, h, kdim, vdim, bias, bias_kv, zero_attn, batch_first, lq, lk, b, self_attn,
            mask, pad, need_weights, average) in enumerate(specs):
        seed = 2500 + 20 * i
        module = torch.nn.MultiheadAttention(e, h, 0.0, bias, bias_kv, zero_attn, kdim, vdim, batch_first).train()

        def shape(length, features):
            if b is None:
                return (length, features)
            return (b, length, features) if batch_first else (length, b, features)

        inputs = {"query": inp(seed + 10, *shape(lq, e))}
        if not self_attn:
            inputs["key"] = inp(seed + 11, *shape(lk, kdim))
            inputs["value"] = inp(seed + 12, *shape(lk, vdim))
        for j, (pname, p) in enumerate(module.named_parameters()):
            scale = 0.1 if pname.endswith("bias") and not pname.startswith("bias_") else 0.4
            inputs[pname] = inp(seed + j, *p.shape, scale=scale)
        attn_mask = None
        if mask == "causal":
            attn_mask = causal(lq, lk)
        elif mask == "float":
            attn_mask = inp(seed + 13, lq, lk, scale=0.5)
        elif mask == "float3d":
            attn_mask = inp(seed + 13, (b or 1) * h, lq, lk, scale=0.5)
        kpm = None if pad is None else padding(pad)

        def fn(module=module, self_attn=self_attn, attn_mask=attn_mask, kpm=kpm, need_weights=need_weights,
               average=average, **a):
            q = a.pop("query")
            k = q if self_attn else a.pop("key")
            v = q if self_attn else a.pop("value")
            out, weights = functional_call(module, a, (q, k, v), {
                "key_padding_mask": kpm, "need_weights": need_weights, "attn_mask": attn_mask,
                "average_attn_weights": average})
            result = {"output": out}
            if need_weights:
                result["weights"] = weights
            return result

        case = differentiate(name, fn, inputs, {
            "embed_dim": e, "num_heads": h, "kdim": kdim, "vdim": vdim, "bias": bias, "add_bias_kv": bias_kv,
            "add_zero_attn": zero_attn, "self_attention": self_attn, "batch_first": batch_first,
            "unbatched": b is None, "need_weights": need_weights, "average_attn_weights": average,
            "causal": mask == "causal"}, seed=seed)
        add_masks(case, attn_mask=attn_mask, key_padding_mask=kpm)
        cases.append(case)
    return cases


def rms_norm_cases():
    cases = []
    specs = [
        # name, shape, normalized_shape, eps (None: finfo eps), affine
        ("rms_norm_last_dim", (3, 5), (5,), None, True),
        ("rms_norm_two_dims_eps", (2, 3, 4), (3, 4), 1e-3, True),
        ("rms_norm_no_affine", (4, 6), (6,), 1e-6, False),
    ]
    for i, (name, shape, norm_shape, eps, affine) in enumerate(specs):
        inputs = {"input": inp(2100 + i, *shape, scale=1.5, offset=0.2)}
        if affine:
            inputs["weight"] = inp(2110 + i, *norm_shape, scale=0.3, offset=1.0)
        dims = tuple(range(-len(norm_shape), 0))
        e = torch.finfo(torch.float64).eps if eps is None else eps

        def fn(input, weight=None, dims=dims, e=e):
            y = input * torch.rsqrt(input.pow(2).mean(dim=dims, keepdim=True) + e)
            return y if weight is None else y * weight

        cases.append(differentiate(name, fn, inputs, {"normalized_shape": list(norm_shape), "eps": eps,
                                                      "elementwise_affine": affine}, seed=2100 + i))
    return cases


def deterministic_state(module, seed):
    """The module's parameters replaced by rounded seeded draws (layer norm weights near 1)."""
    state = {}
    for j, (name, p) in enumerate(module.named_parameters()):
        if name.startswith("norm") or ".norm" in name:
            scale, offset = (0.1, 1.0) if name.endswith("weight") else (0.1, 0.0)
        else:
            scale, offset = (0.3, 0.0)
        state[name] = inp(seed + j, *p.shape, scale=scale, offset=offset)
    return state


def transformer_cases():
    cases = []
    d, nhead, ff, b = 8, 2, 16, 2
    encoder_specs = [
        # name, activation, norm_first, causal src_mask, src_key_padding_mask
        ("encoder_layer_post_norm_relu", "relu", False, False, None),
        ("encoder_layer_pre_norm_gelu", "gelu", True, False, None),
        ("encoder_layer_post_norm_gelu_masks", "gelu", False, True, [[0, 0, 0, 0, 1], [0, 0, 0, 0, 0]]),
        ("encoder_layer_pre_norm_relu_masks", "relu", True, True, [[0, 0, 0, 1, 1], [0, 0, 0, 0, 0]]),
    ]
    length = 5
    for i, (name, act, norm_first, use_causal, pad) in enumerate(encoder_specs):
        seed = 2200 + 100 * i
        layer = torch.nn.TransformerEncoderLayer(d, nhead, ff, 0.0, act, norm_first=norm_first).train()
        inputs = {"src": inp(seed + 90, length, b, d)}
        inputs.update(deterministic_state(layer, seed))
        mask = causal(length, length) if use_causal else None
        kpm = None if pad is None else padding(pad)

        def fn(layer=layer, mask=mask, kpm=kpm, **a):
            src = a.pop("src")
            return functional_call(layer, a, (src,), {"src_mask": mask, "src_key_padding_mask": kpm})

        case = differentiate(name, fn, inputs, {"d_model": d, "nhead": nhead, "dim_feedforward": ff, "dropout": 0.0,
                                                "activation": act, "norm_first": norm_first, "causal": use_causal},
                             seed=seed)
        add_masks(case, src_mask=mask, src_key_padding_mask=kpm)
        cases.append(case)

    decoder_specs = [
        # name, activation, norm_first, causal tgt_mask, memory_key_padding_mask
        ("decoder_layer_post_norm_relu_masks", "relu", False, True, [[0, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0]]),
        ("decoder_layer_pre_norm_gelu", "gelu", True, False, None),
    ]
    tgt_len, mem_len = 4, 6
    for i, (name, act, norm_first, use_causal, pad) in enumerate(decoder_specs):
        seed = 2700 + 100 * i
        layer = torch.nn.TransformerDecoderLayer(d, nhead, ff, 0.0, act, norm_first=norm_first).train()
        inputs = {"tgt": inp(seed + 90, tgt_len, b, d), "memory": inp(seed + 91, mem_len, b, d)}
        inputs.update(deterministic_state(layer, seed))
        mask = causal(tgt_len, tgt_len) if use_causal else None
        kpm = None if pad is None else padding(pad)

        def fn(layer=layer, mask=mask, kpm=kpm, **a):
            tgt, memory = a.pop("tgt"), a.pop("memory")
            return functional_call(layer, a, (tgt, memory), {"tgt_mask": mask, "memory_key_padding_mask": kpm})

        case = differentiate(name, fn, inputs, {"d_model": d, "nhead": nhead, "dim_feedforward": ff, "dropout": 0.0,
                                                "activation": act, "norm_first": norm_first, "causal": use_causal},
                             seed=seed)
        add_masks(case, tgt_mask=mask, memory_key_padding_mask=kpm)
        cases.append(case)

    # A 2-layer encoder stack with a final norm, batch first.
    seed = 2900
    layer = torch.nn.TransformerEncoderLayer(d, nhead, ff, 0.0, "relu", batch_first=True)
    stack = torch.nn.TransformerEncoder(layer, 2, norm=torch.nn.LayerNorm(d), enable_nested_tensor=False).train()
    inputs = {"src": inp(seed + 90, b, length, d)}
    inputs.update(deterministic_state(stack, seed))

    def stack_fn(**a):
        src = a.pop("src")
        return functional_call(stack, a, (src,))

    cases.append(differentiate("encoder_stack_2_layers_norm_batch_first", stack_fn, inputs,
                               {"d_model": d, "nhead": nhead, "dim_feedforward": ff, "dropout": 0.0,
                                "activation": "relu", "norm_first": False, "num_layers": 2, "batch_first": True},
                               seed=seed))
    return cases


def add_masks(case, **masks):
    from common import arr
    for k, v in masks.items():
        if v is not None:
            case["inputs"][k] = arr(v)


def safetensors_case():
    """A float32 encoder layer's state_dict as torch holds it, and its float64 output on a fixed input."""
    torch.manual_seed(2990)
    layer = torch.nn.TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", norm_first=True).to(torch.float32)
    state = {k: v.detach().clone() for k, v in layer.state_dict().items()}
    (OUT / "encoder_layer.safetensors").write_bytes(serialize(state, {"format": "pt"}))
    layer64 = layer.to(torch.float64).train()
    src = inp(2991, 5, 2, 8)
    with torch.no_grad():
        out = layer64(src)
    from common import arr
    return {"name": "encoder_layer_from_safetensors", "params": {"d_model": 8, "nhead": 2, "dim_feedforward": 16,
            "dropout": 0.0, "activation": "gelu", "norm_first": True, "state": "encoder_layer.safetensors"},
            "inputs": {"src": arr(src)}, "outputs": {"output": arr(out)}}


OPTION_NOTE = ("the mha_* cases with kdim/vdim, add_bias_kv, add_zero_attn or unbatched input run nn.MultiheadAttention "
               "itself (functional_call): with kdim or vdim != embed_dim the parameters are q_proj_weight [E, E], "
               "k_proj_weight [E, kdim], v_proj_weight [E, vdim] and in_proj_bias, no in_proj_weight; bias_k and "
               "bias_v [1, 1, E] are appended to the projected keys/values, then a zero step (add_zero_attn), and "
               "attn_mask/key_padding_mask are padded with 0 (allowed) for those steps; weights cover them; "
               "unbatched inputs are [L, E] with key_padding_mask [S], attn_mask [L, S] or [H, L, S], "
               "output [L, E] and weights [L, S] or [H, L, S]")


def mha_safetensors_case():
    """A float32 MultiheadAttention's state_dict with kdim/vdim and bias_k/bias_v as torch holds it, and its float64
    output on fixed inputs."""
    torch.manual_seed(2495)
    module = torch.nn.MultiheadAttention(6, 2, 0.0, True, True, False, 4, 5).to(torch.float32)
    state = {k: v.detach().clone() for k, v in module.state_dict().items()}
    (OUT / "mha_kdim_vdim.safetensors").write_bytes(serialize(state, {"format": "pt"}))
    module64 = module.to(torch.float64).train()
    query, key, value = inp(2496, 3, 2, 6), inp(2497, 4, 2, 4), inp(2498, 4, 2, 5)
    with torch.no_grad():
        out, weights = module64(query, key, value)
    from common import arr
    return {"name": "mha_kdim_vdim_from_safetensors", "params": {"embed_dim": 6, "num_heads": 2, "kdim": 4, "vdim": 5,
            "bias": True, "add_bias_kv": True, "add_zero_attn": False, "batch_first": False,
            "state": "mha_kdim_vdim.safetensors"},
            "inputs": {"query": arr(query), "key": arr(key), "value": arr(value)},
            "outputs": {"output": arr(out), "weights": arr(weights)}}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    notes = ["masks are int64 0/1 arrays standing for BOOL; attn_mask true forbids, key_padding_mask true ignores",
             "weights are the attention weights after dropout (0 here), averaged over heads when average_attn_weights"]
    write(OUT / "multihead_attention.json", "attention.py", mha_cases() + mha_option_cases() + [mha_safetensors_case()],
          notes + [OPTION_NOTE])
    write(OUT / "rms_norm.json", "attention.py", rms_norm_cases(),
          ["PyTorch 2.4's nn.RMSNorm computed by hand in torch 1.13; eps null means torch.finfo(float64).eps"])
    write(OUT / "transformer.json", "attention.py", transformer_cases() + [safetensors_case()],
          notes + ["causal: the src_mask/tgt_mask given is the causal BOOL mask triu(ones, 1)",
                   "encoder_layer_from_safetensors: the parameters are in encoder_layer.safetensors (float32, "
                   "written from the layer's state_dict); the output is of those values in float64"])


if __name__ == "__main__":
    main()
