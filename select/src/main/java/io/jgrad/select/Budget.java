package io.jgrad.select;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's resource limits for a selection: total wall-clock time, and per candidate the largest number of
 * parameters, the largest training memory and the longest inference latency per sample. A limit of
 * {@code Long.MAX_VALUE} (and a wall clock of 100 days) means "no limit" (see {@link #unlimited()}).
 *
 * @param wallClock        total time the selection may take; never null
 * @param maxParameters    the most trainable parameters a candidate may have
 * @param maxMemoryBytes   the most memory a candidate's training step may need (parameters, optimizer state and
 *                         activations of one batch, as estimated)
 * @param maxLatencyNanos  the longest measured inference time per sample, in nanoseconds
 */
public record Budget(Duration wallClock, long maxParameters, long maxMemoryBytes, long maxLatencyNanos) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    /** Checks every limit is positive. */
    public Budget {
        Objects.requireNonNull(wallClock, "wallClock");
        if (wallClock.isNegative() || wallClock.isZero()) {
            throw new IllegalArgumentException("Budget: wall-clock time must be positive, got " + wallClock);
        }
        requirePositive("maxParameters", maxParameters);
        requirePositive("maxMemoryBytes", maxMemoryBytes);
        requirePositive("maxLatencyNanos", maxLatencyNanos);
    }

    /** No limit on anything (wall clock: 100 days). */
    public static Budget unlimited() {
        return new Budget(Duration.ofDays(100), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** A wall-clock limit only. */
    public static Budget of(Duration wallClock) {
        return unlimited().withWallClock(wallClock);
    }

    /** This budget with another wall-clock limit. */
    public Budget withWallClock(Duration limit) {
        return new Budget(limit, maxParameters, maxMemoryBytes, maxLatencyNanos);
    }

    /** This budget with a parameter limit. */
    public Budget withMaxParameters(long limit) {
        return new Budget(wallClock, limit, maxMemoryBytes, maxLatencyNanos);
    }

    /** This budget with a training-memory limit in bytes. */
    public Budget withMaxMemoryBytes(long limit) {
        return new Budget(wallClock, maxParameters, limit, maxLatencyNanos);
    }

    /** This budget with a per-sample inference latency limit. */
    public Budget withMaxLatency(Duration perSample) {
        return new Budget(wallClock, maxParameters, maxMemoryBytes, perSample.toNanos());
    }

    /**
     * Parses a duration as written on the command line: a number with an optional unit {@code ms}, {@code s},
     * {@code m} / {@code min} or {@code h} (seconds when none), e.g. {@code 90s}, {@code 10m}, {@code 1.5h}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the duration '" + text
                    + "': write a number with an optional unit ms, s, m or h, e.g. 90s, 10m, 1.5h");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * switch (unit) {
            case "ms" -> 1.0;
            case "s" -> 1_000.0;
            case "m", "min" -> 60_000.0;
            case "h" -> 3_600_000.0;
            default -> throw new AssertionError(unit);
        };
        if (millis < 1) {
            throw new IllegalArgumentException("the duration '" + text + "' is shorter than a millisecond");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * A time in seconds as the messages about the wall-clock budget print it: whole seconds from 10 s, tenths of a
     * second from 0.1 s, of a millisecond from 0.1 ms, microseconds below, so that neither a budget of milliseconds
     * nor a training step of a few microseconds reads as zero.
     */
    public static String readableSeconds(double seconds) {
        if (seconds >= 10) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds >= 0.1) return String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds >= 1e-4) return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Budget: " + name + " must be positive, got " + value);
        }
    }
}
