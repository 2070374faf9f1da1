package io.jgrad.select.analyse;

import io.jgrad.Shape;
import io.jgrad.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table rows to features: each used raw column through its {@link ColumnEncoding}, the features side by side in
 * the order of {@link #columns()}. Columns not listed (the target, dropped constant or identifier columns) are not
 * read. As JSON: {@code {"type":"table","columns":[{"type":"numeric","column":"age",...},...]}}.
 *
 * @param columns the encodings, in feature order
 */
public record TableEncoding(List<ColumnEncoding> columns) implements InputEncoding {
    /** Checks there is at least one column and no column twice. */
    public TableEncoding {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) throw new IllegalArgumentException("table encoding: no columns to encode");
        if (columns.stream().map(ColumnEncoding::column).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("table encoding: a column is encoded twice: "
                    + columns.stream().map(ColumnEncoding::column).toList());
        }
    }

    /** The number of features a row becomes. */
    public int width() {
        return columns.stream().mapToInt(ColumnEncoding::width).sum();
    }

    /** The name of every feature, in order. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        for (ColumnEncoding c : columns) out.addAll(c.featureNames());
        return out;
    }

    @Override
    public Tensor encode(RawTable table) {
        int[] at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) at[i] = table.requireColumn(columns.get(i).column(), "the model's input");
        int width = width(), n = table.size();
        float[] out = new float[n * width];
        for (int r = 0; r < n; r++) {
            String[] row = table.rows().get(r);
            int offset = r * width;
            for (int i = 0; i < at.length; i++) {
                try {
                    columns.get(i).encode(row[at[i]], out, offset);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(table.source() + ": line " + table.lines()[r] + ": "
                            + e.getMessage(), e);
                }
                offset += columns.get(i).width();
            }
        }
        return Tensor.wrap(out, Shape.of(n, width));
    }

    @Override
    public Tensor encodeFile(Path file) throws IOException {
        return encode(TableReader.read(file));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "table");
        out.put("columns", columns.stream().map(ColumnEncoding::describe).toList());
        return out;
    }

    static TableEncoding fromJson(Map<?, ?> o, String where) {
        List<?> list = JsonFields.list(o, "columns", where);
        List<ColumnEncoding> columns = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + " column " + i;
            try {
                columns.add(ColumnEncoding.fromJson(JsonFields.object(list.get(i), at), at));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e
                        : new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return new TableEncoding(columns);
    }
}
