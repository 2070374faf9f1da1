package io.jgrad.select.analyse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one raw table column becomes model features, as fitted on the training data. A missing cell is filled (the
 * median of a numeric column, the most frequent category otherwise) and, when the column had missing values, flagged
 * in an extra 0/1 indicator feature after the column's own, so a model can tell a filled value from a real one. No
 * feature is ever NaN.
 */
public sealed interface ColumnEncoding {
    /** The raw column this reads. */
    String column();

    /** Whether a 0/1 missing-value indicator feature follows the column's features. */
    boolean indicator();

    /** The number of features this writes, the indicator included. */
    int width();

    /** The names of the features this writes, in order. */
    List<String> featureNames();

    /** Writes the features of one raw cell into {@code out} from {@code offset}. */
    void encode(String cell, float[] out, int offset);

    /** This encoding as a JSON object's members, {@code "type"} first. */
    Map<String, Object> describe();

    /**
     * A numeric column, standardised: {@code (value - mean) / std}, a missing cell taking the median {@code fill}
     * before scaling.
     */
    record Numeric(String column, double fill, double mean, double std, boolean indicator) implements ColumnEncoding {
        /** Checks the statistics are finite and the scale positive. */
        public Numeric {
            if (!Double.isFinite(fill) || !Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("numeric column '" + column + "': fill " + fill + ", mean " + mean
                        + " and std " + std + " must be finite, the std positive");
            }
        }

        @Override
        public int width() {
            return indicator ? 2 : 1;
        }

        @Override
        public List<String> featureNames() {
            return indicator ? List.of(column, column + "_missing") : List.of(column);
        }

        @Override
        public void encode(String cell, float[] out, int offset) {
            boolean missing = RawTable.isMissing(cell);
            double v = missing ? fill : parse(cell);
            out[offset] = (float) ((v - mean) / std);
            if (indicator) out[offset + 1] = missing ? 1 : 0;
        }

        private double parse(String cell) {
            if (!TableReader.isNumber(cell)) {
                throw new IllegalArgumentException("column '" + column + "': '" + cell + "' is not a number (the"
                        + " column was numeric in the training data)");
            }
            return Double.parseDouble(cell);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "numeric");
            out.put("column", column);
            out.put("fill", fill);
            out.put("mean", mean);
            out.put("std", std);
            out.put("indicator", indicator);
            return out;
        }
    }

    /**
     * A categorical column of few values, one-hot: one 0/1 feature per category seen in training; a category not
     * seen in training sets none of them.
     */
    record OneHot(String column, List<String> categories, String fill, boolean indicator) implements ColumnEncoding {
        /** Checks the categories: at least one, no repeats, the fill among them. */
        public OneHot {
            categories = List.copyOf(categories);
            if (categories.isEmpty() || categories.stream().distinct().count() != categories.size()
                    || !categories.contains(fill)) {
                throw new IllegalArgumentException("one-hot column '" + column + "': needs distinct categories"
                        + " holding the fill value '" + fill + "', got " + categories);
            }
        }

        @Override
        public int width() {
            return categories.size() + (indicator ? 1 : 0);
        }

        @Override
        public List<String> featureNames() {
            return slotNames(column, categories.stream().map(c -> "=" + c).toList(), indicator);
        }

        @Override
        public void encode(String cell, float[] out, int offset) {
            boolean missing = RawTable.isMissing(cell);
            writeSlot(categories.indexOf(missing ? fill : cell), categories.size(), missing, indicator, out, offset);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "one_hot");
            out.put("column", column);
            out.put("categories", categories);
            out.put("fill", fill);
            out.put("indicator", indicator);
            return out;
        }
    }

    /**
     * A categorical column of many values, hashed: the category's FNV-1a hash (of its UTF-8 bytes) picks one of
     * {@code buckets} 0/1 features. Unlike a one-hot over every category, the width stays fixed and a category not
     * seen in training still lands in a bucket; categories that share a bucket are not told apart.
     */
    record Hashed(String column, int buckets, String fill, boolean indicator) implements ColumnEncoding {
        /** Checks there is at least one bucket. */
        public Hashed {
            if (buckets < 1) throw new IllegalArgumentException("hashed column '" + column + "': buckets " + buckets);
        }

        @Override
        public int width() {
            return buckets + (indicator ? 1 : 0);
        }

        @Override
        public List<String> featureNames() {
            List<String> suffixes = new ArrayList<>();
            for (int i = 0; i < buckets; i++) suffixes.add("#" + i);
            return slotNames(column, suffixes, indicator);
        }

        @Override
        public void encode(String cell, float[] out, int offset) {
            boolean missing = RawTable.isMissing(cell);
            writeSlot(bucket(missing ? fill : cell, buckets), buckets, missing, indicator, out, offset);
        }

        /** The bucket of {@code value}: 32-bit FNV-1a of the UTF-8 bytes, modulo {@code buckets}. */
        static int bucket(String value, int buckets) {
            int h = 0x811c9dc5;
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
            return Integer.remainderUnsigned(h, buckets);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "hashed");
            out.put("column", column);
            out.put("buckets", buckets);
            out.put("fill", fill);
            out.put("indicator", indicator);
            return out;
        }
    }

    /** {@code size} 0/1 features with a 1 at {@code slot} (none for -1), then the indicator if there is one. */
    private static void writeSlot(int slot, int size, boolean missing, boolean indicator, float[] out, int offset) {
        for (int i = 0; i < size; i++) out[offset + i] = i == slot ? 1 : 0;
        if (indicator) out[offset + size] = missing ? 1 : 0;
    }

    /** The column's name with each suffix, then its indicator's name if there is one. */
    private static List<String> slotNames(String column, List<String> suffixes, boolean indicator) {
        List<String> names = new ArrayList<>();
        for (String suffix : suffixes) names.add(column + suffix);
        if (indicator) names.add(column + "_missing");
        return names;
    }

    /** Reads what {@link #describe()} wrote; {@code where} names the place for messages. */
    static ColumnEncoding fromJson(Map<?, ?> o, String where) {
        String type = JsonFields.string(o, "type", where);
        String column = JsonFields.string(o, "column", where);
        boolean indicator = JsonFields.bool(o, "indicator", where);
        return switch (type) {
            case "numeric" -> new Numeric(column, JsonFields.number(o, "fill", where),
                    JsonFields.number(o, "mean", where), JsonFields.number(o, "std", where), indicator);
            case "one_hot" -> new OneHot(column, JsonFields.strings(o, "categories", where),
                    JsonFields.string(o, "fill", where), indicator);
            case "hashed" -> new Hashed(column, JsonFields.integer(o, "buckets", where),
                    JsonFields.string(o, "fill", where), indicator);
            default -> throw new IllegalArgumentException(where + " has the unknown type '" + type
                    + "' (known: numeric, one_hot, hashed)");
        };
    }
}
