package io.jgrad.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records (RFC 4180): a configurable separator, fields optionally in double quotes, a
 * doubled quote inside quotes for a literal quote, separators and line breaks allowed inside quotes, and
 * {@code \n}, {@code \r\n} or {@code \r} line ends. Blank and whitespace-only lines are skipped. Each record
 * remembers the 1-based line on which it starts so errors can point at the file.
 */
final class CsvRecords {
    /** One record: its fields and the 1-based line it starts on. */
    record Row(long line, List<Field> fields) {
    }

    /** One field: its text (quotes removed) and whether it was quoted. */
    record Field(String text, boolean quoted) {
    }

    private final String text;
    private final char separator;
    private final String source;
    private int pos;
    private long line = 1;

    CsvRecords(String text, char separator, String source) {
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("invalid CSV separator '" + separator + "'");
        }
        // A UTF-8 byte order mark is not part of the first column's name.
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.separator = separator;
        this.source = source;
    }

    /** @return the next non-blank record, or null at the end of the text */
    Row next() throws DataFileException {
        while (pos < text.length()) {
            long start = line;
            List<Field> fields = new ArrayList<>();
            boolean end = false;
            while (!end) {
                Field f = field(start);
                fields.add(f);
                end = pos >= text.length() || lineBreakAt(pos);
                if (end) {
                    skipLineBreak();
                } else {
                    pos++; // separator
                }
            }
            if (fields.size() == 1 && !fields.get(0).quoted() && fields.get(0).text().isBlank()) {
                continue; // blank line
            }
            return new Row(start, fields);
        }
        return null;
    }

    private Field field(long recordStart) throws DataFileException {
        if (pos < text.length() && text.charAt(pos) == '"') {
            return quoted(recordStart);
        }
        int from = pos;
        while (pos < text.length() && text.charAt(pos) != separator && !lineBreakAt(pos)) {
            if (text.charAt(pos) == '"') {
                // Allow leading spaces before an opening quote, as many writers emit `a, "b"`.
                if (text.substring(from, pos).isBlank()) {
                    return quoted(recordStart);
                }
                throw new DataFileException(source + ": line " + line + ": quote inside an unquoted field");
            }
            pos++;
        }
        return new Field(text.substring(from, pos), false);
    }

    private Field quoted(long recordStart) throws DataFileException {
        long openLine = line;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new DataFileException(source + ": line " + openLine + ": quoted field is never closed"
                        + (openLine != recordStart ? " (record starts on line " + recordStart + ")" : ""));
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    sb.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\r' || c == '\n') {
                skipLineBreak();
                sb.append('\n');
                continue;
            }
            sb.append(c);
            pos++;
        }
        // Only spaces may follow the closing quote before the separator or line end.
        while (pos < text.length() && text.charAt(pos) != separator && !lineBreakAt(pos)) {
            if (!Character.isWhitespace(text.charAt(pos))) {
                throw new DataFileException(source + ": line " + line + ": unexpected '" + text.charAt(pos)
                        + "' after a closing quote");
            }
            pos++;
        }
        return new Field(sb.toString(), true);
    }

    private boolean lineBreakAt(int i) {
        char c = text.charAt(i);
        return c == '\n' || c == '\r';
    }

    /** Consumes one line break (\n, \r\n or \r) if present and counts the line. */
    private void skipLineBreak() {
        if (pos >= text.length()) {
            return;
        }
        if (text.charAt(pos) == '\r') {
            pos++;
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
        } else if (text.charAt(pos) == '\n') {
            pos++;
        }
        line++;
    }
}
