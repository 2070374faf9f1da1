package io.jgrad.cpu;

import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReduceOp;
import io.jgrad.cpu.threads.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces any set of axes of contiguous data in stages. Size-1 axes are dropped and neighbouring axes that are both
 * reduced or both kept are merged, leaving alternating groups; each stage removes the last reduced group, either as
 * rows (nothing kept after it: a last-axis or full reduction) or as columns (kept axes after it: a leading-axis
 * reduction such as a bias gradient over the batch). Batch-norm style [N, C, HW] over N and HW takes two stages.
 */
final class Reduction {
    private Reduction() {}

    static HostStorage run(ReduceOp op, HostStorage in, int offset, Shape shape, boolean[] axes) {
        List<int[]> groups = new ArrayList<>(); // {size, reduced ? 1 : 0}
        for (int i = 0; i < shape.rank(); i++) {
            int d = shape.dim(i);
            if (d == 1) continue;
            int flag = axes[i] ? 1 : 0;
            if (!groups.isEmpty() && groups.getLast()[1] == flag) groups.getLast()[0] *= d;
            else groups.add(new int[] {d, flag});
        }
        Object data = in.array();
        int off = offset;
        boolean reducedAny = false;
        while (true) {
            int t = -1;
            for (int i = 0; i < groups.size(); i++) if (groups.get(i)[1] == 1) t = i;
            if (t < 0) break;
            int outer = 1, inner = 1, len = groups.get(t)[0];
            for (int i = 0; i < t; i++) outer *= groups.get(i)[0];
            for (int i = t + 1; i < groups.size(); i++) inner *= groups.get(i)[0];
            data = inner == 1 ? rows(op, data, off, outer, len) : columns(op, data, off, outer, len, inner);
            off = 0;
            reducedAny = true;
            groups.remove(t);
            if (t > 0 && t < groups.size() && groups.get(t - 1)[1] == groups.get(t)[1]) {
                groups.get(t - 1)[0] *= groups.remove(t)[0];
            }
        }
        if (!reducedAny) {
            // Only size-1 axes were reduced: the result holds the same elements.
            HostStorage out = HostStorage.allocate(in.dtype(), shape.numel());
            System.arraycopy(in.array(), offset, out.array(), 0, shape.numel());
            return out;
        }
        return HostStorage.wrap(data);
    }

    /** {@code out[i] = reduce(x[off + i*len .. +len))}. */
    private static Object rows(ReduceOp op, Object x, int off, int outer, int len) {
        boolean f32 = x instanceof float[];
        float[] of = f32 ? new float[outer] : null;
        double[] od = f32 ? null : new double[outer];
        if (outer == 1 && Parallel.chunksFor(len, len) > 1) {
            // One long row (a full reduction): reduce stretches in parallel, then combine the partial results.
            int chunks = Parallel.chunksFor(len, len);
            double[] partial = new double[chunks];
            Parallel.forRange(chunks, len / chunks, (from, to) -> {
                for (int c = from; c < to; c++) {
                    int s = (int) ((long) len * c / chunks), e = (int) ((long) len * (c + 1) / chunks);
                    partial[c] = f32 ? ReduceKernels.rowF32(op, (float[]) x, off + s, e - s) : ReduceKernels.rowF64(op, (double[]) x, off + s, e - s);
                }
            });
            double r = partial[0];
            for (int c = 1; c < chunks; c++) r = op.combine(r, partial[c]);
            if (f32) of[0] = (float) r; else od[0] = r;
            return f32 ? of : od;
        }
        Parallel.forRange(outer, len, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (f32) of[i] = (float) ReduceKernels.rowF32(op, (float[]) x, off + i * len, len);
                else od[i] = ReduceKernels.rowF64(op, (double[]) x, off + i * len, len);
            }
        });
        return f32 ? of : od;
    }

    /** {@code out[i, j] = reduce over r of x[off + (i*len + r)*inner + j]}. */
    private static Object columns(ReduceOp op, Object x, int off, int outer, int len, int inner) {
        boolean f32 = x instanceof float[];
        float[] of = f32 ? new float[outer * inner] : null;
        double[] od = f32 ? null : new double[outer * inner];
        if (outer >= Parallel.THREADS || Parallel.chunksFor((long) len * inner * outer, inner) <= 1) {
            Parallel.forRange(outer, (long) len * inner, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int at = off + i * len * inner;
                    if (f32) ReduceKernels.columnsF32(op, (float[]) x, at, len, inner, inner, of, i * inner);
                    else ReduceKernels.columnsF64(op, (double[]) x, at, len, inner, inner, od, i * inner);
                }
            });
        } else {
            // Few outer blocks: give each thread a band of columns.
            for (int i = 0; i < outer; i++) {
                int at = off + i * len * inner, o = i * inner;
                Parallel.forRange(inner, len, (from, to) -> {
                    if (f32) ReduceKernels.columnsF32(op, (float[]) x, at + from, len, inner, to - from, of, o + from);
                    else ReduceKernels.columnsF64(op, (double[]) x, at + from, len, inner, to - from, od, o + from);
                });
            }
        }
        return f32 ? of : od;
    }
}
