package io.jgrad.select.candidates;

import io.jgrad.Tensor;
import io.jgrad.nn.Embedding;
import io.jgrad.nn.LearnedPositionalEncoding;
import io.jgrad.nn.Module;
import io.jgrad.nn.RecurrentLayer;
import io.jgrad.nn.SinusoidalPositionalEncoding;
import io.jgrad.nn.TransformerEncoder;
import io.jgrad.nn.TransformerEncoderLayer;
import io.jgrad.nn.TransformerSettings;

import java.util.Map;

/**
 * The cost of the sequence layers whose work {@link CostEstimate}'s rule for dense and convolution layers (a weight's
 * size per output position) cannot see or would misread: a table lookup, a positional encoding added, a recurrence
 * over the steps, attention over every pair of positions. Each is counted from the layer's input, for every step of it (padding included: the layers compute it).
 */
final class SequenceLayerCosts {
    private SequenceLayerCosts() {}

    /**
     * One call's multiply-adds and the values it keeps for backward (the batch the call had).
     *
     * @param multiplyAdds the multiply-adds
     * @param activations  the values (elements) of its outputs and of what it keeps for its backward pass
     */
    record Cost(long multiplyAdds, long activations) {}

    /** Whether {@code m} is one of these layers (its sub-layers then are not counted on their own). */
    static boolean covers(Module m) {
        return m instanceof Embedding || m instanceof LearnedPositionalEncoding
                || m instanceof SinusoidalPositionalEncoding || m instanceof RecurrentLayer
                || m instanceof TransformerEncoder;
    }

    /** The cost of {@code m} (which {@link #covers}) called on {@code input} giving {@code output}. */
    static Cost of(Module m, Tensor input, Tensor output) {
        return switch (m) {
            case Embedding _, LearnedPositionalEncoding _, SinusoidalPositionalEncoding _ ->
                    new Cost(0, output.numel()); // a lookup or an addition: no multiply-adds
            case RecurrentLayer r -> recurrent(r, input, output);
            case TransformerEncoder t -> transformer(t, input);
            default -> throw new IllegalArgumentException("SequenceLayerCosts: no rule for " + m);
        };
    }

    /**
     * Every step multiplies the input by each direction's {@code weight_ih} and the state by its {@code weight_hh};
     * backward keeps each step's gates and state, per layer and direction.
     */
    private static Cost recurrent(RecurrentLayer r, Tensor input, Tensor output) {
        long rows = (long) input.dim(0) * input.dim(1); // batch x steps, either layout
        long weights = 0, gates = 0;
        for (Map.Entry<String, Tensor> p : r.ownParameters().entrySet()) {
            if (!p.getKey().startsWith("weight_")) continue;
            weights += p.getValue().numel();
            if (p.getKey().startsWith("weight_hh")) gates += p.getValue().dim(0) + r.hiddenSize();
        }
        return new Cost(rows * weights, rows * gates + output.numel());
    }

    /**
     * Per layer and position: the query/key/value and output projections ({@code 4 d^2}), the feed-forward block
     * ({@code 2 d ff}), and attention's scores and weighted sum over every key ({@code 2 T d}); backward keeps about ten
     * {@code d}-wide values and two {@code ff}-wide ones per position, and the heads' attention weights.
     */
    private static Cost transformer(TransformerEncoder t, Tensor input) {
        long multiplyAdds = 0, activations = 0;
        for (TransformerEncoderLayer layer : t.layers()) {
            TransformerSettings s = layer.settings();
            int steps = s.batchFirst() ? input.dim(1) : input.dim(0);
            long positions = input.numel() / s.dModel(), d = s.dModel(), ff = s.dimFeedforward();
            multiplyAdds += positions * (4 * d * d + 2 * d * ff + 2L * steps * d);
            activations += positions * (10 * d + 2 * ff + (long) s.nhead() * steps);
        }
        return new Cost(multiplyAdds, activations);
    }
}
