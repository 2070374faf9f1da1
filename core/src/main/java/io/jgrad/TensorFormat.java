package io.jgrad;

import io.jgrad.backend.HostStorage;

import java.util.Locale;

/**
 * PyTorch-like printing: {@code tensor([[1.5000, 2.0000], ...])} ({@code tensor([1., 2.])} when all values are
 * integral), summarized with "..." beyond 1000 elements. Unlike PyTorch, long rows are not wrapped at 80 columns.
 */
final class TensorFormat {
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        HostStorage h = Creation.hostCopy(t, t.dtype());
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        Formatter f = new Formatter(t.dtype(), h);
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() == 0 && t.rank() == 1) {
            sb.append("[]");
        } else {
            appendDims(sb, f, t.dims(), 0, 0, t.shape().contiguousStrides(), summarize, "tensor(".length());
        }
        if (t.numel() == 0 && t.rank() != 1) sb.append(", size=").append(t.shape());
        if (t.dtype() != DType.F32 && t.dtype() != DType.I64 && t.dtype() != DType.BOOL) sb.append(", dtype=").append(t.dtype());
        if (!t.device().equals(Device.CPU)) sb.append(", device=").append(t.device());
        if (t.gradFn() != null) sb.append(", gradFn=").append(t.gradFn().op());
        else if (t.requiresGrad()) sb.append(", requiresGrad=true");
        return sb.append(')').toString();
    }

    private static void appendDims(StringBuilder sb, Formatter f, int[] dims, int depth, int offset, int[] strides,
                                   boolean summarize, int indent) {
        if (dims.length == 0) {
            sb.append(f.format(offset));
            return;
        }
        sb.append('[');
        int n = dims[depth];
        boolean last = depth == dims.length - 1;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(last ? " ..., " : "...,\n" + "\n".repeat(dims.length - depth - 2) + " ".repeat(indent + depth + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (last) {
                sb.append(f.format(offset + i * strides[depth]));
            } else {
                appendDims(sb, f, dims, depth + 1, offset + i * strides[depth], strides, summarize, indent);
            }
            if (i < n - 1) sb.append(last ? ", " : ",\n" + "\n".repeat(dims.length - depth - 2) + " ".repeat(indent + depth + 1));
        }
        sb.append(']');
    }

    /** Formats elements with one width and notation for the whole tensor, as PyTorch does. */
    private static final class Formatter {
        private final DType dtype;
        private final HostStorage data;
        private final boolean scientific;
        private final boolean intMode;
        private final int width;

        Formatter(DType dtype, HostStorage data) {
            this.dtype = dtype;
            this.data = data;
            // PyTorch's rules, from the nonzero finite magnitudes: all integral -> "1." (scientific only for a
            // range over 1000 or values over 1e8); otherwise "%.4f", or "%.4e" for a range over 1000, values over
            // 1e8 or under 1e-4.
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            boolean integral = true;
            for (int i = 0; i < data.length() && dtype.isFloating(); i++) {
                double v = Math.abs(data.getDouble(i));
                if (!Double.isFinite(v) || v == 0) continue;
                maxAbs = Math.max(maxAbs, v);
                minAbs = Math.min(minAbs, v);
                integral &= v == Math.ceil(v);
            }
            boolean any = maxAbs > 0;
            boolean wide = any && (maxAbs / minAbs > 1000 || maxAbs > 1e8);
            this.intMode = dtype.isFloating() && integral && !wide;
            this.scientific = dtype.isFloating() && any && (wide || (!integral && minAbs < 1e-4));
            int w = 0;
            for (int i = 0; i < data.length(); i++) {
                // As in PyTorch, the width of floating values comes from the nonzero finite ones only.
                double v = data.getDouble(i);
                if (!dtype.isFloating() || (Double.isFinite(v) && v != 0)) w = Math.max(w, raw(i).length());
            }
            this.width = w;
        }

        private String raw(int i) {
            if (dtype == DType.BOOL) return data.getLong(i) != 0 ? "True" : "False";
            if (!dtype.isFloating()) return Long.toString(data.getLong(i));
            double v = data.getDouble(i);
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (intMode) return String.format(Locale.ROOT, "%.0f.", v);
            return scientific ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
        }

        String format(int i) {
            String s = raw(i);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
