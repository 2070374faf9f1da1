package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.backend.ReduceOp;

/**
 * Reductions over any set of axes, arg-reductions and softmax ({@code kernels/reduce.cu}), accumulating floating-point
 * values in double and integers (BOOL as 0/1) in 64 bits as the reference backend does, with its NaN rules.
 *
 * <p>Each op works on rows. {@code reduce} splits the input's view in two: the kept axes (in order, which is the
 * contiguous output's order) give each output's first element, the reduced axes (in order) the offsets of its slice;
 * arg max/min and softmax take the other axes for the rows and one stride along the axis. Short rows (at most
 * {@value #SHORT_ROW} elements), and rows many enough to fill the device whose elements are not adjacent in memory,
 * are done one per thread; other rows one per block, whose threads stride through the row (coalesced when it is
 * contiguous) and combine their partial results in a shared-memory tree.
 *
 * <p>What differs from the reference: a row's elements are combined in another order (each thread's share, then the
 * tree), so floating sums and products may differ from the reference's left-to-right ones by rounding (in double,
 * before the one rounding to F32), and a MAX or MIN over +0.0 and -0.0 (or over several NaNs) may return the other
 * zero (or NaN payload). Arg max/min return exactly the reference's index: their combine order does not matter.
 * Softmax follows the reference's formula; {@code exp} and {@code log} are CUDA's double-precision ones (within 1-2 ulp
 * of Java's).
 */
final class ReductionOps {
    /** The most threads of a row-per-block launch; {@code ROW_THREADS} in reduce.cu (the size of its trees). */
    static final int ROW_THREADS = 256;
    /** Rows up to this length are done one per thread. */
    static final int SHORT_ROW = 32;
    /** From this many rows, one thread per row fills the device (when the row's elements are not adjacent). */
    static final int MANY_ROWS = 65_536;
    /** Resident threads per multiprocessor that a row-per-block grid aims to fill. */
    private static final int THREADS_PER_SM = 2048;

    private final CudaDevice device;
    private final Transfers transfers;

    ReductionOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage reduce(ReduceOp op, CudaStorage x, Layout xLayout, boolean[] axes) {
        long xAt = x.address();  // a closed input fails here, before anything is allocated
        Views kept = Views.of(AxisRows.axes(xLayout, axes, false, xLayout.offset()));
        Views reduced = Views.of(AxisRows.axes(xLayout, axes, true, 0));
        int outputs = (int) kept.numel();
        CudaStorage out = transfers.empty(x.dtype(), outputs);
        if (outputs == 0) return out;
        int length = (int) reduced.numel();
        KernelArgs args = device.args().ptr(xAt);
        kept.addTo(args, 0);
        reduced.addTo(args, 0).i32(outputs).i32(length).i32(op.ordinal());
        if (x.dtype().isFloating()) args.f64(op.identity());
        else args.i64(op.longIdentity());
        args.ptr(out.address());
        launchRows("reduce", x.dtype(), outputs, length, innermostStride(reduced), args);
        return out;
    }

    CudaStorage argReduce(boolean max, CudaStorage x, Layout xLayout, int axis) {
        long xAt = x.address();
        AxisRows rows = AxisRows.along(xLayout, axis);
        CudaStorage out = transfers.empty(DType.I64, rows.count());
        if (rows.count() == 0) return out;
        KernelArgs args = device.args().ptr(xAt);
        rows.starts().addTo(args, 0).i64(rows.step()).i32(rows.count()).i32(rows.length()).i32(max ? 1 : 0);
        args.ptr(out.address());
        launchRows("arg_reduce", x.dtype(), rows.count(), rows.length(), rows.step(), args);
        return out;
    }

    CudaStorage softmax(CudaStorage x, Layout xLayout, int axis, boolean log) {
        long xAt = x.address();
        AxisRows rows = AxisRows.along(xLayout, axis);
        CudaStorage out = transfers.empty(x.dtype(), xLayout.numel());
        if (xLayout.numel() == 0) return out;
        KernelArgs args = device.args().ptr(xAt);
        rows.starts().addTo(args, 0).i64(rows.step()).i32(rows.count()).i32(rows.length()).i32(rows.inner());
        args.i32(log ? 1 : 0).ptr(out.address());
        launchRows("softmax", x.dtype(), rows.count(), rows.length(), rows.step(), args);
        return out;
    }

    /**
     * Launches {@code <family>_per_thread_<type>} or {@code <family>_per_block_<type>} over {@code rows} rows of
     * {@code length} elements, whose innermost step through a row is {@code innerStride} elements.
     */
    private void launchRows(String family, DType dtype, int rows, int length, int innerStride, KernelArgs args) {
        String suffix = Transfers.suffix(dtype);
        if (onePerThread(rows, length, innerStride)) {
            device.kernel("reduce.cu", family + "_per_thread_" + suffix).launchLinear(rows, args);
            return;
        }
        int threads = blockThreads(length);
        long resident = (long) device.context().info().multiprocessors() * (THREADS_PER_SM / threads);
        int blocks = (int) Math.min(rows, resident);
        device.kernel("reduce.cu", family + "_per_block_" + suffix).launch(blocks, 1, 1, threads, 1, 1, 0, args);
    }

    /** Whether rows are better reduced one per thread than one per block. */
    static boolean onePerThread(int rows, int length, int innerStride) {
        return length <= SHORT_ROW || (rows >= MANY_ROWS && innerStride != 1);
    }

    /** Threads for a row of {@code length} (> {@value #SHORT_ROW}): a power of two, at most {@value #ROW_THREADS}. */
    static int blockThreads(int length) {
        return Math.min(ROW_THREADS, Integer.highestOneBit(length - 1) << 1);
    }

    /** The stride of a simplified view's last axis (1 for a single element). */
    private static int innermostStride(Views v) {
        int rank = v.shape().length;
        return rank == 0 ? 1 : v.strides()[0][rank - 1];
    }
}
