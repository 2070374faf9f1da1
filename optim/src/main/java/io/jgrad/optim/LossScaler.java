package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Storage;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic loss scaling for F16 mixed-precision training, as PyTorch's {@code GradScaler}: the loss is multiplied by
 * a large scale before {@code backward()}, so that small gradients survive the 16-bit inputs of the backward pass's
 * matrix products, and the gradients are divided by it again before the optimizer step. A step whose gradients hold
 * an infinity or a NaN (the scaled values overflowed F16's range, 65504) is skipped and the scale is multiplied by
 * the backoff factor; after {@code growthInterval} clean steps in a row it is multiplied by the growth factor.
 * <pre>{@code
 * LossScaler scaler = new LossScaler();
 * optimizer.zeroGrad();
 * try (Autocast ignored = Autocast.enable(Autocast.Precision.F16)) {
 *     scaler.scale(lossFn.apply(model.forward(x), y)).backward();
 * }
 * scaler.step(optimizer);   // unscales, checks, steps or skips, and updates the scale
 * }</pre>
 * Call {@link #unscale} before {@link #step} to work on the true gradients in between (e.g. to clip them).
 *
 * <p>The check runs where the gradients are: each gradient's {@code sum(0 * g)} (NaN exactly when it holds an
 * infinity or a NaN) is added into one flag on the device, and {@link #step} reads that flag once: the only host read
 * the scaler makes, one per step. With the defaults every
 * scale is a power of two, so scaling and unscaling are exact: where no value overflows and none is subnormal, the
 * unscaled gradients are bit for bit those of the unscaled loss (and on backends without reduced precision, training
 * with a scaler gives the same weights as without). One scaler serves one optimizer.
 */
public final class LossScaler {
    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private double scale;
    private int cleanSteps;          // clean steps since the last growth or backoff (PyTorch's growth tracker)
    private Optimizer unscaled;      // the optimizer whose gradients were unscaled since the last step, if any
    private Tensor nonFinite;        // NaN when a gradient unscaled since then is not finite, else 0 (null: none)

    /** A scaler with PyTorch's defaults: scale 2^16, growth factor 2, backoff factor 0.5, growth interval 2000. */
    public LossScaler() { this(builder()); }

    private LossScaler(Builder b) {
        checkScale("initial scale", b.initialScale);
        if (!(b.growthFactor > 1) || Double.isInfinite(b.growthFactor)) {
            throw new IllegalArgumentException("LossScaler: growth factor must be finite and > 1, got "
                    + b.growthFactor);
        }
        if (!(b.backoffFactor > 0 && b.backoffFactor < 1)) {
            throw new IllegalArgumentException("LossScaler: backoff factor must be in (0, 1), got " + b.backoffFactor);
        }
        if (b.growthInterval < 1) {
            throw new IllegalArgumentException("LossScaler: growth interval must be >= 1, got " + b.growthInterval);
        }
        this.scale = b.initialScale;
        this.growthFactor = b.growthFactor;
        this.backoffFactor = b.backoffFactor;
        this.growthInterval = b.growthInterval;
    }

    public static Builder builder() { return new Builder(); }

    /** The scale the next {@link #scale(Tensor)} multiplies by. */
    public double currentScale() { return scale; }

    /** Clean steps since the scale last grew or backed off. */
    public int cleanSteps() { return cleanSteps; }

    /** {@code loss * scale}, recorded for autograd: call {@code backward()} on it. */
    public Tensor scale(Tensor loss) { return loss.mul(scale); }

    /**
     * Divides the gradients of {@code optimizer}'s parameters by the scale, in place (a gradient that shares its
     * storage with another, or is a broadcast view, is replaced by an unscaled copy instead), and notes on the
     * device whether any is not finite. Reads nothing back. At most once between two {@link #step}s, and in the same
     * {@link io.jgrad.Scope} as the {@link #step} that follows (the flag is a tensor of the step).
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public void unscale(Optimizer optimizer) {
        if (unscaled != null) {
            throw new IllegalStateException("LossScaler: unscale was already called since the last step; "
                    + "call step next");
        }
        List<Tensor> params = optimizer.params();
        Map<Storage, Integer> uses = new IdentityHashMap<>();
        for (Tensor p : params) if (p.grad() != null) uses.merge(p.grad().storage(), 1, Integer::sum);
        double inverse = 1 / scale;
        Tensor flag = null;
        try (var g = Grad.off()) {
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (uses.get(grad.storage()) == 1 && !isBroadcast(grad)) grad.mulInPlace(inverse);
                else p.setGrad(grad.mul(inverse));
                // 0 * x is 0 for finite x and NaN for an infinity or a NaN: the sum is NaN exactly when one is there.
                Tensor part = p.grad().mul(0).sum();
                flag = flag == null ? part : flag.add(part);
            }
        }
        unscaled = optimizer;
        nonFinite = flag;
    }

    /**
     * Unscales the gradients (unless {@link #unscale} did), reads whether they are all finite, and then either runs
     * {@code optimizer.step()} or skips it, and updates the scale. Returns whether the step was applied.
     *
     * @throws IllegalStateException when the scale has backed off below F32's smallest normal number: the gradients
     *                               are not finite at any scale, so the cause is not an overflow (a NaN in the data?)
     */
    public boolean step(Optimizer optimizer) {
        if (unscaled == null) unscale(optimizer);
        else if (unscaled != optimizer) {
            throw new IllegalArgumentException("LossScaler: the gradients unscaled were another optimizer's; "
                    + "one scaler serves one optimizer");
        }
        boolean finite = nonFinite == null || nonFinite.item() == 0;
        unscaled = null;
        nonFinite = null;
        if (finite) optimizer.step();
        update(finite);
        return finite;
    }

    private void update(boolean finite) {
        if (!finite) {
            scale *= backoffFactor;
            cleanSteps = 0;
            if (scale < Float.MIN_NORMAL) {
                throw new IllegalStateException("LossScaler: the gradients were not finite at every scale down to "
                        + scale + ", so they did not overflow: look for a NaN or an infinity in the data or the model");
            }
            return;
        }
        if (++cleanSteps >= growthInterval) {
            double grown = scale * growthFactor;
            if (grown <= Float.MAX_VALUE) scale = grown; // the scaled loss is often F32: keep the scale a finite float
            cleanSteps = 0;
        }
    }

    private static boolean isBroadcast(Tensor t) {
        for (int i = 0; i < t.rank(); i++) if (t.layout().stride(i) == 0 && t.dim(i) > 1) return true;
        return false;
    }

    private static void checkScale(String what, double value) {
        if (!(value > 0 && value <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("LossScaler: " + what + " must be > 0 and at most Float.MAX_VALUE, got "
                    + value);
        }
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    /**
     * The scaler's state: {@code scale} and {@code growth_tracker} (the clean steps since the last change), 0-d F64.
     * The factors and the interval are the builder's: load into a scaler built the same way.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("scale", Tensor.scalar(DType.F64, scale));
        out.put("growth_tracker", Tensor.scalar(DType.F64, cleanSteps));
        return out;
    }

    /** Restores {@link #stateDict}'s values. */
    public void loadStateDict(Map<String, Tensor> saved) {
        for (String key : saved.keySet()) {
            if (!key.equals("scale") && !key.equals("growth_tracker")) {
                throw new IllegalArgumentException("LossScaler.loadStateDict: unexpected key '" + key + "'");
            }
        }
        double savedScale = value(saved, "scale");
        double tracker = value(saved, "growth_tracker");
        checkScale("saved scale", savedScale);
        if (!(tracker >= 0 && tracker == Math.rint(tracker) && tracker < Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("LossScaler.loadStateDict: growth_tracker must be a count >= 0, got "
                    + tracker);
        }
        scale = savedScale;
        cleanSteps = (int) tracker;
        unscaled = null;
        nonFinite = null;
    }

    private static double value(Map<String, Tensor> saved, String key) {
        Tensor t = saved.get(key);
        if (t == null) throw new IllegalArgumentException("LossScaler.loadStateDict: missing key '" + key + "'");
        if (t.numel() != 1) {
            throw new IllegalArgumentException("LossScaler.loadStateDict: '" + key + "' must be a scalar, got shape "
                    + t.shape());
        }
        return t.item();
    }

    /** Settings; the defaults are PyTorch's. */
    public static final class Builder {
        private double initialScale = 65536;
        private double growthFactor = 2;
        private double backoffFactor = 0.5;
        private int growthInterval = 2000;

        private Builder() {}

        /** The first scale (default 2^16); at most {@code Float.MAX_VALUE}. */
        public Builder initialScale(double value) {
            initialScale = value;
            return this;
        }

        /** What the scale is multiplied by after {@code growthInterval} clean steps (default 2; > 1). */
        public Builder growthFactor(double value) {
            growthFactor = value;
            return this;
        }

        /** What the scale is multiplied by after a step with non-finite gradients (default 0.5; in (0, 1)). */
        public Builder backoffFactor(double value) {
            backoffFactor = value;
            return this;
        }

        /** Clean steps in a row before the scale grows (default 2000; >= 1). */
        public Builder growthInterval(int value) {
            growthInterval = value;
            return this;
        }

        public LossScaler build() { return new LossScaler(this); }
    }
}
