package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;

import java.util.List;

/**
 * Self-attention on one packed projection qkv [B, T, 3E] (what {@code MultiheadAttention} computes with its packed
 * {@code in_proj_weight}): the thirds of qkv, each split into H heads of E / H features, are q, k and v. The fused
 * attention reads them as views of qkv, as it would through {@code chunk}, {@code reshape} and {@code permute}; the
 * difference is the backward: one recorded op with qkv as its only input, whose rule has the backend write the
 * gradients of q, k and v straight into the thirds of one [B, T, 3E] gradient ({@link Backend#attentionBackwardInto}),
 * where the three views' rules would build a zero [B, T, 3E] gradient and add their gradients into it.
 */
final class PackedSelfAttention {
    private static final String OP = "packed_self_attention";

    private PackedSelfAttention() {}

    static Tensor apply(Tensor qkv, int heads, AttentionOptions o) {
        Tensor[] parts = unrecordedHeadViews(qkv, heads);
        Tensor q = parts[0], k = parts[1], v = parts[2];
        Attention.checkOperands(q, k, v);
        Tensor mask = Attention.additiveMask(q, k, o);
        AttentionParams p = Attention.params(q, k, o);
        Backend b = qkv.backend();
        AttentionResult r = b.attention(q.storage(), q.layout(), k.storage(), k.layout(), v.storage(), v.layout(),
                mask == null ? null : mask.storage(), mask == null ? null : mask.layout(), p);
        Shape outShape = q.shape();
        Tensor out = Tensor.fresh(r.output(), AttentionResult.layoutOf(outShape, r.tokenMajor()), b);
        Tensor lse = Tensor.fresh(r.logsumexp(), Shape.of(q.dim(0), q.dim(1), q.dim(2)), b);
        return out.recordedAs(new Op.PackedSelfAttention(qkv, heads, mask, out, lse, p));
    }

    /**
     * The gradient of qkv: the backend's fused backward into one [B, T, 3E] tensor, or under {@code createGraph} the
     * composed formula on recorded views of qkv, so that gradients of gradients are exact.
     */
    static Tensor gradient(Op.PackedSelfAttention a, Tensor g) {
        Tensor qkv = a.qkv();
        if (Grad.isEnabled()) {
            Tensor[] parts = headViews(qkv, a.heads());
            Tensor[] d = Attention.composedGradients(parts[0], parts[1], parts[2], a.mask(), a.params(), g);
            return Tensor.concat(List.of(merged(d[0]), merged(d[1]), merged(d[2])), -1);
        }
        Tensor[] parts = unrecordedHeadViews(qkv, a.heads());
        Tensor q = parts[0], k = parts[1], v = parts[2], mask = a.mask(), out = a.out(), lse = a.logsumexp();
        Backend b = qkv.backend();
        // Not cleared first: the backward writes every element of q's, k's and v's thirds, which cover it whole.
        Tensor grad = Tensor.fresh(b.allocateForOverwrite(qkv.dtype(), qkv.numel()), Layout.contiguous(qkv.shape()), b);
        Tensor[] into = unrecordedHeadViews(grad, a.heads());
        for (Tensor view : into) {
            if (view.storage() != grad.storage()) throw new IllegalStateException(OP + ": a head view was copied");
        }
        b.attentionBackwardInto(g.storage(), g.layout(), q.storage(), q.layout(), k.storage(), k.layout(),
                v.storage(), v.layout(), mask == null ? null : mask.storage(), mask == null ? null : mask.layout(),
                out.storage(), out.layout(), lse.storage(), lse.layout(), a.params(), grad.storage(),
                into[0].layout(), into[1].layout(), into[2].layout());
        return grad;
    }

    @SuppressWarnings("try") // the scope turns recording off; it is not read
    private static Tensor[] unrecordedHeadViews(Tensor qkv, int heads) {
        try (var _ = Grad.off()) {
            return headViews(qkv, heads);
        }
    }

    /**
     * q, k and v as views [B, H, T, E / H] of {@code qkv}'s thirds (recorded when recording is on); checks the shape.
     */
    private static Tensor[] headViews(Tensor qkv, int heads) {
        if (qkv.rank() != 3 || heads < 1 || qkv.dim(2) % (3 * heads) != 0) {
            throw new IllegalArgumentException(OP + ": expected a packed projection [batch, length, 3 * heads *"
                    + " head features] split into " + heads + " heads, got shape " + qkv.shape());
        }
        int batch = qkv.dim(0), length = qkv.dim(1), e = qkv.dim(2) / 3;
        List<Tensor> thirds = qkv.chunk(3, -1);
        Tensor[] views = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            views[i] = thirds.get(i).reshape(batch, length, heads, e / heads).permute(0, 2, 1, 3);
        }
        return views;
    }

    /** [B, H, T, D] back to [B, T, H * D]. */
    private static Tensor merged(Tensor heads) {
        return heads.permute(0, 2, 1, 3).reshape(heads.dim(0), heads.dim(2), heads.dim(1) * heads.dim(3));
    }
}
