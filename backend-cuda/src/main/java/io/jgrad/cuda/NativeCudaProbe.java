package io.jgrad.cuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.SizeTPointer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The native stage of {@link CudaProbe}: loads the libraries found, then asks the runtime and the driver about
 * versions and devices, and cuBLAS and NVRTC about theirs. Every call it makes exists in a CUDA 13.0 runtime.
 */
final class NativeCudaProbe {
    /** JavaCPP's search path for the libraries its glue links against (it reads this property once). */
    static final String JAVACPP_LINKPATH = "org.bytedeco.javacpp.platform.linkpath";

    private NativeCudaProbe() {}

    @SuppressWarnings("restricted") // System.load: the whole point of this stage
    static CudaStatus probe(List<Path> libraries) {
        String loading = null;
        try {
            pointJavaCppAt(libraries);
            // Loaded by absolute path first: the glue's dependencies then resolve (by soname) to these files even
            // when their folders are not on the dynamic linker's path (jgrad.cuda.libs).
            for (Path library : libraries) {
                loading = library.toString();
                System.load(loading);
            }
        } catch (Throwable t) {
            return CudaStatus.unavailable("cannot load " + loading + ": " + describe(t));
        }

        int[] runtime = new int[1];
        int[] driver = new int[1];
        try {
            cudart.cudaRuntimeGetVersion(runtime);
        } catch (Throwable t) {
            return CudaStatus.unavailable("cannot load the CUDA runtime bindings (org.bytedeco:cuda): " + describe(t));
        }
        cudart.cudaDriverGetVersion(driver);
        if (driver[0] == 0) {
            return new CudaStatus(false, "no NVIDIA driver is loaded (cudaDriverGetVersion reports none)", runtime[0], 0,
                    List.of());
        }
        if (driver[0] < 13000) {
            return new CudaStatus(false, "the NVIDIA driver supports CUDA " + CudaStatus.versionString(driver[0])
                    + " only; CUDA 13 needs driver 580 or newer", runtime[0], driver[0], List.of());
        }
        int init = cudart.cuInit(0);
        if (init != cudart.CUDA_SUCCESS) {
            String what = init == cudart.CUDA_ERROR_NO_DEVICE ? "no CUDA device" : "the CUDA driver failed to start";
            return new CudaStatus(false, what + " (cuInit: " + CudaChecks.driverError(init) + ")", runtime[0], driver[0],
                    List.of());
        }
        int[] count = new int[1];
        int status = cudart.cudaGetDeviceCount(count);
        if (status != cudart.cudaSuccess) {
            cudart.cudaGetLastError();
            return new CudaStatus(false, "cudaGetDeviceCount failed: " + CudaChecks.runtimeError(status), runtime[0],
                    driver[0], List.of());
        }
        if (count[0] == 0) return new CudaStatus(false, "no CUDA device found", runtime[0], driver[0], List.of());

        List<CudaDeviceInfo> devices = new ArrayList<>();
        for (int ordinal = 0; ordinal < count[0]; ordinal++) devices.add(describeDevice(ordinal));
        String versions = "CUDA runtime " + CudaStatus.versionString(runtime[0]) + ", driver "
                + CudaStatus.versionString(driver[0]);
        if (devices.stream().noneMatch(CudaDeviceInfo::supported)) {
            CudaDeviceInfo first = devices.getFirst();
            return new CudaStatus(false, "compute capability " + first.major() + "." + first.minor() + " of "
                    + first.describe() + " is below the 7.5 that CUDA 13 needs", runtime[0], driver[0], devices);
        }

        String blas;
        try {
            blas = "cuBLAS " + blasProperty(cudart.MAJOR_VERSION) + "." + blasProperty(cudart.MINOR_VERSION) + "."
                    + blasProperty(cudart.PATCH_LEVEL);
        } catch (Throwable t) {
            return new CudaStatus(false, "cuBLAS is not usable: " + describe(t), runtime[0], driver[0], devices);
        }
        String compiler;
        try {
            int[] major = new int[1];
            int[] minor = new int[1];
            CudaChecks.checkNvrtc(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
            compiler = "NVRTC " + major[0] + "." + minor[0];
        } catch (Throwable t) {
            return new CudaStatus(false, "NVRTC is not usable: " + describe(t), runtime[0], driver[0], devices);
        }
        String found = String.join(", ", devices.stream().map(CudaDeviceInfo::describe).toList());
        return new CudaStatus(true, versions + ", " + blas + ", " + compiler + "; " + found, runtime[0], driver[0],
                devices);
    }

    private static CudaDeviceInfo describeDevice(int ordinal) {
        int major = attribute(cudart.cudaDevAttrComputeCapabilityMajor, ordinal);
        int minor = attribute(cudart.cudaDevAttrComputeCapabilityMinor, ordinal);
        int sms = attribute(cudart.cudaDevAttrMultiProcessorCount, ordinal);
        int[] device = new int[1];
        CudaChecks.checkDriver(cudart.cuDeviceGet(device, ordinal), "cuDeviceGet");
        byte[] name = new byte[256];
        CudaChecks.checkDriver(cudart.cuDeviceGetName(name, name.length, device[0]), "cuDeviceGetName");
        long memory;
        try (SizeTPointer bytes = new SizeTPointer(1)) {
            CudaChecks.checkDriver(cudart.cuDeviceTotalMem(bytes, device[0]), "cuDeviceTotalMem");
            memory = bytes.get();
        }
        return new CudaDeviceInfo(ordinal, cString(name), major, minor, memory, sms);
    }

    private static int attribute(int attribute, int ordinal) {
        int[] value = new int[1];
        CudaChecks.checkRuntime(cudart.cudaDeviceGetAttribute(value, attribute, ordinal), "cudaDeviceGetAttribute");
        return value[0];
    }

    private static int blasProperty(int property) {
        int[] value = new int[1];
        CudaChecks.checkBlas(cublas.cublasGetProperty(property, value), "cublasGetProperty");
        return value[0];
    }

    /** Puts the libraries' folders first on JavaCPP's link path, so its own preloading picks the same files. */
    private static void pointJavaCppAt(List<Path> libraries) {
        LinkedHashSet<String> folders = new LinkedHashSet<>();
        for (Path library : libraries) folders.add(library.getParent().toString());
        String existing = System.getProperty(JAVACPP_LINKPATH);
        if (existing != null && !existing.isBlank()) folders.add(existing);
        System.setProperty(JAVACPP_LINKPATH, String.join(File.pathSeparator, folders));
    }

    /** The text of a NUL-terminated C string in {@code bytes}. */
    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The error and, when different, its deepest cause (JavaCPP hides "libX: cannot open shared object" there). */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String outer = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? outer : outer + " (" + root.getMessage() + ")";
    }
}
