package io.jgrad.select.candidates;

/**
 * What the pre-screen needs to know about the comparison ahead to estimate its time.
 *
 * @param trainingExamples examples a training run of the comparison trains on
 * @param trainingRuns     training runs per candidate (folds times repeats, plus the final fit)
 * @param maxEpochs        the epoch limit of a training run
 * @param probeSteps       timed training steps of the probe
 */
public record ScreeningPlan(int trainingExamples, int trainingRuns, int maxEpochs, int probeSteps) {
    /** Checks every count is positive. */
    public ScreeningPlan {
        if (trainingExamples < 1 || trainingRuns < 1 || maxEpochs < 1 || probeSteps < 1) {
            throw new IllegalArgumentException("ScreeningPlan: counts must be >= 1, got " + trainingExamples + ", "
                    + trainingRuns + ", " + maxEpochs + ", " + probeSteps);
        }
    }

    /** The estimated time of a candidate's comparison: its step time, times steps per epoch, epochs and runs. */
    public double estimatedSeconds(double secondsPerStep, int batchSize) {
        return epochSeconds(secondsPerStep, batchSize) * maxEpochs * trainingRuns;
    }

    /** The estimated time of one training epoch. */
    public double epochSeconds(double secondsPerStep, int batchSize) {
        long stepsPerEpoch = (trainingExamples + batchSize - 1) / batchSize;
        return secondsPerStep * stepsPerEpoch;
    }
}
