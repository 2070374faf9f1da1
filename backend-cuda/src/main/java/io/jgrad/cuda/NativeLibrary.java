package io.jgrad.cuda;

import java.util.List;

/**
 * A shared library the CUDA backend loads, by the file name (soname) the JavaCPP glue was linked against.
 *
 * @param file the soname, e.g. {@code libcudart.so.13}
 * @param what what it is, for messages: {@code the CUDA runtime}
 */
record NativeLibrary(String file, String what) {
    static final NativeLibrary DRIVER = new NativeLibrary("libcuda.so.1", "the NVIDIA driver");
    static final NativeLibrary RUNTIME = new NativeLibrary("libcudart.so.13", "the CUDA runtime");
    static final NativeLibrary CUBLAS_LT = new NativeLibrary("libcublasLt.so.13", "cuBLASLt");
    static final NativeLibrary CUBLAS = new NativeLibrary("libcublas.so.13", "cuBLAS");
    static final NativeLibrary NVRTC = new NativeLibrary("libnvrtc.so.13", "NVRTC");

    /** Everything the backend needs, in load order (a library after the ones it depends on). */
    static final List<NativeLibrary> REQUIRED = List.of(DRIVER, RUNTIME, CUBLAS_LT, CUBLAS, NVRTC);
}
