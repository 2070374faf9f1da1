package io.jgrad.select.analyse;

import io.jgrad.Tensor;
import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standardisation of a regression target: models train on {@code (y - mean) / std}, with the mean and standard
 * deviation of the training rows, and their outputs are mapped back, {@code output * std + mean}, so that
 * predictions and metrics are in the target's own units. Without it a target such as a price around 1000 would
 * start training with a huge loss and gradients that no default learning rate suits. Saved in the model file's
 * metadata under {@link #METADATA_KEY} so that prediction maps back the same way.
 *
 * @param mean the training rows' mean
 * @param std  the training rows' standard deviation (1 when they are all equal)
 */
public record TargetScaling(double mean, double std) {
    /** The model-file metadata key of the scaling's JSON. */
    public static final String METADATA_KEY = "select.target_scaling";

    /** Checks the figures. */
    public TargetScaling {
        if (!Double.isFinite(mean) || !Double.isFinite(std) || !(std > 0)) {
            throw new IllegalArgumentException("target scaling needs a finite mean and a finite std > 0, got mean "
                    + mean + ", std " + std);
        }
    }

    /** The mean and (population) standard deviation of the values {@code y} ({@code [n, 1]} or {@code [n]}). */
    public static TargetScaling fit(Tensor y) {
        float[] v = y.toFloatArray();
        if (v.length == 0) throw new IllegalArgumentException("target scaling: no rows to fit on");
        double sum = 0;
        for (float x : v) sum += x;
        double mean = sum / v.length, squares = 0;
        for (float x : v) squares += (x - mean) * (x - mean);
        double std = Math.sqrt(squares / v.length);
        return new TargetScaling(mean, std > 0 ? std : 1);
    }

    /** The standardised targets {@code (y - mean) / std}. */
    public Tensor standardise(Tensor y) { return y.sub(mean).div(std); }

    /** Model outputs on the standardised scale back in the target's units, {@code outputs * std + mean}. */
    public Tensor restore(Tensor outputs) { return outputs.mul(std).add(mean); }

    /** The model-file metadata entry that saves this scaling: {@link #METADATA_KEY} to its JSON. */
    public Map<String, String> metadata() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mean", mean);
        json.put("std", std);
        return Map.of(METADATA_KEY, Json.write(json));
    }

    /**
     * The scaling saved in a model file's metadata, or null when it has none (a classifier, or a regression model
     * saved before targets were standardised, whose outputs are in the target's units already).
     *
     * @throws IllegalArgumentException if the entry is malformed, naming {@code source}
     */
    public static TargetScaling fromMetadata(Map<String, String> metadata, String source) {
        String json = metadata.get(METADATA_KEY);
        if (json == null) return null;
        String where = source + ": the target scaling (" + METADATA_KEY + ")";
        try {
            Map<?, ?> o = JsonFields.object(Json.parse(json), where);
            return new TargetScaling(JsonFields.number(o, "mean", where), JsonFields.number(o, "std", where));
        } catch (JsonException e) {
            throw new IllegalArgumentException(where + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
