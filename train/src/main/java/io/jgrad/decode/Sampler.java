package io.jgrad.decode;

import io.jgrad.Generator;
import io.jgrad.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Sampling from a language model: each step divides the logits by the temperature, keeps the {@code topK} most
 * likely tokens (0: all) and then the fewest most likely ones whose probabilities reach {@code topP} (nucleus
 * sampling; 1: all), and draws one of those in proportion to its probability. Draws come from a seeded
 * {@link Generator}, so the same seed gives the same text. Ties in likelihood go to the lower id.
 *
 * @param temperature above 0; below 1 sharpens the distribution, above 1 flattens it
 * @param topK        how many of the most likely tokens are kept, 0 for all
 * @param topP        in (0, 1]: the probability mass kept
 */
public record Sampler(double temperature, int topK, double topP) {
    /** Checks the settings. */
    public Sampler {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sampler: the temperature must be positive and finite, got "
                    + temperature + " (for the most likely token use Greedy)");
        }
        if (topK < 0) throw new IllegalArgumentException("sampler: topK must be >= 0 (0: all tokens), got " + topK);
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("sampler: topP must be in (0, 1] (1: all tokens), got " + topP);
        }
    }

    /** Sampling from the model's distribution scaled by {@code temperature}, every token allowed. */
    public static Sampler withTemperature(double temperature) { return new Sampler(temperature, 0, 1); }

    /**
     * Samples every row of {@code prompt} until it produces {@code endId} or {@code maxNewTokens} tokens.
     *
     * @param state     the model's state before the prompt (null when it starts from nothing)
     * @param prompt    I64 {@code [B, t]}
     * @param endId     the token that ends a row, or -1 for none
     * @param generator the source of the draws (one {@code nextDouble()} per row per step)
     * @return each row's generated tokens, without the prompt and the end token
     */
    public <S> List<int[]> sample(StepModel<S> model, S state, Tensor prompt, int maxNewTokens, int endId,
                                  Generator generator) {
        return Generation.run("sampling", model, state, prompt, maxNewTokens, endId,
                (values, offset, vocab) -> draw(values, offset, vocab, generator));
    }

    /** {@link #sample(StepModel, Object, Tensor, int, int, Generator)} for a model of whole prefixes. */
    public List<int[]> sample(PrefixModel model, Tensor prompt, int maxNewTokens, int endId, Generator generator) {
        return sample(model.stepwise(), null, prompt, maxNewTokens, endId, generator);
    }

    /** One token drawn from logits {@code values[offset .. offset+vocab)}. */
    int draw(float[] values, int offset, int vocab, Generator generator) {
        Integer[] order = new Integer[vocab];
        for (int v = 0; v < vocab; v++) order[v] = v;
        if (topK > 0 || topP < 1) { // most likely first, lower id first among equals
            Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : values[offset + b] != values[offset + a]
                    ? Float.compare(values[offset + b], values[offset + a]) : Integer.compare(a, b));
        }
        int kept = topK > 0 ? Math.min(topK, vocab) : vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < kept; i++) max = Math.max(max, values[offset + order[i]]);
        double[] weight = new double[kept];
        double total = 0;
        for (int i = 0; i < kept; i++) {
            weight[i] = Math.exp((values[offset + order[i]] - max) / temperature);
            total += weight[i];
        }
        if (topP < 1) {
            double mass = 0;
            int nucleus = 0;
            while (nucleus < kept && mass < topP * total) mass += weight[nucleus++];
            kept = Math.max(1, nucleus);
            total = mass;
        }
        double u = generator.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += weight[i];
            if (u < cumulative) return order[i];
        }
        for (int i = kept - 1; i > 0; i--) if (weight[i] > 0) return order[i]; // rounding left u at the very top
        return order[0];
    }
}
