package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.IndexRangeException;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * indexSelect and scatterAdd over whole rows of F32 and F64 arrays: an embedding's lookup and its gradient. Viewing a
 * contiguous array as [outer, size, inner] around the indexed axis, each index value names a run of {@code inner}
 * contiguous elements, so a lookup is one array copy per value and a scatter one vector add per value, where the
 * reference backend visits every element through its strides (9 % of char-transformer's main thread, on it alone).
 * Index values are checked before anything is written, and the first one outside [0, size) in the index's row-major
 * order is reported as the reference reports it.
 */
final class IndexKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private IndexKernels() {}

    /** A contiguous array viewed as [outer, size, inner] around {@code axis}, starting at {@code offset}. */
    record Rows(int outer, int size, int inner, int offset) {
        static Rows of(Layout contiguous, int axis) {
            int[] dims = contiguous.shape().dims();
            int outer = 1, inner = 1;
            for (int d = 0; d < axis; d++) outer *= dims[d];
            for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
            return new Rows(outer, dims[axis], inner, contiguous.offset());
        }

        /** Where row {@code row} of outer block {@code o} starts. */
        int at(int o, int row) { return offset + (o * size + row) * inner; }
    }

    /**
     * The {@code n} index values at {@code offset + i * stride}, each in [0, size); the first one outside is reported
     * at flat position {@code i * positionStep} of the index (its row-major position, for an index whose values
     * repeat along the axes after the indexed one).
     */
    static int[] values(String op, HostStorage index, int offset, int stride, int n, long positionStep, int axis,
                        int size) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            long v = index.getLong(offset + i * stride);
            if (v < 0 || v >= size) throw new IndexRangeException(op, v, i * positionStep, axis, size);
            values[i] = (int) v;
        }
        return values;
    }

    /** {@code out[o, i, :] = x[o, index[i], :]}: {@code out} is contiguous from 0, [x.outer, index.length, x.inner]. */
    static void select(Object x, Rows from, int[] index, Object out) {
        int n = index.length, inner = from.inner();
        for (int o = 0; o < from.outer(); o++) {
            for (int i = 0; i < n; i++) System.arraycopy(x, from.at(o, index[i]), out, (o * n + i) * inner, inner);
        }
    }

    /**
     * {@code dst[o, index[i], :] += src[o, i, :]}, in the order of (o, i) for every element, as the reference adds;
     * src is contiguous from {@code srcOffset}, [dst.outer, index.length, dst.inner].
     */
    static void scatterAddF32(float[] dst, Rows to, int[] index, float[] src, int srcOffset) {
        int n = index.length, inner = to.inner();
        for (int o = 0; o < to.outer(); o++) {
            for (int i = 0; i < n; i++) {
                int d = to.at(o, index[i]), s = srcOffset + (o * n + i) * inner, j = 0;
                for (int bound = FS.loopBound(inner); j < bound; j += FS.length()) {
                    FloatVector row = FloatVector.fromArray(FS, dst, d + j);
                    row.add(FloatVector.fromArray(FS, src, s + j)).intoArray(dst, d + j);
                }
                for (; j < inner; j++) dst[d + j] += src[s + j];
            }
        }
    }

    /** {@link #scatterAddF32} on F64 arrays. */
    static void scatterAddF64(double[] dst, Rows to, int[] index, double[] src, int srcOffset) {
        int n = index.length, inner = to.inner();
        for (int o = 0; o < to.outer(); o++) {
            for (int i = 0; i < n; i++) {
                int d = to.at(o, index[i]), s = srcOffset + (o * n + i) * inner, j = 0;
                for (int bound = DS.loopBound(inner); j < bound; j += DS.length()) {
                    DoubleVector row = DoubleVector.fromArray(DS, dst, d + j);
                    row.add(DoubleVector.fromArray(DS, src, s + j)).intoArray(dst, d + j);
                }
                for (; j < inner; j++) dst[d + j] += src[s + j];
            }
        }
    }
}
