/** jgrad's CUDA backend on the JavaCPP bindings, found by ServiceLoader; needs the system's CUDA 13 libraries. */
module io.jgrad.cuda {
    requires io.jgrad.core;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.cuda;

    exports io.jgrad.cuda;

    provides io.jgrad.backend.BackendProvider with io.jgrad.cuda.CudaBackendProvider;
}
