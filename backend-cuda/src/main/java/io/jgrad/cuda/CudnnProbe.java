package io.jgrad.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides once per JVM, after the CUDA libraries have loaded, whether cuDNN can be used, without ever crashing the
 * JVM: the {@code jgrad.cuda.cudnn} property, the files on the search path, and only then native code. The bindings'
 * glue ({@code libjnicudnn.so}) links against cuDNN's parts ({@code libcudnn_graph}, {@code _ops}, {@code _cnn},
 * {@code _adv}), not against {@code libcudnn.so.9} itself; they are taken from {@code libcudnn.so.9}'s own folder, so a
 * toolkit's and a Python wheel's copies never mix.
 */
final class CudnnProbe {
    /** System property: {@code false} keeps cuDNN unloaded (convolutions then use the composed kernels). */
    static final String PROPERTY = "jgrad.cuda.cudnn";
    static final NativeLibrary CUDNN = new NativeLibrary("libcudnn.so.9", "cuDNN");
    /** The parts the glue links against, in load order (a part after the ones it depends on). */
    static final List<String> PARTS = List.of("libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9",
            "libcudnn_adv.so.9");
    /** Parts cuDNN opens itself when it needs them; loaded from the same folder when present so that it finds them. */
    static final List<String> ENGINES = List.of("libcudnn_heuristic.so.9", "libcudnn_engines_precompiled.so.9",
            "libcudnn_engines_runtime_compiled.so.9");

    /** The native part of the probe: the files to load in order (the parts, then the main library), and the engines. */
    @FunctionalInterface
    interface NativeStage {
        CudnnStatus probe(List<Path> required, List<Path> optional);
    }

    private CudnnProbe() {}

    /** Whether {@code property} (the value of {@link #PROPERTY}, may be null) turns cuDNN off. */
    static boolean disabled(String property) {
        return property != null && property.strip().equalsIgnoreCase("false");
    }

    /**
     * Appends cuDNN's folder, when cuDNN is enabled and found, to JavaCPP's link path property. JavaCPP reads that
     * property once, when the CUDA stage first loads the bindings, and looks there for the libraries it preloads
     * before its cuDNN glue: naming the folder beforehand makes it pick the very files the cuDNN stage loads, never a
     * second cuDNN from another folder. Touches no native code.
     */
    static void offerFolderToJavaCpp(String property, LibrarySearchPath searchPath) {
        if (disabled(property)) return;
        Optional<Path> main = searchPath.find(CUDNN.file());
        if (main.isEmpty()) return;
        String folder = main.get().getParent().toString();
        String existing = System.getProperty(NativeCudaProbe.JAVACPP_LINKPATH);
        System.setProperty(NativeCudaProbe.JAVACPP_LINKPATH, existing == null || existing.isBlank() ? folder
                : existing + java.io.File.pathSeparator + folder);
    }

    /** The probe's stages in order; never throws. {@code property} is the value of {@link #PROPERTY} (may be null). */
    static CudnnStatus run(String property, LibrarySearchPath searchPath, NativeStage nativeStage) {
        try {
            if (disabled(property)) {
                return CudnnStatus.unavailable("disabled by -D" + PROPERTY + "=false");
            }
            Optional<Path> main = searchPath.find(CUDNN.file());
            if (main.isEmpty()) {
                return CudnnStatus.unavailable(CUDNN.file() + " not found; searched " + searchPath.describe()
                        + " (add its folder with -D" + LibrarySearchPath.PROPERTY + "=DIR or LD_LIBRARY_PATH)");
            }
            Path folder = main.get().getParent();
            List<Path> required = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String part : PARTS) {
                Path file = folder.resolve(part);
                if (Files.isRegularFile(file)) required.add(file);
                else missing.add(part);
            }
            if (!missing.isEmpty()) {
                return CudnnStatus.unavailable(CUDNN.file() + " found in " + folder + ", but not "
                        + String.join(", ", missing) + " beside it");
            }
            required.add(main.get());
            List<Path> optional = ENGINES.stream().map(folder::resolve).filter(Files::isRegularFile).toList();
            return nativeStage.probe(required, optional);
        } catch (Throwable t) {
            return CudnnStatus.unavailable("the cuDNN probe failed: " + t);
        }
    }
}
