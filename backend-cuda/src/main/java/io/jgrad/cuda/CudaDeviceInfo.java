package io.jgrad.cuda;

/**
 * One CUDA device as the probe saw it.
 *
 * @param ordinal the device number ({@code cuda:N})
 * @param name the product name, e.g. {@code NVIDIA H200}
 * @param major compute capability, major part
 * @param minor compute capability, minor part
 * @param totalMemory device memory in bytes
 * @param multiprocessors number of streaming multiprocessors
 */
public record CudaDeviceInfo(int ordinal, String name, int major, int minor, long totalMemory, int multiprocessors) {
    /** CUDA 13 supports compute capability 7.5 (Turing) and newer. */
    public static final int MIN_MAJOR = 7;
    public static final int MIN_MINOR = 5;

    /** Whether CUDA 13 (and so this backend) supports the device. */
    public boolean supported() {
        return major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
    }

    /** The real architecture NVRTC compiles for, e.g. {@code sm_90}. */
    public String arch() {
        return "sm_" + major + minor;
    }

    /** {@code cuda:0 NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)}. */
    public String describe() {
        return "cuda:" + ordinal + " " + name + " (" + arch() + ", " + multiprocessors + " SMs, "
                + MemoryStats.formatBytes(totalMemory) + ")";
    }
}
