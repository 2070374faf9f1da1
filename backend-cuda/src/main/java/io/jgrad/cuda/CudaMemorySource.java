package io.jgrad.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/** Device memory straight from {@code cudaMalloc} and {@code cudaFree}, on one device's context. */
final class CudaMemorySource implements DeviceMemorySource {
    private final CudaContext context;

    CudaMemorySource(CudaContext context) {
        this.context = context;
    }

    @Override
    public long allocate(long bytes) {
        context.makeCurrent();
        Pointer block = new Pointer();
        int status = cudart.cudaMalloc(block, bytes);
        if (status == cudart.cudaErrorMemoryAllocation) {
            cudart.cudaGetLastError(); // not sticky: clear it so the next call does not report it
            return 0;
        }
        CudaChecks.checkRuntime(status, "cudaMalloc(" + bytes + ")");
        return block.address();
    }

    @Override
    public void free(long address) {
        context.makeCurrent();
        CudaChecks.checkRuntime(cudart.cudaFree(DevicePointers.at(address)), "cudaFree");
    }

    @Override
    public String describeFreeMemory() {
        context.makeCurrent();
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            int status = cudart.cudaMemGetInfo(free, total);
            if (status != cudart.cudaSuccess) {
                cudart.cudaGetLastError();
                return "free memory unknown (" + CudaChecks.runtimeError(status) + ")";
            }
            return MemoryStats.formatBytes(free.get()) + " free of " + MemoryStats.formatBytes(total.get());
        }
    }
}
