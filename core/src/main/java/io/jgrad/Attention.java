package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
import io.jgrad.backend.RandomDistribution;

/**
 * Scaled dot-product attention {@code softmax(scale * q k^T + mask) v} over q [B, H, Tq, D], k [B, H, Tk, D] and
 * v [B, H, Tk, Dv]. Without weights it is one recorded op on the backend's fused kernel ({@link Backend#attention}),
 * which saves each row's log-sum-exp for its fused backward; asked for the weights, it is composed from recorded
 * matmul and softmax ops, which materialise them anyway. Both draw dropout's mask the same way, so they agree.
 *
 * <p>Double backward: the rule runs the backend's fused backward when nothing is recorded and, under
 * {@code createGraph}, the same formula composed from differentiable tensor ops (the weights recomputed with softmax),
 * so gradients of gradients are exact.
 */
final class Attention {
    private static final String OP = "scaled_dot_product_attention";

    private Attention() {}

    /** The fused op: output only. */
    static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, AttentionOptions o) {
        checkOperands(q, k, v);
        Tensor mask = additiveMask(q, k, o);
        AttentionParams p = params(q, k, o);
        Backend b = q.backend();
        AttentionResult r = b.attention(q.storage(), q.layout(), k.storage(), k.layout(), v.storage(), v.layout(),
                mask == null ? null : mask.storage(), mask == null ? null : mask.layout(), p);
        Shape outShape = Shape.of(q.dim(0), q.dim(1), q.dim(2), v.dim(3));
        Tensor out = Tensor.fresh(r.output(), AttentionResult.layoutOf(outShape, r.tokenMajor()), b);
        Tensor lse = Tensor.fresh(r.logsumexp(), Shape.of(q.dim(0), q.dim(1), q.dim(2)), b);
        return out.recordedAs(new Op.ScaledDotProductAttention(q, k, v, mask, out, lse, p));
    }

    /** Composed from recorded ops, returning the weights (after dropout) with the output. */
    static AttentionOutput withWeights(Tensor q, Tensor k, Tensor v, AttentionOptions o) {
        checkOperands(q, k, v);
        Tensor mask = additiveMask(q, k, o);
        AttentionParams p = params(q, k, o);
        Tensor weights = scores(q, k, mask, p).softmax(-1);
        if (p.dropout() > 0) weights = weights.mul(keepScaled(weights, p));
        return new AttentionOutput(weights.matmul(v), weights);
    }

    /** The gradients of q, k and v: the backend's fused backward, or under createGraph the composed formula. */
    static Tensor[] gradients(Op.ScaledDotProductAttention a, Tensor g) {
        return Grad.isEnabled() ? composedGradients(a, g) : fusedGradients(a, g);
    }

    private static Tensor[] fusedGradients(Op.ScaledDotProductAttention a, Tensor g) {
        Tensor q = a.q(), k = a.k(), v = a.v(), mask = a.mask(), out = a.out(), lse = a.logsumexp();
        Backend b = q.backend();
        AttentionGradients r = b.attentionBackward(g.storage(), g.layout(), q.storage(), q.layout(), k.storage(),
                k.layout(), v.storage(), v.layout(), mask == null ? null : mask.storage(),
                mask == null ? null : mask.layout(), out.storage(), out.layout(), lse.storage(), lse.layout(), a.params());
        boolean tokenMajor = r.tokenMajor();
        return new Tensor[] {Tensor.fresh(r.q(), AttentionResult.layoutOf(q.shape(), tokenMajor), b),
                Tensor.fresh(r.k(), AttentionResult.layoutOf(k.shape(), tokenMajor), b),
                Tensor.fresh(r.v(), AttentionResult.layoutOf(v.shape(), tokenMajor), b)};
    }

    /**
     * {@code dV = W'^T g}, {@code dW' = g V^T}, {@code dS = W * (dW - rowsum(dW * W)) * scale} (dW the gradient of the
     * weights before dropout), {@code dQ = dS K}, {@code dK = dS^T Q}, all recorded.
     */
    private static Tensor[] composedGradients(Op.ScaledDotProductAttention a, Tensor g) {
        return composedGradients(a.q(), a.k(), a.v(), a.mask(), a.params(), g);
    }

    /** The composed formula for operands q, k and v, the op's constant mask and params. */
    static Tensor[] composedGradients(Tensor q, Tensor k, Tensor v, Tensor mask, AttentionParams p, Tensor g) {
        Tensor weights = scores(q, k, mask, p).softmax(-1), kept = weights;
        Tensor dWeights = g.matmul(v.transpose(-1, -2));
        if (p.dropout() > 0) {
            Tensor keep = keepScaled(weights, p);
            kept = weights.mul(keep);
            dWeights = dWeights.mul(keep);
        }
        Tensor dv = kept.transpose(-1, -2).matmul(g);
        Tensor dScores = weights.mul(dWeights.sub(dWeights.mul(weights).sum(-1, true))).mul(p.scale());
        return new Tensor[] {dScores.matmul(k), dScores.transpose(-1, -2).matmul(q), dv};
    }

    /** {@code scale * q k^T + mask}, plus the causal table, with recorded ops. */
    private static Tensor scores(Tensor q, Tensor k, Tensor mask, AttentionParams p) {
        Tensor s = q.matmul(k.transpose(-1, -2)).mul(p.scale());
        if (mask != null) s = s.add(mask);
        if (p.causal()) {
            Backend b = q.backend();
            int tq = q.dim(2), tk = k.dim(2);
            s = s.add(Tensor.fresh(b.upload(AttentionParams.causalTable(q.dtype(), tq, tk)), Shape.of(tq, tk), b));
        }
        return s;
    }

    /** {@code 1 / (1 - p)} where dropout keeps a weight, else 0, shaped like the weights (the params' draw). */
    private static Tensor keepScaled(Tensor weights, AttentionParams p) {
        Backend b = weights.backend();
        Tensor keep = Tensor.fresh(b.random(p.keep(), weights.dtype(), weights.numel(), p.seed(), p.offset()),
                weights.shape(), b);
        return keep.mul(1 / (1 - p.dropout()));
    }

    static AttentionParams params(Tensor q, Tensor k, AttentionOptions o) {
        double scale = Double.isNaN(o.scale()) ? 1 / Math.sqrt(q.dim(3)) : o.scale();
        if (o.dropout() == 0) return new AttentionParams(scale, o.causal(), 0, 0, 0);
        Generator g = o.generator() == null ? Generator.global() : o.generator();
        int n = q.dim(0) * q.dim(1) * q.dim(2) * k.dim(2);
        long offset = g.reserve(new RandomDistribution.Bernoulli(1 - o.dropout()).blocks(q.dtype(), n));
        return new AttentionParams(scale, o.causal(), o.dropout(), g.seed(), offset);
    }

    /**
     * The attention and key padding masks as one additive mask in q's dtype, seen as [B, H, Tq, Tk] (a broadcast view),
     * or null when there is neither. Built without recording: the masks are constants.
     */
    @SuppressWarnings("try") // the scope turns recording off; it is not read
    static Tensor additiveMask(Tensor q, Tensor k, AttentionOptions o) {
        int batch = q.dim(0), heads = q.dim(1), tq = q.dim(2), tk = k.dim(2);
        Shape scores = Shape.of(batch, heads, tq, tk);
        Tensor attn = o.attnMask(), padding = o.keyPaddingMask();
        if (attn == null && padding == null) return null;
        try (var _ = Grad.off()) {
            Tensor total = null;
            if (attn != null) {
                checkBroadcast(attn, scores);
                // BOOL: true lets the query see the key.
                total = attn.dtype() == DType.BOOL ? additive(attn, q, false) : attn.to(q.dtype());
                while (total.rank() < 4) total = total.unsqueeze(0);
            }
            if (padding != null) {
                if (padding.rank() != 2 || padding.dim(0) != batch || padding.dim(1) != tk) {
                    throw new IllegalArgumentException(OP + ": key_padding_mask of shape " + padding.shape()
                            + " does not match [batch, keys] = [" + batch + ", " + tk + "] of query shape " + q.shape()
                            + " and key shape " + k.shape());
                }
                // BOOL: true hides the key.
                Tensor pad = padding.dtype() == DType.BOOL ? additive(padding, q, true) : padding.to(q.dtype());
                pad = pad.reshape(batch, 1, 1, tk);
                total = total == null ? pad : total.add(pad);
            }
            if (total.backend() != q.backend()) total = total.to(q.backend());
            return total.expand(scores.dims());
        }
    }

    /** 0 or -inf in q's dtype: -inf where the mask equals {@code hideWhen}. */
    private static Tensor additive(Tensor mask, Tensor q, boolean hideWhen) {
        Tensor zero = q.newZeros(), hidden = q.newFull(Double.NEGATIVE_INFINITY);
        Tensor m = mask.to(q.backend());
        return hideWhen ? Tensor.where(m, hidden, zero) : Tensor.where(m, zero, hidden);
    }

    private static void checkBroadcast(Tensor mask, Shape scores) {
        boolean ok = mask.rank() <= 4;
        for (int i = 1; ok && i <= mask.rank(); i++) {
            int m = mask.dim(mask.rank() - i), s = scores.dim(4 - i);
            ok = m == 1 || m == s;
        }
        if (!ok) {
            throw new IllegalArgumentException(OP + ": attn_mask of shape " + mask.shape()
                    + " cannot be broadcast to the scores' shape [batch, heads, queries, keys] = " + scores);
        }
        if (!(mask.dtype() == DType.BOOL || mask.dtype().isFloating())) {
            throw new IllegalArgumentException(OP + ": attn_mask must be BOOL or floating, got " + mask.dtype());
        }
    }

    static void checkOperands(Tensor q, Tensor k, Tensor v) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException(OP + ": expected query, key and value of rank 4 [batch, heads, length,"
                    + " features], got shapes " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
        if (!q.dtype().isFloating() || k.dtype() != q.dtype() || v.dtype() != q.dtype()) {
            throw new IllegalArgumentException(OP + ": expected query, key and value of one floating dtype, got "
                    + q.dtype() + ", " + k.dtype() + " and " + v.dtype());
        }
        if (k.backend() != q.backend() || v.backend() != q.backend()) {
            throw new IllegalArgumentException(OP + ": query, key and value are on different backends ("
                    + q.backend().name() + ", " + k.backend().name() + ", " + v.backend().name() + ")");
        }
        boolean same = k.dim(0) == q.dim(0) && v.dim(0) == q.dim(0) && k.dim(1) == q.dim(1) && v.dim(1) == q.dim(1)
                && k.dim(3) == q.dim(3) && v.dim(2) == k.dim(2);
        if (!same) {
            throw new IllegalArgumentException(OP + ": query " + q.shape() + ", key " + k.shape() + " and value "
                    + v.shape() + " must share batch and heads, query and key their features, key and value their"
                    + " length");
        }
        if (k.dim(2) == 0) {
            throw new IllegalArgumentException(OP + ": needs at least one key, got key shape " + k.shape());
        }
    }
}
