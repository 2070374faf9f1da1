package io.jgrad.data;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How raw examples become a model's inputs, small enough to travel in a model file's metadata: the shape of one
 * example and the steps applied in order (today {@code normalize}, {@code (x - mean) / std} with one value or one per
 * channel). "Raw" means what jgrad's readers give: for images, pixels scaled to [0, 1] ({@link IdxReader}, the
 * command line's CSV and PNG readers). As JSON:
 * <pre>{@code {"input_shape":[1,28,28],"steps":[{"type":"normalize","mean":[0.286],"std":[0.353]}]}}</pre>
 *
 * @param inputShape the shape of one example as the model takes it (e.g. {@code [784]} or {@code [1, 28, 28]})
 * @param steps      what is applied, in order
 */
public record Preprocessing(List<Integer> inputShape, List<Step> steps) {
    /** One step of a {@link Preprocessing}. */
    public sealed interface Step permits Normalize {
        /** The step applied to a batch {@code [N, ...inputShape]}. */
        Tensor apply(Tensor batch);

        /** The step as a JSON object's members, {@code "type"} first. */
        Map<String, Object> describe();
    }

    /**
     * {@code (x - mean) / std}: with one value each over the whole example, else per channel (dimension 1 of the
     * batch), as torchvision's {@code Normalize}.
     */
    public record Normalize(List<Double> mean, List<Double> std) implements Step {
        /** Checks the statistics: as many means as standard deviations, at least one, positive finite std. */
        public Normalize {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            if (mean.isEmpty() || mean.size() != std.size()) {
                throw new IllegalArgumentException("normalize: needs as many means as standard deviations"
                        + " (at least one), got " + mean + " and " + std);
            }
            for (double s : std) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("normalize: std must be positive and finite, got " + std);
                }
            }
            for (double m : mean) {
                if (!Double.isFinite(m)) {
                    throw new IllegalArgumentException("normalize: mean must be finite, got " + mean);
                }
            }
        }

        @Override
        public Tensor apply(Tensor batch) {
            if (mean.size() == 1) return batch.sub(mean.getFirst()).div(std.getFirst());
            if (batch.rank() < 2 || batch.dim(1) != mean.size()) {
                throw new IllegalArgumentException("normalize: " + mean.size() + " channel statistics for a batch"
                        + " of shape " + batch.shape());
            }
            int[] shape = new int[batch.rank()];
            Arrays.fill(shape, 1);
            shape[1] = mean.size();
            return batch.sub(column(mean, batch, shape)).div(column(std, batch, shape));
        }

        private static Tensor column(List<Double> values, Tensor like, int[] shape) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            return Tensor.of(v, shape).to(like.dtype()).to(like.device());
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "normalize");
            out.put("mean", mean);
            out.put("std", std);
            return out;
        }
    }

    /** Checks the shape and copies the lists. */
    public Preprocessing {
        inputShape = List.copyOf(inputShape);
        steps = List.copyOf(steps);
        if (inputShape.isEmpty()) throw new IllegalArgumentException("preprocessing: the input shape is empty");
        for (int d : inputShape) if (d <= 0) throw new IllegalArgumentException("preprocessing: input shape "
                + inputShape + " has a size below 1");
    }

    /** Inputs of this shape taken as they are. */
    public static Preprocessing of(int... inputShape) {
        return new Preprocessing(Arrays.stream(inputShape).boxed().toList(), List.of());
    }

    /** This preprocessing followed by {@code (x - mean) / std} with one value each. */
    public Preprocessing normalize(double mean, double std) { return then(new Normalize(List.of(mean), List.of(std))); }

    /** This preprocessing followed by {@code step}. */
    public Preprocessing then(Step step) {
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new Preprocessing(inputShape, more);
    }

    /** The number of values in one example. */
    public int exampleSize() { return inputShape.stream().reduce(1, Math::multiplyExact); }

    /**
     * A batch of raw examples as the model takes them: {@code raw} is {@code [N, ...]} with {@link #exampleSize()}
     * values per example (e.g. {@code [N, 784]} or {@code [N, 28, 28]} for an input shape {@code [1, 28, 28]});
     * it is reshaped to {@code [N, ...inputShape]} and the steps run in order.
     *
     * @throws IllegalArgumentException if an example has another number of values, naming both shapes
     */
    public Tensor apply(Tensor raw) {
        if (raw.rank() < 1 || raw.numel() / Math.max(1, raw.dim(0)) != exampleSize() || raw.dim(0) == 0) {
            throw new IllegalArgumentException("preprocessing: expected a batch [N, ...] of examples with "
                    + exampleSize() + " values each (input shape " + inputShape + "), got shape " + raw.shape());
        }
        int[] shape = new int[inputShape.size() + 1];
        shape[0] = raw.dim(0);
        for (int i = 0; i < inputShape.size(); i++) shape[i + 1] = inputShape.get(i);
        Tensor x = raw.shape().equals(Shape.of(shape)) ? raw : raw.reshape(shape);
        for (Step step : steps) x = step.apply(x);
        return x;
    }

    /** This preprocessing as compact JSON (see the class comment). */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input_shape", inputShape);
        out.put("steps", steps.stream().map(Step::describe).toList());
        return Json.write(out);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @param source what the JSON came from (a file name), for the messages
     * @throws IllegalArgumentException if the JSON is invalid or has an unknown step, naming {@code source}
     */
    public static Preprocessing fromJson(String json, String source) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": the preprocessing is not valid JSON: " + e.getMessage(), e);
        }
        String where = source + ": preprocessing";
        if (!(root instanceof Map<?, ?> top) || !(top.get("steps") instanceof List<?> stepList)) {
            throw new IllegalArgumentException(where + " must be an object with \"input_shape\" and \"steps\" arrays");
        }
        List<Integer> shape = numbers(top.get("input_shape"), where + " \"input_shape\"").stream().map(d -> {
            if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) throw new IllegalArgumentException(where
                    + " \"input_shape\" must hold positive integers");
            return (int) (double) d;
        }).toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepList.size(); i++) {
            String at = where + " step " + i;
            if (!(stepList.get(i) instanceof Map<?, ?> step) || !(step.get("type") instanceof String type)) {
                throw new IllegalArgumentException(at + " must be an object with a \"type\"");
            }
            if (!type.equals("normalize")) {
                throw new IllegalArgumentException(at + " has the unknown type '" + Json.printable(type)
                        + "' (known: normalize)");
            }
            try {
                steps.add(new Normalize(numbers(step.get("mean"), at + " \"mean\""),
                        numbers(step.get("std"), at + " \"std\"")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        try {
            return new Preprocessing(shape, steps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static List<Double> numbers(Object value, String what) {
        if (!(value instanceof List<?> list)) throw new IllegalArgumentException(what + " must be an array of numbers");
        List<Double> out = new ArrayList<>();
        for (Object v : list) {
            if (!(v instanceof Json.JsonNumber n)) throw new IllegalArgumentException(what
                    + " must be an array of numbers");
            out.add(n.asDouble());
        }
        return out;
    }
}
