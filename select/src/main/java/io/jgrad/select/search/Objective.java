package io.jgrad.select.search;

/**
 * What a search optimises: trains and validates one configuration and returns its score (e.g. validation F1 to
 * maximise, or validation loss to minimise; the {@link Direction} is the search's).
 *
 * <p>With one thread (the default) the objective runs on the thread that called
 * {@link HyperparameterSearch.Builder#run}; with more, on the search's worker threads, several at once, so it must
 * not share mutable state between calls without synchronisation. It should train for
 * {@link TrialContext#epochs()} epochs (the trial's resource) and may use {@link TrialContext#seed()} to make its
 * own randomness reproducible.
 *
 * <p>A trial fails, is recorded with the reason and the search goes on, when the objective throws (throw
 * {@link TrialFailedException} for an expected failure such as a diverging loss), runs out of memory, or returns
 * NaN or an infinity.
 *
 * <p>Under successive halving / Hyperband, a configuration promoted to a larger resource is called again with
 * {@link TrialContext#previousTrialId()} naming its earlier trial. By default the search assumes the objective
 * <em>restarts</em> training from scratch and charges the whole resource; an objective that keeps its model per
 * trial id and <em>resumes</em> it declares so with {@link HyperparameterSearch.Builder#resumableObjective} and is
 * charged only the extra epochs. Such an objective saves the state each trial reached under the trial's id; a trial
 * that continues trial {@code p} takes over {@code p}'s state (and saves it under its own id), and the search
 * {@linkplain #discard discards} every other state once it can no longer be continued, so the objective holds at
 * most the states of one batch (a rung) and those its continuations are taking over.
 */
@FunctionalInterface
public interface Objective {

    /**
     * The score of {@code configuration} trained with {@code context.resource()}.
     *
     * @throws Exception any failure; the trial is recorded as failed with the exception's message
     */
    double evaluate(Configuration configuration, TrialContext context) throws Exception;

    /**
     * Called by a search whose objective resumes ({@link HyperparameterSearch.Builder#resumableObjective}) when
     * trial {@code trialId} will not be continued: the objective may drop the state it saved for it. Called once
     * per such trial, on the thread that runs the search, never while a trial runs; a trial that another one
     * continued is not discarded (its state is the continuation's). Does nothing by default.
     */
    default void discard(int trialId) {
    }
}
