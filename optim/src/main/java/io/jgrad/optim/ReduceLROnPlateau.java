package io.jgrad.optim;

/**
 * Multiplies the learning rates by {@code factor} when a metric stops improving for more than {@code patience}
 * epochs, as PyTorch's ReduceLROnPlateau: with a relative threshold an epoch improves if
 * {@code metric < best (1 - threshold)} (mode MIN); after a reduction, {@code cooldown} epochs are not counted; rates
 * never go below {@code minLr}, and a change smaller than {@code eps} is skipped.
 */
public final class ReduceLROnPlateau extends LrScheduler {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    private Mode mode = Mode.MIN;
    private double factor = 0.1;
    private int patience = 10;
    private double threshold = 1e-4;
    private ThresholdMode thresholdMode = ThresholdMode.REL;
    private int cooldown;
    private double minLr;
    private double eps = 1e-8;

    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private int cooldownLeft;

    public ReduceLROnPlateau(Optimizer optimizer) { super(optimizer); }

    public ReduceLROnPlateau mode(Mode m) {
        mode = m;
        best = m == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return this;
    }

    public ReduceLROnPlateau factor(double f) {
        if (!(f >= 0 && f < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + f);
        factor = f;
        return this;
    }

    public ReduceLROnPlateau patience(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + epochs);
        patience = epochs;
        return this;
    }

    public ReduceLROnPlateau threshold(double value, ThresholdMode m) {
        threshold = value;
        thresholdMode = m;
        return this;
    }

    public ReduceLROnPlateau cooldown(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + epochs);
        cooldown = epochs;
        return this;
    }

    public ReduceLROnPlateau minLr(double value) {
        minLr = value;
        return this;
    }

    public ReduceLROnPlateau eps(double value) {
        eps = value;
        return this;
    }

    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau needs the monitored metric: call step(metric)");
    }

    @Override
    public void step(double metric) {
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr();
                double next = Math.max(old * factor, minLr);
                if (old - next > eps) g.lr(next);
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
        countEpoch();
    }

    private boolean improves(double metric) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? metric < best * (1 - threshold) : metric < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? metric > best * (1 + threshold) : metric > best + threshold;
    }

    @Override
    protected void onEpoch(int epoch) {}

    /** The best metric seen so far. */
    public double best() { return best; }
}
