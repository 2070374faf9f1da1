package io.jgrad.cuda;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/**
 * One device's primary context (retained, shared with the runtime API) and its one stream. Every thread that issues
 * work calls {@link #makeCurrent()} first; all work of the device goes to {@link #stream()}, so it runs in issue order.
 */
final class CudaContext implements AutoCloseable {
    /** The context current on each thread, so {@link #makeCurrent()} costs a thread-local read when nothing changes. */
    private static final ThreadLocal<CudaContext> CURRENT = new ThreadLocal<>();

    private final CudaDeviceInfo info;
    private final int device;
    private final CUctx_st context = new CUctx_st();
    private final CUstream_st stream = new CUstream_st();
    private boolean closed;

    private CudaContext(CudaDeviceInfo info) {
        this.info = info;
        int[] handle = new int[1];
        CudaChecks.checkDriver(cudart.cuDeviceGet(handle, info.ordinal()), "cuDeviceGet");
        this.device = handle[0];
        CudaChecks.checkDriver(cudart.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        // Non-blocking: no implicit synchronisation with the legacy default stream that other code may use.
        CudaChecks.checkRuntime(cudart.cudaStreamCreateWithFlags(stream, cudart.cudaStreamNonBlocking),
                "cudaStreamCreateWithFlags");
    }

    /** Retains the device's primary context and creates its stream. */
    static CudaContext open(CudaDeviceInfo info) {
        return new CudaContext(info);
    }

    CudaDeviceInfo info() { return info; }

    int ordinal() { return info.ordinal(); }

    CUstream_st stream() { return stream; }

    /** Makes this device's context current on the calling thread (for both the runtime and the driver API). */
    void makeCurrent() {
        if (CURRENT.get() == this) return;
        if (closed) throw new IllegalStateException("cuda:" + info.ordinal() + " context is closed");
        CudaChecks.checkDriver(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        CudaChecks.checkRuntime(cudart.cudaSetDevice(info.ordinal()), "cudaSetDevice");
        CURRENT.set(this);
    }

    /** Waits until everything issued on the stream has finished (and reports an asynchronous error if one happened). */
    void synchronize() {
        makeCurrent();
        CudaChecks.checkRuntime(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    /** Waits for the stream, destroys it and releases the primary context. */
    @Override
    public void close() {
        if (closed) return;
        makeCurrent();
        try {
            CudaChecks.checkRuntime(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
            CudaChecks.checkRuntime(cudart.cudaStreamDestroy(stream), "cudaStreamDestroy");
        } finally {
            closed = true;
            CURRENT.remove();
            CudaChecks.checkDriver(cudart.cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
        }
    }
}
