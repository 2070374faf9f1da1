package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The SPI's default scaled dot-product attention, composed from primitives on the whole [B, H, Tq, Tk] score tensor
 * (batched matmuls, a row max and sum, exponentials): correct on every backend, but it materialises every score, so a
 * backend overrides it with a blocked kernel where sequences are long. The causal mask is a constant table derived
 * from the shapes alone (uploaded once per call), the dropout mask a {@link Backend#random} draw regenerated in
 * backward from the same seed and offset. A row whose every key is masked comes out NaN, as the composed softmax does.
 */
final class ComposedAttention {
    private ComposedAttention() {}

    /** q [B, H, Tq, D], k [B, H, Tk, D], v [B, H, Tk, Dv], mask additive and broadcast to [B, H, Tq, Tk] or null. */
    static AttentionResult forward(Backend b, Storage q, Layout qLayout, Storage k, Layout kLayout, Storage v, Layout vLayout,
                                   Storage mask, Layout maskLayout, AttentionParams p) {
        Geometry g = new Geometry(qLayout, kLayout, vLayout);
        try (var tmp = new Temporaries()) {
            Storage qc = tmp.add(b.copy(q, qLayout, q.dtype())), kc = tmp.add(b.copy(k, kLayout, k.dtype()));
            Storage vc = tmp.add(b.copy(v, vLayout, v.dtype()));
            Storage scores = tmp.add(scores(b, tmp, g, qc, kc, mask, maskLayout, p));
            boolean[] lastAxis = {false, false, false, true};
            Storage max = tmp.add(b.reduce(ReduceOp.MAX, scores, g.scores, lastAxis));
            Storage shifted = tmp.add(b.binary(BinaryOp.SUB, scores, g.scores, max, g.perRow));
            Storage exp = tmp.add(b.unary(UnaryOp.EXP, shifted, g.scores, 0, 0));
            Storage sum = tmp.add(b.reduce(ReduceOp.SUM, exp, g.scores, lastAxis));
            Storage weights = tmp.add(b.binary(BinaryOp.DIV, exp, g.scores, sum, g.perRow));
            Storage logSum = tmp.add(b.unary(UnaryOp.LOG, sum, g.rows, 0, 0));
            Storage lse = b.binary(BinaryOp.ADD, max, g.rows, logSum, g.rows);
            tmp.add(lse);
            if (p.dropout() > 0) weights = tmp.add(dropped(b, tmp, g, weights, p));
            Storage out = b.matmul(weights, g.scores3, vc, g.values3);
            return new AttentionResult(out, tmp.keep(lse));
        }
    }

    /** The gradients of q, k and v given the output's gradient, the forward's output and its log-sum-exp. */
    static AttentionGradients backward(Backend b, Storage grad, Layout gradLayout, Storage q, Layout qLayout,
                                       Storage k, Layout kLayout, Storage v, Layout vLayout, Storage mask, Layout maskLayout,
                                       Storage out, Layout outLayout, Storage lse, Layout lseLayout, AttentionParams p) {
        Geometry g = new Geometry(qLayout, kLayout, vLayout);
        try (var tmp = new Temporaries()) {
            Storage qc = tmp.add(b.copy(q, qLayout, q.dtype())), kc = tmp.add(b.copy(k, kLayout, k.dtype()));
            Storage vc = tmp.add(b.copy(v, vLayout, v.dtype())), gc = tmp.add(b.copy(grad, gradLayout, grad.dtype()));
            Storage scores = tmp.add(scores(b, tmp, g, qc, kc, mask, maskLayout, p));
            Layout lseRows = lseLayout.reshapeView(g.rows.shape()).broadcastTo(g.scores.shape(), "attention");
            Storage shifted = tmp.add(b.binary(BinaryOp.SUB, scores, g.scores, lse, lseRows));
            Storage weights = tmp.add(b.unary(UnaryOp.EXP, shifted, g.scores, 0, 0));
            Storage keptWeights = weights, keep = null;
            if (p.dropout() > 0) {
                keep = tmp.add(keepScaled(b, tmp, g, weights.dtype(), p));
                keptWeights = tmp.add(b.binary(BinaryOp.MUL, weights, g.scores, keep, g.scores));
            }
            // dV = P'^T dO; dP = (dO V^T) * keep; dS = P * (dP - rowsum(dO * O)) * scale; dQ = dS K; dK = dS^T Q.
            Storage dv = b.matmul(keptWeights, g.scores3.transpose(1, 2), gc, g.output3);
            tmp.add(dv);
            Storage dWeights = tmp.add(b.matmul(gc, g.output3, vc, g.values3.transpose(1, 2)));
            if (keep != null) dWeights = tmp.add(b.binary(BinaryOp.MUL, dWeights, g.scores, keep, g.scores));
            Storage products = tmp.add(b.binary(BinaryOp.MUL, gc, g.output, out, outLayout));
            Storage rowDot = tmp.add(b.reduce(ReduceOp.SUM, products, g.output, new boolean[] {false, false, false, true}));
            Storage centered = tmp.add(b.binary(BinaryOp.SUB, dWeights, g.scores, rowDot, g.perRow));
            Storage dScores = tmp.add(b.binary(BinaryOp.MUL, weights, g.scores, centered, g.scores));
            b.binaryInPlace(BinaryOp.MUL, dScores, g.scores, tmp.add(b.full(q.dtype(), 1, p.scale())), g.scalar(g.scores));
            Storage dq = tmp.add(b.matmul(dScores, g.scores3, kc, g.keys3));
            Storage dk = tmp.add(b.matmul(dScores, g.scores3.transpose(1, 2), qc, g.queries3));
            return new AttentionGradients(tmp.keep(dq), tmp.keep(dk), tmp.keep(dv));
        }
    }

    /** {@code scale * q k^T + mask}, with keys after the query's position at -inf when causal: [B, H, Tq, Tk]. */
    private static Storage scores(Backend b, Temporaries tmp, Geometry g, Storage qc, Storage kc,
                                  Storage mask, Layout maskLayout, AttentionParams p) {
        Storage s = tmp.add(b.matmul(qc, g.queries3, kc, g.keys3.transpose(1, 2)));
        b.binaryInPlace(BinaryOp.MUL, s, g.scores, tmp.add(b.full(qc.dtype(), 1, p.scale())), g.scalar(g.scores));
        if (mask != null) b.binaryInPlace(BinaryOp.ADD, s, g.scores, mask, maskLayout);
        if (p.causal()) {
            Storage table = tmp.add(b.upload(AttentionParams.causalTable(qc.dtype(), g.tq, g.tk)));
            Layout perPlane = Layout.contiguous(Shape.of(1, 1, g.tq, g.tk)).broadcastTo(g.scores.shape(), "attention");
            b.binaryInPlace(BinaryOp.ADD, s, g.scores, table, perPlane);
        }
        return tmp.keep(s);
    }

    /** The weights with dropout applied: {@code weights * keep / (1 - p)}. */
    private static Storage dropped(Backend b, Temporaries tmp, Geometry g, Storage weights, AttentionParams p) {
        Storage keep = tmp.add(keepScaled(b, tmp, g, weights.dtype(), p));
        return b.binary(BinaryOp.MUL, weights, g.scores, keep, g.scores);
    }

    /** {@code 1 / (1 - p)} where the dropout draw keeps a weight, else 0: [B, H, Tq, Tk]. */
    private static Storage keepScaled(Backend b, Temporaries tmp, Geometry g, DType dtype, AttentionParams p) {
        Storage keep = b.random(p.keep(), dtype, g.scores.numel(), p.seed(), p.offset());
        tmp.add(keep);
        b.binaryInPlace(BinaryOp.MUL, keep, g.scores, tmp.add(b.full(dtype, 1, 1 / (1 - p.dropout()))), g.scalar(g.scores));
        return tmp.keep(keep);
    }

    /** The contiguous layouts of one call's operands and intermediates, 4-D and as batches of matrices. */
    private static final class Geometry {
        final int tq, tk;
        final Layout scores, rows, perRow, output, queries3, keys3, values3, scores3, output3;

        Geometry(Layout q, Layout k, Layout v) {
            Shape qs = q.shape();
            int batch = qs.dim(0), heads = qs.dim(1), d = qs.dim(3), dv = v.shape().dim(3);
            int planes = batch * heads;
            tq = qs.dim(2);
            tk = k.shape().dim(2);
            scores = Layout.contiguous(Shape.of(batch, heads, tq, tk));
            rows = Layout.contiguous(Shape.of(batch, heads, tq, 1));
            perRow = rows.broadcastTo(scores.shape(), "attention");
            output = Layout.contiguous(Shape.of(batch, heads, tq, dv));
            queries3 = Layout.contiguous(Shape.of(planes, tq, d));
            keys3 = Layout.contiguous(Shape.of(planes, tk, d));
            values3 = Layout.contiguous(Shape.of(planes, tk, dv));
            scores3 = Layout.contiguous(Shape.of(planes, tq, tk));
            output3 = Layout.contiguous(Shape.of(planes, tq, dv));
        }

        /** A one-element storage seen as {@code target}. */
        Layout scalar(Layout target) {
            return Layout.contiguous(Shape.scalar()).broadcastTo(target.shape(), "attention");
        }
    }
}
