package io.jgrad.cpu.gemm;

/**
 * Per-thread packing buffers, grown on demand and kept for the thread's life, so that large GEMMs
 * allocate nothing per call.
 */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    private float[] floatA = new float[0];
    private float[] floatB = new float[0];
    private float[] floatEdge = new float[0];
    private float[] floatT = new float[0];
    private float[] floatPartial = new float[0];
    private double[] doubleA = new double[0];
    private double[] doubleB = new double[0];

    static GemmWorkspace get() {
        return LOCAL.get();
    }

    float[] floatA(int size) {
        if (floatA.length < size) floatA = new float[size];
        return floatA;
    }

    float[] floatB(int size) {
        if (floatB.length < size) floatB = new float[size];
        return floatB;
    }

    float[] floatEdge(int size) {
        if (floatEdge.length < size) floatEdge = new float[size];
        return floatEdge;
    }

    /** Scratch for a transposed result (see Sgemm's narrow-output path); not the packing buffers. */
    float[] floatT(int size) {
        if (floatT.length < size) floatT = new float[size];
        return floatT;
    }

    /** The second depth slice's product of a deep GEMM (see Sgemm.depthSliced). */
    float[] floatPartial(int size) {
        if (floatPartial.length < size) floatPartial = new float[size];
        return floatPartial;
    }

    double[] doubleA(int size) {
        if (doubleA.length < size) doubleA = new double[size];
        return doubleA;
    }

    double[] doubleB(int size) {
        if (doubleB.length < size) doubleB = new double[size];
        return doubleB;
    }
}
