package io.jgrad.cuda;

import java.util.List;

/**
 * The CUDA probe's verdict: whether the backend can run here, why not, and what it found.
 *
 * @param available true when the bindings, the libraries, a driver and a supported device are all present
 * @param reason why not (naming the missing file and the search path), or a one-line description when available
 * @param runtimeVersion {@code cudaRuntimeGetVersion} (e.g. 13000 for 13.0), 0 when not reached
 * @param driverVersion {@code cudaDriverGetVersion} (the newest CUDA the driver supports), 0 when not reached
 * @param devices every device found, supported or not
 * @param cudnn whether cuDNN (optional) loaded, and why not
 */
public record CudaStatus(boolean available, String reason, int runtimeVersion, int driverVersion,
                         List<CudaDeviceInfo> devices, CudnnStatus cudnn) {
    /** Why cuDNN was not probed: the CUDA libraries it builds on did not load. */
    static final CudnnStatus CUDNN_NOT_PROBED = CudnnStatus.unavailable("not probed (CUDA is not available)");

    public CudaStatus {
        devices = List.copyOf(devices);
        if (cudnn == null) throw new IllegalArgumentException("CudaStatus: cudnn must not be null");
    }

    /** A verdict before cuDNN has been probed. */
    public CudaStatus(boolean available, String reason, int runtimeVersion, int driverVersion,
                      List<CudaDeviceInfo> devices) {
        this(available, reason, runtimeVersion, driverVersion, devices, CUDNN_NOT_PROBED);
    }

    static CudaStatus unavailable(String reason) {
        return new CudaStatus(false, reason, 0, 0, List.of());
    }

    /** This verdict with cuDNN's, which is appended to the reason: {@code ...; cuDNN 9.14.0 (...)}. */
    CudaStatus withCudnn(CudnnStatus status) {
        return new CudaStatus(available, reason + "; " + status.describe(), runtimeVersion, driverVersion, devices,
                status);
    }

    /** A version number such as 13000 as {@code 13.0}. */
    static String versionString(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    /** The device numbered {@code ordinal}, or an exception naming what is there. */
    public CudaDeviceInfo device(int ordinal) {
        if (!available) throw new IllegalStateException("CUDA is not available: " + reason);
        if (ordinal < 0 || ordinal >= devices.size()) {
            throw new IllegalArgumentException("no device cuda:" + ordinal + " (" + devices.size() + " CUDA device"
                    + (devices.size() == 1 ? "" : "s") + " found)");
        }
        CudaDeviceInfo info = devices.get(ordinal);
        if (!info.supported()) {
            throw new IllegalStateException(info.describe() + " has compute capability " + info.major() + "."
                    + info.minor() + ", below the 7.5 that CUDA 13 needs");
        }
        return info;
    }

    /**
     * Fails unless the loaded CUDA runtime is at least {@code version} (e.g. 13010). Guard every binding whose symbol
     * a CUDA 13.0 runtime lacks with this: calling a missing symbol ends the JVM ("symbol lookup error").
     */
    public void requireRuntime(int version, String function) {
        if (runtimeVersion < version) {
            throw new UnsupportedOperationException(function + " needs CUDA runtime " + versionString(version)
                    + " or newer; this one is " + versionString(runtimeVersion));
        }
    }
}
