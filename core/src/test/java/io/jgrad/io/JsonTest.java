package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader on its own: values, limits and the text of its errors. */
class JsonTest {
    private static final Json.Limits SMALL = new Json.Limits(4, 5, 3, 2, 10);

    @Test
    void parsesEveryKindOfValue() throws JsonException {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": \"x\\u00e9\\n\"} ");
        assertEquals(List.of("a", "b"), List.copyOf(((Map<?, ?>) v).keySet()));
        assertEquals("x\u00e9\n", ((Map<?, ?>) v).get("b"));
        List<?> a = (List<?>) ((Map<?, ?>) v).get("a");
        assertEquals(List.of(true, false), a.subList(2, 4));
        assertEquals(-2500.0, ((Json.JsonNumber) a.get(1)).asDouble());
        assertEquals(1, ((Json.JsonNumber) a.get(0)).asNonNegativeLong());
        assertEquals(null, a.get(4));
    }

    @Test
    void eachLimitIsNamedWithTheOffset() {
        assertEquals("invalid JSON at character 4: nesting deeper than 4 (the limit)",
                assertThrows(JsonException.class, () -> Json.parse("[[[[[]]]]]", SMALL)).getMessage());
        assertEquals("invalid JSON at character 0: a string longer than 5 characters (the limit)",
                assertThrows(JsonException.class, () -> Json.parse("\"abcdefgh\"", SMALL)).getMessage());
        assertEquals("invalid JSON at character 7: an array with more than 3 elements (the limit)",
                assertThrows(JsonException.class, () -> Json.parse("[1,2,3,4]", SMALL)).getMessage());
        assertEquals("invalid JSON at character 13: an object with more than 2 members (the limit)",
                assertThrows(JsonException.class, () -> Json.parse("{\"a\":1,\"b\":2,\"c\":3}", SMALL)).getMessage());
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[[1,2,3],[4,5,6],[7]]", SMALL));
        assertEquals("more than 10 values (the limit)", e.reason());
    }

    @Test
    void errorsShowControlCharactersEscapedAndLongTextCut() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\\u0001\":1,\"a\\u0001\":2}"));
        assertEquals("invalid JSON at character 13: duplicate key \"a\\u0001\"", e.getMessage());
        assertEquals(13, e.offset());
        assertEquals("abc\\u0000\\\"", Json.printable("abc\u0000\""));
        assertEquals("x".repeat(100) + "... (250 characters)", Json.printable("x".repeat(250)));
        assertThrows(IllegalArgumentException.class, () -> new Json.Limits(0, 1, 1, 1, 1));
    }

    @Test
    void writesValuesThatReadBackTheSame() throws JsonException {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("type", "Dense");
        value.put("units", 10);
        value.put("mean", List.of(0.2860, 1e-300, -3.0));
        value.put("big", 1L << 40);
        value.put("ok", true);
        value.put("none", null);
        value.put("quote\"", "a\nb");
        String text = Json.write(value);
        assertEquals("{\"type\":\"Dense\",\"units\":10,\"mean\":[0.286,1.0E-300,-3],\"big\":1099511627776,"
                + "\"ok\":true,\"none\":null,\"quote\\\"\":\"a\\nb\"}", text);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals(0.2860, ((Json.JsonNumber) ((List<?>) back.get("mean")).get(0)).asDouble());
        assertEquals(1e-300, ((Json.JsonNumber) ((List<?>) back.get("mean")).get(1)).asDouble());
        assertEquals("a\nb", back.get("quote\""));
        assertEquals("JSON has no value for the number NaN",
                assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN))).getMessage());
        assertEquals("cannot write a java.lang.Object as JSON",
                assertThrows(IllegalArgumentException.class, () -> Json.write(new Object())).getMessage());
    }
}
