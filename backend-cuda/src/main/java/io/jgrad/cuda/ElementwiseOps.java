package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.UnaryOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Unary, binary, comparison and selection kernels ({@code kernels/elementwise.cu}) over strided, broadcast views, with
 * the reference backend's semantics: floating-point ops computed in double with the op's Java formula and rounded once
 * to the result's type, integer and BOOL ops in 64 bits with Java's long semantics (the unary ops that keep integers
 * integer: {@link UnaryOp#keepsIntegers()}), NaN handling exactly as the op's Java definition. Every result is a new
 * contiguous storage, except {@link #binaryInPlace}'s.
 *
 * <p>Where it differs from the reference backend:
 * <ul>
 *   <li>the math functions are CUDA's double-precision ones (within 1 or 2 ulp, as Java's), and ERF (so GELU) uses
 *       CUDA's {@code erf} (2 ulp) rather than the reference's series: results agree to rounding, not bit for bit;
 *   <li>{@link #binary}, {@link #binaryInPlace} and {@link #compare} require operands of one dtype and {@link #where}
 *       a BOOL condition and one dtype for x and y (the SPI's contract, which the tensor ops guarantee); the reference
 *       happens to accept other mixes, here they are refused with an exception naming the dtypes.
 * </ul>
 */
final class ElementwiseOps {
    private static final String FILE = "elementwise.cu";
    private static final String[][] UNARY = kernelNames("unary", UnaryOp.values());
    private static final String[][] BINARY = kernelNames("binary", BinaryOp.values());
    private static final String[][] BINARY_IN_PLACE = kernelNames("binary_inplace", BinaryOp.values());
    private static final String[][] COMPARE = kernelNames("compare", CompareOp.values());
    private static final String[] WHERE = Arrays.stream(DType.values()).map(t -> "where_" + Transfers.suffix(t))
            .toArray(String[]::new);

    private final CudaDevice device;
    private final Transfers transfers;

    ElementwiseOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage unary(UnaryOp op, CudaStorage x, Layout xLayout, double a, double b) {
        DType t = x.dtype();
        int n = xLayout.numel();
        if (n > 0 && !definedOn(op, t)) {
            throw new IllegalArgumentException(op + " is not defined for integer tensors (" + t + "); convert to a"
                    + " floating dtype first");
        }
        CudaStorage out = transfers.empty(t, n);
        if (n == 0) return out;
        Views v = Views.of(Layout.contiguous(xLayout.shape()), xLayout);
        CudaKernel kernel = device.kernel(FILE, UNARY[op.ordinal()][t.ordinal()]);
        KernelArgs args = device.args().ptr(x.address());
        v.addTo(args, 1).ptr(out.address()).i64(n).i32(contiguous(v)).f64(a).f64(b);
        kernel.launchLinear(n, args);
        return out;
    }

    CudaStorage binary(BinaryOp op, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout) {
        DType t = commonDType("binary", op, x, y);
        int n = xLayout.numel();
        checkDefined(op, t, n);
        return pairwise(BINARY[op.ordinal()][t.ordinal()], x, xLayout, y, yLayout, transfers.empty(t, n));
    }

    /**
     * {@code dst = dst op y} through dst's view. When y is a different view of dst's own storage, the result is
     * computed out of place and assigned back, as the reference does, so no element is read after it was written.
     */
    void binaryInPlace(BinaryOp op, CudaStorage dst, Layout dstLayout, CudaStorage y, Layout yLayout) {
        DType t = commonDType("binaryInPlace", op, dst, y);
        int n = dstLayout.numel();
        checkDefined(op, t, n);
        if (n == 0) return;
        Views v = Views.of(dstLayout, yLayout);
        boolean sameElements = v.offsets()[0] == v.offsets()[1] && Arrays.equals(v.strides()[0], v.strides()[1]);
        if (y == dst && !sameElements) {
            try (CudaStorage result = binary(op, dst, dstLayout, y, yLayout)) {
                transfers.assign(dst, dstLayout, result, Layout.contiguous(dstLayout.shape()));
            }
            return;
        }
        CudaKernel kernel = device.kernel(FILE, BINARY_IN_PLACE[op.ordinal()][t.ordinal()]);
        KernelArgs args = device.args().ptr(dst.address());
        v.addTo(args, 0).ptr(y.address());
        v.addTo(args, 1).i64(n).i32(contiguous(v));
        kernel.launchLinear(n, args);
    }

    CudaStorage compare(CompareOp op, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout) {
        DType t = commonDType("compare", op, x, y);
        CudaStorage out = transfers.empty(DType.BOOL, xLayout.numel());
        return pairwise(COMPARE[op.ordinal()][t.ordinal()], x, xLayout, y, yLayout, out);
    }

    CudaStorage where(CudaStorage cond, Layout condLayout, CudaStorage x, Layout xLayout, CudaStorage y,
                      Layout yLayout) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be BOOL, got " + cond.dtype());
        }
        DType t = commonDType("where", null, x, y);
        int n = xLayout.numel();
        CudaStorage out = transfers.empty(t, n);
        if (n == 0) return out;
        Views v = Views.of(Layout.contiguous(xLayout.shape()), condLayout, xLayout, yLayout);
        CudaKernel kernel = device.kernel(FILE, WHERE[t.ordinal()]);
        KernelArgs args = device.args().ptr(cond.address());
        v.addTo(args, 1).ptr(x.address());
        v.addTo(args, 2).ptr(y.address());
        v.addTo(args, 3).ptr(out.address()).i64(n).i32(contiguous(v));
        kernel.launchLinear(n, args);
        return out;
    }

    /**
     * Launches the kernel {@code kernelName}, which takes (x, x's view, y, y's view, out, n, contiguous) as the binary
     * and comparison kernels do and writes every element of the contiguous result {@code out}; returns {@code out}.
     */
    private CudaStorage pairwise(String kernelName, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout,
                                 CudaStorage out) {
        int n = xLayout.numel();
        if (n == 0) return out;
        Views v = Views.of(Layout.contiguous(xLayout.shape()), xLayout, yLayout);
        CudaKernel kernel = device.kernel(FILE, kernelName);
        KernelArgs args = device.args().ptr(x.address());
        v.addTo(args, 1).ptr(y.address());
        v.addTo(args, 2).ptr(out.address()).i64(n).i32(contiguous(v));
        kernel.launchLinear(n, args);
        return out;
    }

    /** Every kernel this class launches (for the test that compiles {@code elementwise.cu} and looks for them). */
    static List<String> kernels() {
        List<String> names = new ArrayList<>();
        for (DType t : DType.values()) {
            for (UnaryOp op : UnaryOp.values()) if (definedOn(op, t)) names.add(UNARY[op.ordinal()][t.ordinal()]);
            for (BinaryOp op : BinaryOp.values()) {
                if (definedOn(op, t)) {
                    names.add(BINARY[op.ordinal()][t.ordinal()]);
                    names.add(BINARY_IN_PLACE[op.ordinal()][t.ordinal()]);
                }
            }
            for (CompareOp op : CompareOp.values()) names.add(COMPARE[op.ordinal()][t.ordinal()]);
            names.add(WHERE[t.ordinal()]);
        }
        return names;
    }

    /** Whether the reference computes {@code op} on storage of dtype {@code t} (integer forms: keepsIntegers). */
    private static boolean definedOn(UnaryOp op, DType t) { return t.isFloating() || op.keepsIntegers(); }

    /** Whether the reference computes {@code op} on storage of dtype {@code t} (it refuses integer division). */
    private static boolean definedOn(BinaryOp op, DType t) { return t.isFloating() || op != BinaryOp.DIV; }

    /** The reference's refusal of integer division (when there is an element to divide), with the same exception. */
    private static void checkDefined(BinaryOp op, DType t, int n) {
        if (n > 0 && !definedOn(op, t)) {
            throw new UnsupportedOperationException("integer division (" + op + " on " + t + "); convert to a floating"
                    + " dtype first");
        }
    }

    /** The dtype x and y share; {@code op} (may be null) only names the operation in the error. */
    private static DType commonDType(String method, Enum<?> op, CudaStorage x, CudaStorage y) {
        if (x.dtype() != y.dtype()) {
            String name = op == null ? method : method + " " + op;
            throw new IllegalArgumentException(name + ": operands of different dtypes, " + x.dtype() + " and "
                    + y.dtype() + "; convert one first");
        }
        return x.dtype();
    }

    /** 1 when every view visits its elements in row-major order: the kernels then skip the index arithmetic. */
    private static int contiguous(Views v) {
        for (int k = 0; k < v.strides().length; k++) if (!v.contiguous(k)) return 0;
        return 1;
    }

    /** {@code names[op][dtype]}: {@code <family>_<op>_<dtype suffix>}, the names of elementwise.cu's entry points. */
    private static String[][] kernelNames(String family, Enum<?>[] ops) {
        String[][] names = new String[ops.length][DType.values().length];
        for (Enum<?> op : ops) {
            for (DType t : DType.values()) {
                String name = op.name().toLowerCase(Locale.ROOT);
                names[op.ordinal()][t.ordinal()] = family + "_" + name + "_" + Transfers.suffix(t);
            }
        }
        return names;
    }
}
