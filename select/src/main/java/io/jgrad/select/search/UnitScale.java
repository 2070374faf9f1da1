package io.jgrad.select.search;

/** Maps a range {@code [low, high]} on a linear or log scale to {@code [0, 1]} and back. */
final class UnitScale {

    private UnitScale() {
    }

    /** Where {@code value} lies in the range, from 0 at {@code low} to 1 at {@code high}. */
    static double toUnit(double value, double low, double high, boolean log) {
        return log ? (StrictMath.log(value) - StrictMath.log(low)) / (StrictMath.log(high) - StrictMath.log(low))
                : (value - low) / (high - low);
    }

    /** The range's value at {@code t} (clamped to {@code [0, 1]}); exactly {@code low} and {@code high} at the ends. */
    static double fromUnit(double t, double low, double high, boolean log) {
        double u = Math.clamp(t, 0.0, 1.0);
        if (u == 0) {
            return low;
        }
        if (u == 1) {
            return high;
        }
        double v = log ? StrictMath.exp(StrictMath.log(low) + u * (StrictMath.log(high) - StrictMath.log(low)))
                : low + u * (high - low);
        return Math.clamp(v, low, high);
    }

    /** {@code points} positions evenly spread over {@code [0, 1]}, ends included (the middle for one point). */
    static double gridPosition(int index, int points) {
        return points == 1 ? 0.5 : index / (points - 1.0);
    }
}
