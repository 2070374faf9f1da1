package io.jgrad.cuda;

/**
 * Whether cuDNN loaded, and if not why. cuDNN is optional: without it the CUDA backend runs convolutions through the
 * SPI's composed kernels.
 *
 * @param available true when {@code libcudnn.so.9} and its parts loaded and answered {@code cudnnGetVersion}
 * @param reason why not (the missing file and the search path, the loading error, or the property that disabled it),
 *               or where it was loaded from
 * @param version {@code cudnnGetVersion()} (e.g. 91400 for 9.14.0), 0 when not reached
 */
public record CudnnStatus(boolean available, String reason, long version) {
    static CudnnStatus unavailable(String reason) { return new CudnnStatus(false, reason, 0); }

    /** A cuDNN version number such as 91400 as {@code 9.14.0} (cuDNN 9 encodes major * 10000 + minor * 100 + patch). */
    static String versionString(long version) {
        return version / 10000 + "." + version % 10000 / 100 + "." + version % 100;
    }

    /** One line for {@code jgrad devices}: {@code cuDNN 9.14.0 (/usr/lib/...)} or {@code cuDNN not used: why}. */
    public String describe() {
        return available ? "cuDNN " + versionString(version) + " (" + reason + ")" : "cuDNN not used: " + reason;
    }
}
