package io.jgrad.cuda;

/**
 * Everything jgrad keeps per device: the context and stream, the caching allocator, the pinned staging copier, and,
 * created on first use, the cuBLAS and cuDNN handles and the compiled kernels.
 */
final class CudaDevice implements AutoCloseable {
    private final CudaContext context;
    private final CachingAllocator allocator;
    private final PinnedStagingCopier copier;
    private final KernelArgs args = new KernelArgs();
    private Cublas blas;
    private Cudnn cudnn;
    private CudaKernels kernels;

    private CudaDevice(CudaContext context) {
        this.context = context;
        this.allocator = new CachingAllocator("cuda:" + context.ordinal(), new CudaMemorySource(context));
        this.copier = new PinnedStagingCopier(context, PinnedStagingCopier.DEFAULT_CHUNK_BYTES);
    }

    /** Opens a supported device (see {@link CudaStatus#device(int)}). */
    static CudaDevice open(CudaDeviceInfo info) {
        CudaContext context = CudaContext.open(info);
        try {
            return new CudaDevice(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    CudaContext context() { return context; }

    CachingAllocator allocator() { return allocator; }

    PinnedStagingCopier copier() { return copier; }

    synchronized Cublas blas() {
        if (blas == null) blas = Cublas.create(context);
        return blas;
    }

    /** The cuDNN handle and its plans; only when the probe found cuDNN ({@link CudaStatus#cudnn()}). */
    synchronized Cudnn cudnn() {
        if (cudnn == null) cudnn = Cudnn.create(context, allocator);
        return cudnn;
    }

    synchronized CudaKernels kernels() {
        if (kernels == null) kernels = new CudaKernels(context, new CubinCache(CubinCache.defaultFolder()));
        return kernels;
    }

    /** Kernel {@code function} of source file {@code file} (e.g. {@code "copy.cu"}, {@code "fill_f32"}). */
    CudaKernel kernel(String file, String function) { return kernels().kernel(file, function); }

    /**
     * The device's launch arguments, cleared. One buffer serves every launch, so callers hold the device's lock
     * ({@code synchronized (device)}, as {@code CudaBackend} does) from this call until the launch.
     */
    KernelArgs args() { return args.clear(); }

    /** Releases everything, cached memory included; live blocks must have been freed. */
    @Override
    public synchronized void close() {
        context.synchronize();
        if (kernels != null) kernels.close();
        if (blas != null) blas.close();
        if (cudnn != null) cudnn.close();
        copier.close();
        args.close();
        allocator.emptyCache();
        context.close();
    }
}
