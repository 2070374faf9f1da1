package io.jgrad.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;

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
        CudaChecks.checkDriver(cudart.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                context.stream(), args.kernelParams(), (Pointer) null), "cuLaunchKernel(" + name + ")");
    }
}
