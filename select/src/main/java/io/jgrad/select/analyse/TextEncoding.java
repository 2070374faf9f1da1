package io.jgrad.select.analyse;

import io.jgrad.Shape;
import io.jgrad.Tensor;

import io.jgrad.data.DataFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text column to token ids: {@link WordTokenizer} words, cut or padded to {@code length} ids per example; a missing
 * text is all padding. As JSON: {@code {"type":"text","column":"review","length":120,"vocabulary":["the",...]}}.
 *
 * @param column    the raw column holding the text
 * @param tokenizer words to ids
 * @param length    the ids per example
 */
public record TextEncoding(String column, WordTokenizer tokenizer, int length) implements InputEncoding {
    /** Checks the length is positive. */
    public TextEncoding {
        if (length < 1) throw new IllegalArgumentException("text encoding: length must be positive, got " + length);
    }

    @Override
    public Tensor encode(RawTable table) {
        int c = table.requireColumn(column, "the model's input");
        Map<String, Integer> ids = tokenizer.index();
        long[] out = new long[table.size() * length];
        for (int r = 0; r < table.size(); r++) {
            String cell = table.rows().get(r)[c];
            List<String> words = RawTable.isMissing(cell) ? List.of() : WordTokenizer.words(cell);
            tokenizer.encodeInto(words, ids, out, r * length, length);
        }
        return Tensor.wrap(out, Shape.of(table.size(), length));
    }

    /** A CSV file with the text column, or a {@code .txt} file of one text per line (blank lines skipped). */
    @Override
    public Tensor encodeFile(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
            return encode(TableReader.read(file));
        }
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<String> text = TextFileReader.lines(file);
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) continue;
            rows.add(new String[] {text.get(i).strip()});
            lines.add(i + 1L);
        }
        if (rows.isEmpty()) throw new DataFileException(file + ": no text to predict from (the file is empty)");
        return encode(new RawTable(file.toString(), List.of(column), rows,
                lines.stream().mapToLong(Long::longValue).toArray(), List.of()));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "text");
        out.put("column", column);
        out.put("length", length);
        out.put("vocabulary", tokenizer.vocabulary());
        return out;
    }

    static TextEncoding fromJson(Map<?, ?> o, String where) {
        return new TextEncoding(JsonFields.string(o, "column", where),
                new WordTokenizer(JsonFields.strings(o, "vocabulary", where)), JsonFields.integer(o, "length", where));
    }
}
