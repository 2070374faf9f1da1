package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.backend.IndexRangeException;

import java.util.Arrays;

/**
 * The computation shared by {@link CrossEntropyLoss} and {@link NLLLoss}: negative log-likelihood from
 * log-probabilities {@code [N, C, d...]} (class axis 1) with integer labels {@code [N, d...]} or probability targets
 * {@code [N, C, d...]}, optional class weights, ignore index and label smoothing, following PyTorch 1.13.
 */
final class ClassLosses {
    private ClassLosses() {}

    static boolean isLabels(Tensor target) {
        return target.dtype() == DType.I64 || target.dtype() == DType.I32;
    }

    /** Loss from labels. {@code logp} has the class axis at 1 (a single unbatched [C] row is handled by the caller). */
    static Tensor fromLabels(String loss, Tensor logp, Tensor labels, Tensor weight, long ignoreIndex, double smoothing,
                             Reduction reduction) {
        int classes = logp.dim(1);
        int[] expected = withoutAxis1(logp.dims());
        if (!Arrays.equals(labels.dims(), expected)) {
            throw new IllegalArgumentException(loss + ": labels of shape " + labels.shape() + " do not match input of shape "
                    + logp.shape() + " (expected labels of shape " + Arrays.toString(expected) + ")");
        }
        checkWeight(loss, weight, classes);
        Tensor valid = labels.ne(ignoreIndex);
        Tensor safe = Tensor.where(valid, labels.to(DType.I64), Tensor.zerosLike(labels).to(DType.I64));
        Tensor mask = valid.to(logp.dtype());
        Tensor picked = pickClasses(loss, logp, safe, classes);
        Tensor w = mask;
        if (weight != null) w = weight.to(logp.dtype()).indexSelect(0, safe.reshape(-1)).reshape(labels.dims()).mul(mask);
        Tensor perElement = picked.mul(w).neg();
        if (smoothing > 0) {
            Tensor weighted = weight == null ? logp : logp.mul(broadcastOnAxis1(weight.to(logp.dtype()), logp.rank()));
            Tensor smooth = weighted.sum(1, false).neg().mul(mask);
            perElement = perElement.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
        }
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.sum().div(w.sum());
            case BATCH_MEAN -> perElement.sum().div(logp.dim(0));
        };
    }

    /** Loss from probability targets shaped like the input; MEAN divides by the number of rows, not by the weights. */
    static Tensor fromProbabilities(String loss, Tensor logp, Tensor target, Tensor weight, double smoothing, Reduction reduction) {
        if (!target.shape().equals(logp.shape()) && Arrays.equals(target.dims(), withoutAxis1(logp.dims()))) {
            // Shaped like labels but not integers: most likely class indices read as floats.
            throw new IllegalArgumentException(loss + ": labels must be I64 or I32 class indices, got " + target.dtype()
                    + " labels of shape " + target.shape() + " (convert them with .to(DType.I64), or pass class"
                    + " probabilities of the input's shape " + logp.shape() + ")");
        }
        if (!target.shape().equals(logp.shape())) {
            throw new IllegalArgumentException(loss + ": probability target of shape " + target.shape()
                    + " must match the input shape " + logp.shape());
        }
        LossChecks.floating(loss, "probability target", target);
        int classes = logp.dim(1);
        checkWeight(loss, weight, classes);
        Tensor t = target.to(logp.dtype());
        if (smoothing > 0) t = t.mul(1 - smoothing).add(smoothing / classes);
        Tensor per = t.mul(logp);
        if (weight != null) per = per.mul(broadcastOnAxis1(weight.to(logp.dtype()), logp.rank()));
        Tensor perElement = per.sum(1, false).neg();
        return reduction == Reduction.MEAN ? perElement.mean() : reduction.apply(perElement, logp.dim(0));
    }

    private static int[] withoutAxis1(int[] dims) {
        int[] out = new int[dims.length - 1];
        out[0] = dims[0];
        System.arraycopy(dims, 2, out, 1, dims.length - 2);
        return out;
    }

    /** A [C] weight viewed as [1, C, 1, ...] to broadcast against a rank-{@code rank} input. */
    private static Tensor broadcastOnAxis1(Tensor weight, int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        dims[1] = weight.dim(0);
        return weight.reshape(dims);
    }

    private static void checkWeight(String loss, Tensor weight, int classes) {
        if (weight != null && (weight.rank() != 1 || weight.dim(0) != classes)) {
            throw new IllegalArgumentException(loss + ": class weight must have shape [" + classes + "], got " + weight.shape());
        }
    }

    /**
     * {@code logp[n, label[n, ...], ...]}: the gather's kernel checks the labels against the class count as it reads
     * them (no host read per call), and its error is restated in the loss's terms.
     */
    private static Tensor pickClasses(String loss, Tensor logp, Tensor labels, int classes) {
        try {
            return logp.gather(1, labels.unsqueeze(1)).squeeze(1);
        } catch (IndexRangeException e) {
            throw new IllegalArgumentException(loss + ": label " + e.value() + " is out of range for " + classes + " classes",
                    e);
        }
    }

    /** Moves a rank-1 [C] input and rank-0 target to a batch of one; returns null when already batched. */
    static boolean unbatched(Tensor input) { return input.rank() == 1; }

    static void checkInputRank(String loss, Tensor input) {
        if (input.rank() == 0) throw new IllegalArgumentException(loss + ": input must be [C] or [N, C, ...], got a scalar");
        LossChecks.floating(loss, "input", input);
    }
}
