package io.jgrad.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/** A kernel function of a loaded module, launched on its device's stream. */
final class CudaKernel {
    private final CudaContext context;
    private final String name;
    private final CUfunc_st function;

    CudaKernel(CudaContext context, String name, CUfunc_st function) {
        this.context = context;
        this.name = name;
        this.function = function;
    }

    String name() { return name; }

    /** Launches a grid-stride kernel over {@code n} elements (nothing when {@code n} is 0). */
    void launchLinear(long n, KernelArgs args) {
        if (n == 0) return;
        LinearLaunch launch = LinearLaunch.of(n, context.info().multiprocessors());
        launch(launch.blocks(), 1, 1, launch.threads(), 1, 1, 0, args);
    }

    /** Launches with an explicit grid, block and dynamic shared memory size. */
    void launch(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes, KernelArgs args) {
        context.makeCurrent();
        // The PointerPointer overload passes kernelParams as the void** itself. The binding's (Pointer, Pointer)
        // overload is @ByPtrPtr: it would pass the address of a variable holding the array's address, which the driver
        // rejects with CUDA_ERROR_INVALID_VALUE (seen on the first GPU run).
        PointerPointer<?> params = new PointerPointer<>((Pointer) args.kernelParams());
        CudaChecks.checkDriver(cudart.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                context.stream(), params, (PointerPointer<?>) null), "cuLaunchKernel(" + name + ")");
    }
}
