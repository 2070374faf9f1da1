package io.jgrad.cuda;

import org.bytedeco.cuda.global.cudnn;

import java.nio.file.Path;
import java.util.List;

/**
 * The native stage of {@link CudnnProbe}: loads cuDNN's parts by absolute path (so the glue's dependencies resolve by
 * soname to exactly these files), then asks the bindings for {@code cudnnGetVersion}. Every call exists in cuDNN 9.0.
 */
final class NativeCudnnProbe {
    private NativeCudnnProbe() {}

    @SuppressWarnings("restricted") // System.load: the point of this stage
    static CudnnStatus probe(List<Path> required, List<Path> optional) {
        String loading = null;
        try {
            for (Path library : required) {
                loading = library.toString();
                System.load(loading);
            }
        } catch (Throwable t) {
            return CudnnStatus.unavailable("cannot load " + loading + ": " + NativeCudaProbe.describe(t));
        }
        for (Path engine : optional) {
            try {
                System.load(engine.toString());
            } catch (Throwable t) {
                // cuDNN opens its engines itself when a heuristic needs them; one that fails here fails there with a
                // status that names it, and the convolutions that need it fall back to the composed kernels.
            }
        }
        long version;
        try {
            version = cudnn.cudnnGetVersion();
        } catch (Throwable t) {
            return CudnnStatus.unavailable("cannot load the cuDNN bindings (org.bytedeco:cuda): "
                    + NativeCudaProbe.describe(t));
        }
        if (version < 90000) {
            return CudnnStatus.unavailable("cuDNN " + CudnnStatus.versionString(version)
                    + " is loaded; the bindings need 9.x");
        }
        return new CudnnStatus(true, required.getLast().toString(), version);
    }
}
