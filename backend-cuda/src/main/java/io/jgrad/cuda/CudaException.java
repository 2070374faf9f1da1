package io.jgrad.cuda;

/** A CUDA, cuBLAS or NVRTC call failed; the message names the call and the library's error. */
public class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The library's status code (a {@code cudaError_t}, {@code CUresult}, {@code cublasStatus_t} or {@code nvrtcResult}). */
    public int code() { return code; }
}
