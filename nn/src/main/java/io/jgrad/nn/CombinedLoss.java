package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss of a model with several outputs, as Keras' {@code loss=[...], loss_weights=[...]}: loss {@code i}
 * compares output {@code i} with target {@code i}, and the result is their weighted sum.
 * <pre>{@code
 * Loss loss = CombinedLoss.of(new CrossEntropyLoss(), new MSELoss()).weights(1.0, 0.5);
 * }</pre>
 */
public final class CombinedLoss implements Loss {
    private final List<Loss> losses;
    private final double[] weights;

    private CombinedLoss(List<Loss> losses, double[] weights) {
        this.losses = losses;
        this.weights = weights;
    }

    /** One loss per output, each with weight 1. */
    public static CombinedLoss of(Loss... perOutput) {
        if (perOutput.length == 0) throw new IllegalArgumentException("CombinedLoss: at least one loss");
        List<Loss> losses = new ArrayList<>();
        for (int i = 0; i < perOutput.length; i++) {
            if (perOutput[i] == null) throw new IllegalArgumentException("CombinedLoss: loss " + i + " is null");
            losses.add(perOutput[i]);
        }
        double[] ones = new double[losses.size()];
        Arrays.fill(ones, 1);
        return new CombinedLoss(List.copyOf(losses), ones);
    }

    /** The same losses with these weights, one per loss. */
    public CombinedLoss weights(double... perOutput) {
        if (perOutput.length != losses.size()) {
            throw new IllegalArgumentException("CombinedLoss: " + perOutput.length + " weights for " + losses.size() + " losses");
        }
        for (double w : perOutput) if (!Double.isFinite(w)) throw new IllegalArgumentException("CombinedLoss: weight " + w + " is not finite");
        return new CombinedLoss(losses, perOutput.clone());
    }

    public int size() { return losses.size(); }

    /** A combined loss takes the lists; with a single loss, this is that loss times its weight. */
    @Override
    public Tensor compute(Tensor prediction, Tensor target) { return compute(List.of(prediction), List.of(target)); }

    @Override
    public Tensor compute(List<Tensor> predictions, List<Tensor> targets) {
        if (predictions.size() != losses.size() || targets.size() != losses.size()) {
            throw new IllegalArgumentException("CombinedLoss: " + losses.size() + " losses for " + predictions.size()
                    + " predictions and " + targets.size() + " targets");
        }
        Tensor total = null;
        for (int i = 0; i < losses.size(); i++) {
            Tensor term = losses.get(i).compute(predictions.get(i), targets.get(i));
            if (weights[i] != 1) term = term.mul(weights[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
