package io.jgrad.train;

import java.util.Locale;
import java.util.Map;

/**
 * A history value watched for improvement, e.g. {@code val_loss} (lower is better) or {@code val_accuracy}
 * (higher is better); an improvement must beat the best so far by more than {@code minDelta}.
 */
public record Monitor(String name, Mode mode, double minDelta) {
    public enum Mode { MIN, MAX, AUTO }

    public Monitor {
        if (minDelta < 0) throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
        if (mode == Mode.AUTO) mode = guess(name);
    }

    public static Monitor of(String name) { return new Monitor(name, Mode.AUTO, 0); }

    /** Accuracy-, precision-, recall-, F1- and R²-like names are maximised; losses and errors minimised. */
    static Mode guess(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("acc") || n.contains("precision") || n.contains("recall") || n.contains("f1") || n.endsWith("r2")
                ? Mode.MAX : Mode.MIN;
    }

    /** The starting "best": +infinity when minimising, -infinity when maximising. */
    public double worst() { return mode == Mode.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    public boolean improved(double current, double best) {
        if (Double.isNaN(current)) return false;
        return mode == Mode.MAX ? current > best + minDelta : current < best - minDelta;
    }

    /** The monitored value in an epoch's logs; fails naming the available columns when absent. */
    public double valueIn(Map<String, Double> logs) {
        Double v = logs.get(name);
        if (v == null) throw new IllegalStateException("monitored value '" + name + "' is not in the history; have " + logs.keySet());
        return v;
    }
}
