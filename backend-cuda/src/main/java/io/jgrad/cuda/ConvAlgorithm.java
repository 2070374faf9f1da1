package io.jgrad.cuda;

import org.bytedeco.cuda.global.cudnn;

import java.util.List;

/**
 * One entry of cuDNN's ranked list of algorithms for one direction of a convolution (from its heuristics or its timed
 * search): the algorithm, its status, the workspace it needs, whether it is deterministic, and its math type.
 */
record ConvAlgorithm(int algo, int status, long workspace, boolean deterministic, int mathType) {
    /**
     * The algorithm to run: the first entry, in cuDNN's order, that succeeded, needs at most {@code workspaceLimit}
     * bytes and uses a math type {@code precision} allows (plain F32 takes no tensor-op entry, whose results would be
     * TF32); with {@code preferDeterministic}, the first such entry that is also deterministic when there is one.
     * Null when none qualifies (the caller then composes the convolution from primitives).
     */
    static ConvAlgorithm choose(List<ConvAlgorithm> ranked, long workspaceLimit, ConvPrecision precision,
                                boolean preferDeterministic) {
        ConvAlgorithm first = null;
        for (ConvAlgorithm a : ranked) {
            if (!a.usable(workspaceLimit, precision)) continue;
            if (!preferDeterministic || a.deterministic) return a;
            if (first == null) first = a;
        }
        return first;
    }

    private boolean usable(long workspaceLimit, ConvPrecision precision) {
        boolean tensorOps = mathType == cudnn.CUDNN_TENSOR_OP_MATH
                || mathType == cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;
        return status == cudnn.CUDNN_STATUS_SUCCESS && workspace >= 0 && workspace <= workspaceLimit
                && (!tensorOps || precision.allowsTensorOps());
    }
}
