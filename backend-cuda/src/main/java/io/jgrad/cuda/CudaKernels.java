package io.jgrad.cuda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernels of one device: each source file of {@code io/jgrad/cuda/kernels/} is compiled by NVRTC for the device's
 * architecture on first use (or taken from the {@link CubinCache}) and loaded once as a {@link CudaModule}.
 */
final class CudaKernels implements AutoCloseable {
    private final CudaContext context;
    private final CubinCache cache;
    private final String arch;
    private final List<String> options;
    private final String compilerVersion;
    private final Map<String, CudaModule> modules = new HashMap<>();

    CudaKernels(CudaContext context, CubinCache cache) {
        this.context = context;
        this.cache = cache;
        this.arch = context.info().arch();
        this.options = NvrtcCompiler.options(arch);
        this.compilerVersion = NvrtcCompiler.version();
    }

    /** The kernel {@code function} of source file {@code file} (e.g. {@code "copy.cu"}, {@code "fill_f32"}). */
    synchronized CudaKernel kernel(String file, String function) {
        return module(file).kernel(function);
    }

    /** The loaded module of a source file, compiling it first if needed. */
    synchronized CudaModule module(String file) {
        CudaModule module = modules.get(file);
        if (module == null) {
            module = load(KernelSource.load(file));
            modules.put(file, module);
        }
        return module;
    }

    private CudaModule load(KernelSource source) {
        byte[] cubin = cache.getOrCompile(source, options, compilerVersion, arch, () -> NvrtcCompiler.compile(source, options));
        try {
            return CudaModule.load(context, source.name(), cubin);
        } catch (CudaException e) {
            // A cached image the driver refuses (damaged, or from a different toolkit build): compile it afresh once.
            cache.evict(source, options, compilerVersion, arch);
            byte[] fresh = cache.getOrCompile(source, options, compilerVersion, arch, () -> NvrtcCompiler.compile(source, options));
            return CudaModule.load(context, source.name(), fresh);
        }
    }

    @Override
    public synchronized void close() {
        modules.values().forEach(CudaModule::close);
        modules.clear();
    }
}
