package io.jgrad.cuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.BytePointer;

/** Turns the status codes of the runtime, the driver, cuBLAS and NVRTC into {@link CudaException}s. */
final class CudaChecks {
    private CudaChecks() {}

    /** Checks a runtime API status ({@code cudaError_t}); a failure is cleared so later calls start clean. */
    static void checkRuntime(int status, String call) {
        if (status != cudart.cudaSuccess) {
            cudart.cudaGetLastError();
            throw new CudaException(call + " failed: " + runtimeError(status), status);
        }
    }

    /** Checks a driver API result ({@code CUresult}). */
    static void checkDriver(int result, String call) {
        if (result != cudart.CUDA_SUCCESS) throw new CudaException(call + " failed: " + driverError(result), result);
    }

    /** Checks a cuBLAS status. */
    static void checkBlas(int status, String call) {
        if (status != cublas.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call + " failed: " + string(cublas.cublasGetStatusString(status)) + " [" + status + "]",
                    status);
        }
    }

    /** Checks an NVRTC result. */
    static void checkNvrtc(int result, String call) {
        if (result != nvrtc.NVRTC_SUCCESS) {
            throw new CudaException(call + " failed: " + string(nvrtc.nvrtcGetErrorString(result)) + " [" + result + "]",
                    result);
        }
    }

    /** {@code cudaErrorMemoryAllocation (out of memory) [2]}. */
    static String runtimeError(int status) {
        return string(cudart.cudaGetErrorName(status)) + " (" + string(cudart.cudaGetErrorString(status)) + ") [" + status
                + "]";
    }

    /** {@code CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected) [100]}. */
    static String driverError(int result) {
        // Out-parameters: the driver points them at its own static strings (nothing to free).
        BytePointer name = new BytePointer();
        BytePointer text = new BytePointer();
        cudart.cuGetErrorName(result, name);
        cudart.cuGetErrorString(result, text);
        return string(name) + " (" + string(text) + ") [" + result + "]";
    }

    private static String string(BytePointer p) {
        return p == null || p.isNull() ? "unknown error" : p.getString();
    }
}
