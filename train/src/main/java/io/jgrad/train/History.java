package io.jgrad.train;

import io.jgrad.io.AtomicFiles;
import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-epoch values recorded by the trainer: one row per epoch with {@code epoch} (1-based), {@code loss}, metrics,
 * their {@code val_} counterparts, {@code lr}, {@code samples_per_s} and {@code seconds}.
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    public void add(Map<String, Double> row) { epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(row))); }

    public List<Map<String, Double>> epochs() { return Collections.unmodifiableList(epochs); }

    public int size() { return epochs.size(); }

    public Map<String, Double> last() { return epochs.isEmpty() ? Map.of() : epochs.getLast(); }

    /** The values of one column, NaN where an epoch lacks it. */
    public double[] column(String name) {
        return epochs.stream().mapToDouble(e -> e.getOrDefault(name, Double.NaN)).toArray();
    }

    /** Every column name, in first-seen order. */
    public Set<String> columns() {
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.keySet()));
        return names;
    }

    public String toCsv() {
        List<String> cols = new ArrayList<>(columns());
        StringBuilder sb = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Double> e : epochs) {
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) sb.append(',');
                Double v = e.get(cols.get(i));
                if (v != null && !v.isNaN()) sb.append(format(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code {"epochs":[{"epoch":1,"loss":0.5,...},...]}}; NaN and infinities are written as null. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"epochs\": [");
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(i == 0 ? "\n  {" : ",\n  {");
            int j = 0;
            for (Map.Entry<String, Double> kv : epochs.get(i).entrySet()) {
                if (j++ > 0) sb.append(", ");
                Json.writeString(sb, kv.getKey());
                sb.append(": ");
                double v = kv.getValue();
                sb.append(Double.isFinite(v) ? format(v) : "null");
            }
            sb.append('}');
        }
        return sb.append(epochs.isEmpty() ? "]}\n" : "\n]}\n").toString();
    }

    /**
     * Reads what {@link #toJson()} wrote (used to resume a run from a checkpoint) with a strict JSON reader: an object
     * whose {@code epochs} array holds one object per epoch, each value a number or null (read as NaN).
     *
     * @throws IllegalArgumentException if the text is not such JSON, naming the character offset, or the epoch and
     *                                  key at fault
     */
    public static History fromJson(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("history JSON is invalid: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("epochs") instanceof List<?> rows)) {
            throw new IllegalArgumentException("history JSON must be an object with an \"epochs\" array, got "
                    + abbreviate(json));
        }
        History h = new History();
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof Map<?, ?> values)) {
                throw new IllegalArgumentException("history JSON: epochs[" + i + "] is not an object");
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<?, ?> kv : values.entrySet()) {
                String key = (String) kv.getKey();
                row.put(key, switch (kv.getValue()) {
                    case null -> Double.NaN;
                    case Json.JsonNumber n -> n.asDouble();
                    default -> throw new IllegalArgumentException("history JSON: epochs[" + i + "] value of \""
                            + Json.printable(key) + "\" is not a number or null");
                });
            }
            h.add(row);
        }
        return h;
    }

    private static String abbreviate(String text) {
        return '"' + Json.printable(text) + '"';
    }

    public void writeCsv(Path file) throws IOException { AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8)); }

    public void writeJson(Path file) throws IOException { AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8)); }

    /** Whole numbers without a fraction (epoch 3, not 3.0); others with full precision. */
    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
