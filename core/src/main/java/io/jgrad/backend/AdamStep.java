package io.jgrad.backend;

/**
 * The scalars of one Adam update ({@link Backend#adamUpdate}): learning rate, betas, epsilon and the 1-based step
 * count that sets the bias corrections {@code 1 - beta1^step} and {@code 1 - beta2^step}.
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, long step) {
    public AdamStep {
        if (step < 1) throw new IllegalArgumentException("AdamStep: step counts from 1, got " + step);
    }

    /** {@code lr / (1 - beta1^step)}: the factor of {@code m / denom} subtracted from the parameter. */
    public double stepSize() { return lr / (1 - Math.pow(beta1, step)); }

    /** {@code sqrt(1 - beta2^step)}: the second moment is divided by it before epsilon is added. */
    public double bias2Sqrt() { return Math.sqrt(1 - Math.pow(beta2, step)); }
}
