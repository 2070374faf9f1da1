package io.jgrad.cuda;

import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.cuda.global.cudnn;

/**
 * The cuDNN descriptors of one {@link ConvKey} (packed NCHW input and output, the filter, the convolution with its
 * groups, compute type and math type) and the algorithm chosen for each {@link ConvDirection}, on its first use.
 * Owned by {@link Cudnn}'s bounded cache, which destroys the descriptors when it drops the plan.
 */
final class ConvPlan implements AutoCloseable {
    /** Marks a direction for which cuDNN offered no usable algorithm, or refused to run the one it offered. */
    static final ConvAlgorithm NONE = new ConvAlgorithm(-1, -1, 0, false, 0);

    private final ConvKey key;
    final cudnnTensorStruct input = new cudnnTensorStruct();
    final cudnnTensorStruct output = new cudnnTensorStruct();
    final cudnnFilterStruct weight = new cudnnFilterStruct();
    final cudnnConvolutionStruct convolution = new cudnnConvolutionStruct();
    private final ConvAlgorithm[] algorithms = new ConvAlgorithm[ConvDirection.values().length];
    private int created;

    private ConvPlan(ConvKey key) { this.key = key; }

    /** The descriptors of {@code key}; the caller has made the device's context current. */
    static ConvPlan create(ConvKey key) {
        ConvPlan plan = new ConvPlan(key);
        try {
            plan.describe();
            return plan;
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    private void describe() {
        ConvPrecision p = key.precision();
        int type = p.dataType(), nchw = cudnn.CUDNN_TENSOR_NCHW;
        Cudnn.check(cudnn.cudnnCreateTensorDescriptor(input), "cudnnCreateTensorDescriptor");
        created++;
        Cudnn.check(cudnn.cudnnCreateTensorDescriptor(output), "cudnnCreateTensorDescriptor");
        created++;
        Cudnn.check(cudnn.cudnnCreateFilterDescriptor(weight), "cudnnCreateFilterDescriptor");
        created++;
        Cudnn.check(cudnn.cudnnCreateConvolutionDescriptor(convolution), "cudnnCreateConvolutionDescriptor");
        created++;
        Cudnn.check(cudnn.cudnnSetTensor4dDescriptor(input, nchw, type, key.n(), key.c(), key.h(), key.w()),
                "cudnnSetTensor4dDescriptor(input " + key.input() + ")");
        Cudnn.check(cudnn.cudnnSetTensor4dDescriptor(output, nchw, type, key.n(), key.o(), key.outH(), key.outW()),
                "cudnnSetTensor4dDescriptor(output " + key.output() + ")");
        Cudnn.check(cudnn.cudnnSetFilter4dDescriptor(weight, type, nchw, key.o(), key.cg(), key.kh(), key.kw()),
                "cudnnSetFilter4dDescriptor(" + key.weight() + ")");
        var g = key.params();
        Cudnn.check(cudnn.cudnnSetConvolution2dDescriptor(convolution, g.padH(), g.padW(), g.strideH(), g.strideW(),
                g.dilationH(), g.dilationW(), cudnn.CUDNN_CROSS_CORRELATION, p.computeType()),
                "cudnnSetConvolution2dDescriptor(" + g + ")");
        Cudnn.check(cudnn.cudnnSetConvolutionGroupCount(convolution, g.groups()), "cudnnSetConvolutionGroupCount");
        Cudnn.check(cudnn.cudnnSetConvolutionMathType(convolution, p.mathType()), "cudnnSetConvolutionMathType");
    }

    ConvKey key() { return key; }

    /** The algorithm chosen for {@code direction}, {@link #NONE}, or null before the first choice. */
    ConvAlgorithm algorithm(ConvDirection direction) { return algorithms[direction.ordinal()]; }

    void choose(ConvDirection direction, ConvAlgorithm algorithm) { algorithms[direction.ordinal()] = algorithm; }

    /** Destroys the descriptors created (in reverse); errors are ignored, as nothing can be done about them here. */
    @Override
    public void close() {
        if (created > 3) cudnn.cudnnDestroyConvolutionDescriptor(convolution);
        if (created > 2) cudnn.cudnnDestroyFilterDescriptor(weight);
        if (created > 1) cudnn.cudnnDestroyTensorDescriptor(output);
        if (created > 0) cudnn.cudnnDestroyTensorDescriptor(input);
        created = 0;
    }
}
