package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** F64 finite-difference checks of every loss's gradient with respect to its prediction, for every reduction. */
class LossGradientCheckTest {
    private static final Generator G = new Generator(11);

    private static Tensor randn(int... dims) { return Tensor.randn(G, dims).to(DType.F64); }

    private static Tensor probs(int rows, int classes) { return randn(rows, classes).softmax(1); }

    private static final Tensor LABELS = Tensor.of(new long[] {1, 0, 3, 2, 3}, 5);
    private static final Tensor LABELS_IGNORED = Tensor.of(new long[] {1, -1, 3, 2, 0}, 5);
    private static final Tensor CLASS_WEIGHTS = Tensor.of(new double[] {0.5, 2.0, 1.0, 1.5}, 4);

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void regressionLosses(Reduction r) {
        Tensor target = randn(4, 3);
        check("MSE " + r, x -> new MSELoss().reduction(r).compute(x, target), randn(4, 3));
        check("L1 " + r, x -> new L1Loss().reduction(r).compute(x, target), randn(4, 3));
        check("Huber " + r, x -> new HuberLoss().delta(0.7).reduction(r).compute(x, target), randn(4, 3));
        check("SmoothL1 " + r, x -> new SmoothL1Loss().beta(0.7).reduction(r).compute(x, target), randn(4, 3));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyWithLabels(Reduction r) {
        check("CE labels " + r, x -> new CrossEntropyLoss().reduction(r).compute(x, LABELS), randn(5, 4));
        check("CE weighted, smoothed, ignore " + r, x -> new CrossEntropyLoss().reduction(r).weight(CLASS_WEIGHTS)
                .labelSmoothing(0.2).ignoreIndex(-1).compute(x, LABELS_IGNORED), randn(5, 4));
        Tensor spatial = Tensor.of(new long[] {0, 2, 1, 1, 2, 0}, 2, 3);
        check("CE spatial " + r, x -> new CrossEntropyLoss().reduction(r).compute(x, spatial), randn(2, 3, 3));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyWithProbabilities(Reduction r) {
        Tensor target = probs(5, 4);
        check("CE probs " + r, x -> new CrossEntropyLoss().reduction(r).weight(CLASS_WEIGHTS).labelSmoothing(0.1)
                .compute(x, target), randn(5, 4));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void nll(Reduction r) {
        check("NLL " + r, x -> new NLLLoss().reduction(r).weight(CLASS_WEIGHTS).ignoreIndex(-1)
                .compute(x.logSoftmax(1), LABELS_IGNORED), randn(5, 4));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void binaryCrossEntropy(Reduction r) {
        Tensor y = Tensor.rand(G, 4, 3).to(DType.F64);
        Tensor pw = Tensor.of(new double[] {0.5, 1.0, 3.0}, 3);
        check("BCE logits " + r, x -> new BCEWithLogitsLoss().reduction(r).posWeight(pw).compute(x, y), randn(4, 3).mul(3));
        check("BCE probs " + r, x -> new BCELoss().reduction(r).compute(x.sigmoid(), y), randn(4, 3));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void klDivergence(Reduction r) {
        Tensor target = probs(4, 5);
        check("KL " + r, x -> new KLDivLoss().reduction(r).compute(x.logSoftmax(1), target), randn(4, 5));
        Tensor logTarget = probs(4, 5).log();
        check("KL log target " + r, x -> new KLDivLoss().reduction(r).logTarget(true).compute(x.logSoftmax(1), logTarget), randn(4, 5));
    }

    /** F64 finite-difference check ({@link GradCheck}) of a loss as a function of its input, naming the case on failure. */
    private static void check(String what, java.util.function.UnaryOperator<Tensor> f, Tensor x) {
        try {
            GradCheck.check(f, x.detach().contiguousCopy().requiresGrad(true));
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }
}
