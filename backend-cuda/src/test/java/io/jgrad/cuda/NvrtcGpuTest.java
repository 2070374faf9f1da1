package io.jgrad.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NVRTC compilation, the CUBIN cache and module loading on a real GPU. */
@GpuTest
class NvrtcGpuTest {
    @TempDir
    Path temp;

    private static String arch() { return DeviceArrays.device().context().info().arch(); }

    @Test
    void everyKernelSourceCompilesForThisDeviceAndLoads() {
        CudaContext context = DeviceArrays.device().context();
        for (String name : KernelSource.list()) {
            KernelSource source = KernelSource.load(name);
            byte[] cubin = NvrtcCompiler.compile(source, NvrtcCompiler.options(arch()));
            assertTrue(cubin.length > 0 && cubin[0] == 0x7f && cubin[1] == 'E', name + " is not an ELF CUBIN");
            List<String> kernels = KernelSourcesNvccTest.kernelNames(cubin);
            assertTrue(!kernels.isEmpty(), name + " has no kernels");
            try (CudaModule module = CudaModule.load(context, name, cubin)) {
                for (String kernel : kernels) assertEquals(name + ":" + kernel, module.kernel(kernel).name());
            }
        }
    }

    @Test
    void aCompilationErrorCarriesNvrtcsLog() {
        KernelSource broken = new KernelSource("broken.cu",
                "extern \"C\" __global__ void k(float* x) { x[0] = undefined_name; }", Map.of());
        var e = assertThrows(KernelCompilationException.class, () -> NvrtcCompiler.compile(broken, NvrtcCompiler.options(arch())));
        assertTrue(e.log().contains("undefined_name"), e.log());
        assertTrue(e.getMessage().startsWith("NVRTC could not compile broken.cu (--gpu-architecture=" + arch()), e.getMessage());
    }

    @Test
    void aCachedImageIsReusedAndLoads() throws Exception {
        CubinCache cache = new CubinCache(temp);
        KernelSource copy = KernelSource.load("copy.cu");
        List<String> options = NvrtcCompiler.options(arch());
        AtomicInteger compilations = new AtomicInteger();
        byte[] first = cache.getOrCompile(copy, options, NvrtcCompiler.version(), arch(), () -> {
            compilations.incrementAndGet();
            return NvrtcCompiler.compile(copy, options);
        });
        byte[] second = cache.getOrCompile(copy, options, NvrtcCompiler.version(), arch(), () -> {
            compilations.incrementAndGet();
            return NvrtcCompiler.compile(copy, options);
        });
        assertEquals(1, compilations.get());
        assertArrayEquals(first, second);
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count());
        }
        try (CudaModule module = CudaModule.load(DeviceArrays.device().context(), "copy.cu", second)) {
            var e = assertThrows(IllegalArgumentException.class, () -> module.kernel("no_such_kernel"));
            assertTrue(e.getMessage().contains("no kernel 'no_such_kernel' in copy.cu"), e.getMessage());
        }
    }

    @Test
    void theNvrtcVersionIsCuda13() {
        assertTrue(NvrtcCompiler.version().startsWith("13."), NvrtcCompiler.version());
    }
}
