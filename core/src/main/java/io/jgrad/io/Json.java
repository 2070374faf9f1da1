package io.jgrad.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and string writer, so jgrad needs no JSON library: safetensors headers and
 * training history files are read with it.
 *
 * <p>Parsing yields {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link JsonNumber} (the literal
 * text, converted on demand so huge literals cost nothing), {@link Boolean} and {@code null}. It rejects duplicate
 * keys, lone surrogates and trailing content, and, so that hostile text cannot exhaust the stack or the heap, input
 * beyond its {@link Limits} (nesting depth, string length, array and object sizes, number of values). It never
 * recurses deeper than the depth limit. Errors name the character offset ({@link JsonException}).
 */
public final class Json {
    /** The nesting depth {@link Limits#DEFAULT} allows. */
    public static final int MAX_DEPTH = 64;

    /**
     * What one parse accepts at most; a text beyond a limit fails with a {@link JsonException} naming it.
     *
     * @param maxDepth        arrays and objects nested in each other
     * @param maxStringLength characters in one string (key or value)
     * @param maxArrayLength  elements of one array
     * @param maxMembers      members of one object
     * @param maxValues       values in the whole text (every string, number, literal, array and object)
     */
    public record Limits(int maxDepth, int maxStringLength, int maxArrayLength, int maxMembers, long maxValues) {
        /** Depth {@value Json#MAX_DEPTH}; sizes bounded only by the text's length. */
        public static final Limits DEFAULT = new Limits(MAX_DEPTH, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Long.MAX_VALUE);

        /** Checks that every limit is positive. */
        public Limits {
            if (maxDepth < 1 || maxStringLength < 1 || maxArrayLength < 1 || maxMembers < 1 || maxValues < 1) {
                throw new IllegalArgumentException("JSON limits must be positive: " + maxDepth + ", " + maxStringLength
                        + ", " + maxArrayLength + ", " + maxMembers + ", " + maxValues);
            }
        }
    }

    /**
     * A JSON number kept as its literal text (valid JSON number syntax).
     *
     * @param text the literal, e.g. {@code -1.5e3}
     */
    public record JsonNumber(String text) {
        /** @return the value as a long if it is a non-negative integer literal that fits, else -1 */
        public long asNonNegativeLong() {
            if (text.isEmpty() || text.length() > 19 || text.charAt(0) == '-') {
                return -1;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return -1; // fraction or exponent
                }
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** @return the nearest double (infinite if the literal is beyond the double range) */
        public double asDouble() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final String s;
    private final Limits limits;
    private int pos;
    private long values;

    private Json(String s, Limits limits) {
        this.s = s;
        this.limits = limits;
    }

    /**
     * Parses one JSON value that must span the whole text (surrounding whitespace allowed), within
     * {@link Limits#DEFAULT}.
     *
     * @throws JsonException naming the offset of the first syntax error
     */
    public static Object parse(String text) throws JsonException {
        return parse(text, Limits.DEFAULT);
    }

    /**
     * Parses one JSON value that must span the whole text (surrounding whitespace allowed), within {@code limits}.
     *
     * @throws JsonException naming the offset of the first syntax error or exceeded limit
     */
    public static Object parse(String text, Limits limits) throws JsonException {
        Json p = new Json(text, limits);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected content after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws JsonException {
        if (depth >= limits.maxDepth()) {
            throw error("nesting deeper than " + limits.maxDepth() + " (the limit)");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of the text");
        }
        if (++values > limits.maxValues()) {
            throw error("more than " + limits.maxValues() + " values (the limit)");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(String.valueOf(c)) + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws JsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                pos = keyPos;
                throw error("duplicate key \"" + printable(key) + "\"");
            }
            if (map.size() == limits.maxMembers()) {
                pos = keyPos;
                throw error("an object with more than " + limits.maxMembers() + " members (the limit)");
            }
            map.put(key, v);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        List<Object> list = new ArrayList<>();
        pos++; // '['
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            if (list.size() == limits.maxArrayLength()) {
                throw error("an array with more than " + limits.maxArrayLength() + " elements (the limit)");
            }
            list.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws JsonException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            if (sb.length() >= limits.maxStringLength()) {
                pos = start;
                throw error("a string longer than " + limits.maxStringLength() + " characters (the limit)");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in string");
            }
            if (Character.isSurrogate(c)) {
                // Well-formed UTF-8 input always decodes to valid pairs; check anyway for String input.
                if (Character.isHighSurrogate(c) && pos < s.length() && Character.isLowSurrogate(s.charAt(pos))) {
                    sb.append(c).append(s.charAt(pos++));
                    continue;
                }
                pos--;
                throw error("lone surrogate in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw error("invalid surrogate pair in \\u escape");
                            }
                            sb.append(u).append(low);
                        } else {
                            throw error("lone surrogate in \\u escape");
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("lone surrogate in \\u escape");
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("invalid escape '" + printable("\\" + e) + "'");
                }
            }
        }
    }

    private char hex4() throws JsonException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number: digit expected after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid number: digit expected in exponent");
            }
            digits();
        }
        return new JsonNumber(s.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object v) throws JsonException {
        if (!s.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
        return v;
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** @return the current character, or 0 at the end (never valid where a real character is expected) */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String what) {
        return new JsonException(pos, what);
    }

    /**
     * {@code value} for an error message, to be put in quotes: control characters, quotes and backslashes escaped
     * as JSON does ({@code \\u0000}), and cut after 100 characters with the full length given, so a hostile name
     * cannot flood or garble a message.
     */
    public static String printable(String value) {
        int max = 100;
        StringBuilder sb = new StringBuilder();
        writeString(sb, value.length() <= max ? value : value.substring(0, max));
        String inner = sb.substring(1, sb.length() - 1);
        return value.length() <= max ? inner : inner + "... (" + value.length() + " characters)";
    }

    // ---- writing ----

    /**
     * {@code value} as compact JSON: a {@link Map} (string keys, in its iteration order), {@link List}, {@link String},
     * {@link Number} or {@link JsonNumber}, {@link Boolean} or {@code null}, nested. Doubles are written so that
     * they read back to the same value ({@link Double#toString}).
     *
     * @throws IllegalArgumentException for a non-finite number or a value of another type, naming it
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> writeString(out, text);
            case Boolean b -> out.append(b);
            case JsonNumber n -> out.append(n.text());
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Number n -> {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no value for the number " + d);
                out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
            }
            case Map<?, ?> map -> {
                out.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                    }
                    if (i++ > 0) out.append(',');
                    writeString(out, key);
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) out.append(',');
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /**
     * Appends {@code value} as a JSON string, escaping like serde_json and Python's {@code json.dumps(...,
     * ensure_ascii=False)}: quote, backslash and control characters only, so headers match the reference
     * byte for byte.
     */
    public static void writeString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
