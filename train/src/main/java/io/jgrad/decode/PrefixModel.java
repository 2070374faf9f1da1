package io.jgrad.decode;

import io.jgrad.Tensor;

/**
 * A model that predicts the next token from whole prefixes, e.g. a causal Transformer run over everything generated
 * so far (simple; each step recomputes the prefix).
 */
@FunctionalInterface
public interface PrefixModel {
    /**
     * The next token's logits.
     *
     * @param prefixes I64 {@code [B, t]}, {@code t >= 1}
     * @return logits {@code [B, V]} of the token after each prefix
     */
    Tensor nextLogits(Tensor prefixes);

    /** This model as a {@link StepModel} whose state is the prefix so far (null before the first step). */
    default StepModel<Tensor> stepwise() {
        return new StepModel<>() {
            @Override
            public Step<Tensor> step(Tensor tokens, Tensor prefix) {
                Tensor all = prefix == null ? tokens : Tensor.concat(java.util.List.of(prefix, tokens), 1);
                return new Step<>(nextLogits(all), all);
            }

            @Override
            public Tensor select(Tensor prefix, Tensor rows) { return prefix.indexSelect(0, rows); }
        };
    }
}
