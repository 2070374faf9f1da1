package io.jgrad.cuda;

import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

import java.util.List;

/**
 * Compiles CUDA C to CUBIN for one real architecture ({@code sm_XX}) with NVRTC: the driver loads the machine code
 * as it is, so there is no JIT at load time and no PTX version for the driver to reject.
 */
final class NvrtcCompiler {
    private NvrtcCompiler() {}

    /** The options every kernel is compiled with, for {@code arch} such as {@code sm_90}. */
    static List<String> options(String arch) {
        return List.of("--gpu-architecture=" + arch, "--std=c++17");
    }

    /** NVRTC's version, e.g. {@code 13.0} (part of the CUBIN cache key). */
    static String version() {
        int[] major = new int[1];
        int[] minor = new int[1];
        CudaChecks.checkNvrtc(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
        return major[0] + "." + minor[0];
    }

    /** The CUBIN of {@code source} compiled with {@code options}; a source that does not compile raises NVRTC's log. */
    static byte[] compile(KernelSource source, List<String> options) {
        String[] headerNames = source.headers().keySet().toArray(String[]::new);
        String[] headerTexts = source.headers().values().toArray(String[]::new);
        _nvrtcProgram program = new _nvrtcProgram();
        // The strings stay allocated until the program is destroyed.
        try (BytePointer code = new BytePointer(source.code());
             BytePointer name = new BytePointer(source.name());
             PointerPointer<BytePointer> texts = headerTexts.length == 0 ? null : new PointerPointer<>(headerTexts);
             PointerPointer<BytePointer> names = headerNames.length == 0 ? null : new PointerPointer<>(headerNames);
             PointerPointer<BytePointer> opts = new PointerPointer<>(options.toArray(String[]::new))) {
            CudaChecks.checkNvrtc(nvrtc.nvrtcCreateProgram(program, code, name, headerNames.length, texts, names),
                    "nvrtcCreateProgram(" + source.name() + ")");
            try {
                int result = nvrtc.nvrtcCompileProgram(program, options.size(), opts);
                if (result == nvrtc.NVRTC_ERROR_COMPILATION) {
                    throw new KernelCompilationException(source.name(), String.join(" ", options), log(program));
                }
                CudaChecks.checkNvrtc(result, "nvrtcCompileProgram(" + source.name() + ")");
                return cubin(program);
            } finally {
                nvrtc.nvrtcDestroyProgram(program);
            }
        }
    }

    private static byte[] cubin(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            CudaChecks.checkNvrtc(nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
            byte[] cubin = new byte[Math.toIntExact(size.get())];
            try (BytePointer buffer = new BytePointer(cubin.length)) {
                CudaChecks.checkNvrtc(nvrtc.nvrtcGetCUBIN(program, buffer), "nvrtcGetCUBIN");
                buffer.get(cubin);
            }
            return cubin;
        }
    }

    private static String log(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (nvrtc.nvrtcGetProgramLogSize(program, size) != nvrtc.NVRTC_SUCCESS) return "(no log)";
            byte[] raw = new byte[Math.toIntExact(Math.max(1, size.get()))];
            try (BytePointer text = new BytePointer(raw.length)) {
                if (nvrtc.nvrtcGetProgramLog(program, text) != nvrtc.NVRTC_SUCCESS) return "(no log)";
                text.get(raw);
            }
            return NativeCudaProbe.cString(raw).strip();
        }
    }
}
