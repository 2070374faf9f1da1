package io.jgrad.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;

import java.util.HashMap;
import java.util.Map;

/** A CUBIN loaded on one device ({@code cuModuleLoadData}), with its kernels looked up once each. */
final class CudaModule implements AutoCloseable {
    private final CudaContext context;
    private final String name;
    private final CUmod_st module = new CUmod_st();
    private final Map<String, CudaKernel> kernels = new HashMap<>();
    private boolean closed;

    private CudaModule(CudaContext context, String name, byte[] cubin) {
        this.context = context;
        this.name = name;
        context.makeCurrent();
        try (BytePointer image = new BytePointer(cubin)) {
            CudaChecks.checkDriver(cudart.cuModuleLoadData(module, image), "cuModuleLoadData(" + name + ")");
        }
    }

    /** Loads {@code cubin} (named {@code name} in messages) into the device's context. */
    static CudaModule load(CudaContext context, String name, byte[] cubin) {
        return new CudaModule(context, name, cubin);
    }

    /** The {@code extern "C"} kernel {@code function}; an unknown name raises an exception naming the module. */
    synchronized CudaKernel kernel(String function) {
        if (closed) throw new IllegalStateException("module " + name + " is unloaded");
        CudaKernel kernel = kernels.get(function);
        if (kernel == null) {
            context.makeCurrent();
            CUfunc_st handle = new CUfunc_st();
            int result = cudart.cuModuleGetFunction(handle, module, function);
            if (result == cudart.CUDA_ERROR_NOT_FOUND) {
                throw new IllegalArgumentException("no kernel '" + function + "' in " + name
                        + " (is it declared extern \"C\" __global__?)");
            }
            CudaChecks.checkDriver(result, "cuModuleGetFunction(" + function + ")");
            kernel = new CudaKernel(context, name + ":" + function, handle);
            kernels.put(function, kernel);
        }
        return kernel;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        context.makeCurrent();
        CudaChecks.checkDriver(cudart.cuModuleUnload(module), "cuModuleUnload(" + name + ")");
    }
}
