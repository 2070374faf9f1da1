package io.jgrad.select.compare;

import io.jgrad.train.History;

/**
 * One configuration's result on one fold.
 *
 * @param fold        the fold's label ({@link Fold#label()})
 * @param score       the selection metric on the fold's validation rows
 * @param evaluation  every figure on the validation rows
 * @param history     the learning curves
 * @param bestEpoch   the epoch early stopping kept
 * @param predictions the model's predictions on the validation rows, for a paired test over them
 *                    ({@link PairedBootstrap}); null when not kept
 */
public record FoldOutcome(String fold, double score, Evaluation evaluation, History history, int bestEpoch,
                          ValidationPredictions predictions) {

    /** An outcome without the predictions (a fold score from elsewhere). */
    public FoldOutcome(String fold, double score, Evaluation evaluation, History history, int bestEpoch) {
        this(fold, score, evaluation, history, bestEpoch, null);
    }
}
