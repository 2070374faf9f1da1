package io.jgrad.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides once per JVM whether the CUDA backend can run, without ever crashing the JVM: the platform, the bindings on
 * the class path, the library files on the search path, and only then native code (loading the libraries, the driver,
 * the devices, cuBLAS, NVRTC). Stopping before native code when a file is missing keeps a CPU-only machine from ever
 * initialising the bindings (a failed binding class stays unusable for the JVM's life).
 */
final class CudaProbe {
    /** The native part of the probe, given the library files found (in {@link NativeLibrary#REQUIRED} order). */
    @FunctionalInterface
    interface NativeStage {
        CudaStatus probe(List<Path> libraries);
    }

    /** The cuDNN probe, run once the CUDA libraries have loaded (see {@link CudnnProbe}). */
    @FunctionalInterface
    interface CudnnStage {
        CudnnStatus probe(LibrarySearchPath searchPath);
    }

    private static volatile CudaStatus cached;

    private CudaProbe() {}

    /** The verdict for this JVM, probed on first use. */
    static CudaStatus status() {
        CudaStatus s = cached;
        if (s == null) {
            synchronized (CudaProbe.class) {
                if (cached == null) {
                    LibrarySearchPath searchPath = LibrarySearchPath.fromEnvironment();
                    CudnnProbe.offerFolderToJavaCpp(System.getProperty(CudnnProbe.PROPERTY), searchPath);
                    cached = run(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                            CudaProbe::bindingsOnClassPath, searchPath, NativeCudaProbe::probe, CudaProbe::probeCudnn);
                }
                s = cached;
            }
        }
        return s;
    }

    private static CudnnStatus probeCudnn(LibrarySearchPath path) {
        return CudnnProbe.run(System.getProperty(CudnnProbe.PROPERTY), path, NativeCudnnProbe::probe);
    }

    /** The probe's stages in order, cuDNN's last when CUDA is available; never throws. */
    static CudaStatus run(String os, String arch, BooleanSupplier bindingsPresent, LibrarySearchPath searchPath,
                          NativeStage nativeStage, CudnnStage cudnnStage) {
        try {
            if (!os.toLowerCase(java.util.Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                return CudaStatus.unavailable("the CUDA backend runs on linux-x86_64 only (this is " + os + " " + arch + ")");
            }
            if (!bindingsPresent.getAsBoolean()) {
                return CudaStatus.unavailable("the JavaCPP CUDA bindings are not on the class path (org.bytedeco:cuda and "
                        + "org.bytedeco:javacpp, with their linux-x86_64 classifier jars)");
            }
            List<Path> found = new ArrayList<>();
            List<NativeLibrary> missing = new ArrayList<>();
            for (NativeLibrary library : NativeLibrary.REQUIRED) {
                Optional<Path> file = locate(library, searchPath);
                if (file.isPresent()) found.add(file.get());
                else missing.add(library);
            }
            if (!missing.isEmpty()) return CudaStatus.unavailable(missingReason(missing, searchPath));
            CudaStatus cuda = nativeStage.probe(found);
            return cuda.available() ? cuda.withCudnn(cudnnStage.probe(searchPath)) : cuda;
        } catch (Throwable t) {
            return CudaStatus.unavailable("the CUDA probe failed: " + t);
        }
    }

    /**
     * Where a library is loaded from: the first match on the search path, except that cuBLASLt is taken from
     * cuBLAS's own folder when it is there, since cuBLAS needs the cuBLASLt of its own build (a toolkit and a Python
     * wheel may each have one).
     */
    static Optional<Path> locate(NativeLibrary library, LibrarySearchPath searchPath) {
        if (library == NativeLibrary.CUBLAS_LT) {
            Optional<Path> blas = searchPath.find(NativeLibrary.CUBLAS.file());
            if (blas.isPresent()) {
                Path sibling = blas.get().resolveSibling(library.file());
                if (Files.isRegularFile(sibling)) return Optional.of(sibling);
            }
        }
        return searchPath.find(library.file());
    }

    /** {@code no NVIDIA driver: libcuda.so.1 not found; also missing: ...; searched ...}. */
    static String missingReason(List<NativeLibrary> missing, LibrarySearchPath searchPath) {
        StringBuilder reason = new StringBuilder();
        List<NativeLibrary> rest = new ArrayList<>(missing);
        if (rest.remove(NativeLibrary.DRIVER)) {
            reason.append("no NVIDIA driver: ").append(NativeLibrary.DRIVER.file()).append(" not found");
            if (!rest.isEmpty()) reason.append("; also missing: ");
        } else {
            reason.append("CUDA libraries not found: ");
        }
        reason.append(String.join(", ", rest.stream().map(l -> l.file() + " (" + l.what() + ")").toList()));
        return reason.append("; searched ").append(searchPath.describe())
                .append(" (add folders with -D").append(LibrarySearchPath.PROPERTY).append("=DIR:DIR or LD_LIBRARY_PATH)")
                .toString();
    }

    /** Whether the binding classes can be found, without initialising them (which would load native code). */
    private static boolean bindingsOnClassPath() {
        ClassLoader loader = CudaProbe.class.getClassLoader();
        try {
            Class.forName("org.bytedeco.javacpp.Loader", false, loader);
            Class.forName("org.bytedeco.cuda.global.cudart", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
