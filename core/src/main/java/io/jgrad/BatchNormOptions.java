package io.jgrad;

/**
 * Options of {@link F#batchNorm}: training mode (batch statistics, running statistics updated) or eval mode (running
 * statistics used), the running-average momentum and the epsilon added to the variance (PyTorch's 0.1 and 1e-5).
 */
public record BatchNormOptions(boolean training, double momentum, double eps) {
    public BatchNormOptions {
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("batch_norm: momentum must be in [0, 1], got " + momentum);
        if (!(eps >= 0)) throw new IllegalArgumentException("batch_norm: eps must be non-negative, got " + eps);
    }

    public static BatchNormOptions train() { return new BatchNormOptions(true, 0.1, 1e-5); }

    public static BatchNormOptions eval() { return new BatchNormOptions(false, 0.1, 1e-5); }

    public BatchNormOptions momentum(double m) { return new BatchNormOptions(training, m, eps); }

    public BatchNormOptions eps(double e) { return new BatchNormOptions(training, momentum, e); }
}
