package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a file produced by tools/make_safetensors_fixture.py (PyTorch tensors laid out as the reference
 * safetensors package does) and compares every value with what PyTorch reported.
 */
class SafetensorsFixtureTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsFixtureTest.class.getResourceAsStream("/safetensors/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected() throws IOException {
        return (Map<String, Object>) Json.parse(new String(resource("reference.expected.json"), StandardCharsets.UTF_8));
    }

    private static double number(Object v) {
        return switch (v) {
            case Json.JsonNumber n -> Double.parseDouble(n.text());
            case String s -> Double.parseDouble(s); // "NaN", "Infinity", "-Infinity"
            default -> throw new AssertionError("unexpected expected value " + v);
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodesEveryDtypeAsPyTorchWroteIt() throws IOException {
        SafetensorsFile file = SafetensorsFile.read(resource("reference.safetensors"));
        Map<String, Object> exp = expected();
        assertEquals(exp.get("metadata"), file.metadata());
        Map<String, Object> tensors = (Map<String, Object>) exp.get("tensors");
        assertEquals(tensors.keySet(), new java.util.HashSet<>(file.entries().stream().map(SafetensorsEntry::name).toList()));

        for (Map.Entry<String, Object> t : tensors.entrySet()) {
            Map<String, Object> spec = (Map<String, Object>) t.getValue();
            SafetensorsEntry e = file.get(t.getKey()).orElseThrow();
            String where = "tensor " + t.getKey();
            assertEquals(spec.get("dtype"), e.dtype().name(), where);
            List<Object> shape = (List<Object>) spec.get("shape");
            assertArrayEquals(shape.stream().mapToLong(v -> (long) number(v)).toArray(), e.shape(), where);
            List<Object> values = (List<Object>) spec.get("values");
            assertEquals(values.size(), e.numel(), where);
            ByteBuffer raw = ByteBuffer.wrap(e.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                String at = where + " element " + i;
                switch (e.dtype()) {
                    case F32, F16, BF16 -> assertEquals((float) number(v), e.toFloats()[i], at);
                    case F64 -> assertEquals(number(v), TensorBytes.toDoubles(e.data())[i], at);
                    case I64 -> assertEquals(Long.parseLong(((Json.JsonNumber) v).text()), TensorBytes.toLongs(e.data())[i], at);
                    case I32 -> assertEquals((int) number(v), TensorBytes.toInts(e.data())[i], at);
                    case I16 -> assertEquals((short) number(v), raw.getShort(2 * i), at);
                    case I8 -> assertEquals((byte) number(v), e.data()[i], at);
                    case U8 -> assertEquals((int) number(v), e.data()[i] & 0xFF, at);
                    case BOOL -> assertEquals(v, TensorBytes.toBooleans(e.data())[i], at);
                    default -> throw new AssertionError("fixture has unexpected dtype " + e.dtype());
                }
            }
        }
    }

    @Test
    void writerReproducesTheReferenceFileByteForByte(@TempDir Path dir) throws IOException {
        byte[] original = resource("reference.safetensors");
        SafetensorsFile file = SafetensorsFile.read(original);
        // Rebuild from a shuffled entry list: the writer must impose the reference order itself.
        List<SafetensorsEntry> shuffled = new java.util.ArrayList<>(file.entries());
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        SafetensorsFile rebuilt = new SafetensorsFile(shuffled, file.metadata());
        assertArrayEquals(original, rebuilt.toBytes());
        Path out = dir.resolve("copy.safetensors");
        rebuilt.write(out);
        assertArrayEquals(original, Files.readAllBytes(out));
    }

    @Test
    void halfPrecisionEncodingRoundsLikePyTorch() throws IOException {
        SafetensorsFile file = SafetensorsFile.read(resource("reference.safetensors"));
        float[] source = file.get("specials.f32").orElseThrow().toFloats();
        assertSameHalfValues(file.get("specials.f16").orElseThrow().data(), TensorBytes.floatsToF16(source), source,
                b -> Float.float16ToFloat(b));
        assertSameHalfValues(file.get("specials.bf16").orElseThrow().data(), TensorBytes.floatsToBf16(source), source,
                TensorBytes::bf16ToFloat);
    }

    private interface ShortDecoder {
        float apply(short bits);
    }

    /** Bit-identical 16-bit encodings, except that any NaN pattern matches any other (PyTorch 1.13 writes BF16 NaN as 0xFFFF). */
    private static void assertSameHalfValues(byte[] expected, byte[] actual, float[] source, ShortDecoder decode) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < source.length; i++) {
            if (Float.isNaN(source[i])) {
                int bits = (actual[2 * i] & 0xFF) | (actual[2 * i + 1] & 0xFF) << 8;
                assertTrue(Float.isNaN(decode.apply((short) bits)),
                        "element " + i + " must stay NaN");
                continue;
            }
            assertEquals(expected[2 * i], actual[2 * i], "element " + i + " (" + source[i] + ") low byte");
            assertEquals(expected[2 * i + 1], actual[2 * i + 1], "element " + i + " (" + source[i] + ") high byte");
        }
    }
}
