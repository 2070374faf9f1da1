package io.jgrad.data;

import io.jgrad.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A per-feature affine transform fitted on training data ({@code [rows, features]}) and saved with a model: its
 * state is a map of tensors, so it goes into the same safetensors file under a prefix such as {@code scaler.}.
 *
 * <p>{@link #fit} and {@link #transform} refuse a missing value (NaN), naming its row and column, rather than turn a
 * whole column into NaN: fill missing values with an {@link Imputer} first. (The check reads one count back from the
 * tensor's device per call.)
 */
public sealed interface Scaler permits StandardScaler, MinMaxScaler {
    /**
     * Learns the per-column statistics of {@code x} ({@code [rows, features]}); returns this.
     *
     * @throws IllegalArgumentException if {@code x} holds a NaN (a missing value), naming its row and column
     */
    Scaler fit(Tensor x);

    /** @throws IllegalArgumentException if {@code x} holds a NaN (a missing value), naming its row and column */
    Tensor transform(Tensor x);

    Tensor inverseTransform(Tensor x);

    default Tensor fitTransform(Tensor x) { return fit(x).transform(x); }

    boolean isFitted();

    /** The fitted statistics, named {@code prefix + "mean"} etc. */
    Map<String, Tensor> stateDict(String prefix);

    /** Restores statistics saved by {@link #stateDict(String)} with the same prefix; returns this. */
    Scaler loadStateDict(Map<String, Tensor> state, String prefix);

    /** Checks that {@code x} is {@code [rows, features]}. */
    static void requireMatrix(String who, Tensor x) {
        if (x.rank() != 2) throw new IllegalArgumentException(who + ": expects [rows, features], got shape " + x.shape());
    }

    static Tensor required(Map<String, Tensor> state, String name) {
        Tensor t = state.get(name);
        if (t == null) throw new IllegalArgumentException("scaler state has no tensor '" + name + "' (found " + state.keySet() + ")");
        return t;
    }

    static Map<String, Tensor> named(String prefix, String a, Tensor ta, String b, Tensor tb) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(prefix + a, ta);
        m.put(prefix + b, tb);
        return m;
    }
}
