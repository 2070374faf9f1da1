package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken files must fail with a SafetensorsException naming the problem, never OOM or crash. */
class SafetensorsMalformedTest {

    /** A file with the given header length field, header bytes and {@code dataBytes} zero data bytes. */
    private static byte[] file(long headerLength, byte[] header, int dataBytes) {
        return ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(header).array();
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private static String f32(String name, int n, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static void assertRejected(byte[] bytes, String... fragments) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(bytes));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void validFileParses() throws SafetensorsException {
        // Guards the helpers: the malformed cases below differ from this one in a single respect.
        SafetensorsFile.read(file("{" + f32("a", 2, 0, 8) + "," + f32("b", 1, 8, 12) + "}", 12));
    }

    @Test
    void tooShortForTheLengthField() {
        assertRejected(new byte[5], "5 bytes", "8-byte header length");
    }

    @Test
    void truncatedData() {
        byte[] ok = file("{" + f32("a", 2, 0, 8) + "}", 8);
        assertRejected(Arrays.copyOf(ok, ok.length - 1), "cover 8 bytes", "data section has 7 bytes");
    }

    @Test
    void trailingBytesAfterTheLastTensor() {
        assertRejected(file("{" + f32("a", 2, 0, 8) + "}", 9), "cover 8 bytes", "has 9 bytes");
    }

    @Test
    void headerLengthBeyondTheFile() {
        assertRejected(file(1000, "{}".getBytes(StandardCharsets.UTF_8), 0), "header length 1000", "end of the file");
    }

    @Test
    void headerLengthTooLarge() {
        assertRejected(file(200_000_000L, new byte[0], 0), "200000000", "exceeds the limit");
        assertRejected(file(-1L, new byte[0], 0), "18446744073709551615", "exceeds the limit");
    }

    @Test
    void headerNotStartingWithBrace() {
        assertRejected(file(" {}", 0), "does not start with '{'");
        assertRejected(file("[]", 0), "does not start with '{'");
    }

    @Test
    void headerNotUtf8() {
        assertRejected(file(3, new byte[] {'{', (byte) 0xFF, '}'}, 0), "not valid UTF-8");
    }

    @Test
    void headerNotJson() {
        assertRejected(file("{\"a\":}", 0), "invalid header JSON at character 5");
        assertRejected(file("{} x", 0), "unexpected content");
        assertRejected(file("{\"a\":{\"b\":1}", 0), "expected ',' or '}'");
        assertRejected(file("{\"a\":\"\\ud800\"}", 0), "lone surrogate");
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertRejected(file(deep, 0), "nesting deeper than");
    }

    @Test
    void overlappingOffsets() {
        assertRejected(file("{" + f32("a", 2, 0, 8) + "," + f32("b", 2, 4, 12) + "}", 12),
                "tensor 'b'", "[4, 12] overlap", "ends at 8");
    }

    @Test
    void holeBetweenTensors() {
        assertRejected(file("{" + f32("a", 2, 0, 8) + "," + f32("b", 2, 12, 20) + "}", 20),
                "tensor 'b'", "start at 12", "ends at 8", "hole");
        assertRejected(file("{" + f32("a", 2, 4, 12) + "}", 12), "tensor 'a'", "start at 4", "hole");
    }

    @Test
    void duplicateNames() {
        assertRejected(file("{" + f32("a", 2, 0, 8) + "," + f32("a", 2, 8, 16) + "}", 16), "duplicate key \"a\"");
    }

    @Test
    void sizeDoesNotMatchShape() {
        assertRejected(file("{" + f32("a", 3, 0, 8) + "}", 8), "tensor 'a'", "needs 12 bytes", "span 8");
    }

    @Test
    void endBeforeBegin() {
        assertRejected(file("{" + f32("a", 0, 8, 0) + "}", 0), "tensor 'a'", "end before they begin");
    }

    @Test
    void hugeShapeOverflows() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                "tensor 'a'", "overflows");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551615],\"data_offsets\":[0,0]}}", 0),
                "tensor 'a'", "'shape' element 0", "not a non-negative 64-bit integer");
    }

    @Test
    void hugeConsistentClaimIsRejectedBeforeAllocating() {
        // A 4 TB tensor whose header is self-consistent: only the file length gives it away.
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000000],\"data_offsets\":[0,4000000000000]}}", 0),
                "tensor 'a'", "exceed the largest Java array");
        assertRejected(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1000000000],\"data_offsets\":[0,1000000000]}}", 0),
                "cover 1000000000 bytes", "data section has 0 bytes");
    }

    @Test
    void negativeOrFractionalDimensions() {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0), "'shape' element 0");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,0]}}", 0), "'shape' element 0");
    }

    @Test
    void unknownDtype() {
        assertRejected(file("{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16),
                "tensor 'a'", "unknown dtype 'F128'");
    }

    @Test
    void missingOrMistypedFields() {
        assertRejected(file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'a'", "'dtype'");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'a'", "'shape'");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'a'", "'data_offsets'");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4),
                "'data_offsets' must have 2 elements");
        assertRejected(file("{\"a\":[1]}", 0), "tensor 'a'", "not a JSON object");
    }

    @Test
    void metadataValuesMustBeStrings() {
        assertRejected(file("{\"__metadata__\":{\"epoch\":3}}", 0), "__metadata__", "'epoch'", "not a string");
        assertRejected(file("{\"__metadata__\":[\"x\"]}", 0), "__metadata__", "not a JSON object");
    }

    @Test
    void fileErrorsNameThePath(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, file("{" + f32("a", 3, 0, 8) + "}", 8));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("tensor 'a'"), e.getMessage());
        Files.write(p, new byte[3]);
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(p));
        // A file whose header claims more than exists is caught before any large allocation.
        Files.write(p, file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2000000000],\"data_offsets\":[0,2000000000]}}", 0));
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(p));
    }

    // ---- small headers that would exhaust the heap, and messages fit for users --------------------------------------

    @Test
    void aHeaderOverTheSizeLimitIsRefusedBeforeItIsRead() {
        assertRejected(file(SafetensorsFile.MAX_HEADER_SIZE + 1, new byte[0], 0),
                Long.toString(SafetensorsFile.MAX_HEADER_SIZE + 1), "exceeds the limit of " + SafetensorsFile.MAX_HEADER_SIZE);
    }

    @Test
    void aShapeWithMoreDimensionsThanTheLimitIsRefusedWhileParsing() {
        // 5.2 million dimensions in 10 MB of header once ran out of memory; the parser now stops at the limit.
        String shape = "1,".repeat(SafetensorsFile.MAX_RANK) + "1";
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + shape + "],\"data_offsets\":[0,4]}}", 4),
                "more than " + SafetensorsFile.MAX_RANK + " elements (the limit)", "SafetensorsFile.MAX_RANK");
        String atLimit = "1,".repeat(SafetensorsFile.MAX_RANK - 1) + "1";
        SafetensorsFile ok = assertDoesNotThrow(() -> SafetensorsFile.read(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + atLimit + "],\"data_offsets\":[0,4]}}", 4)));
        assertEquals(SafetensorsFile.MAX_RANK, ok.entries().getFirst().shape().length);
    }

    @Test
    void moreTensorsThanTheLimitAreRefusedWhileParsing() {
        StringBuilder h = new StringBuilder("{");
        for (int i = 0; i <= SafetensorsFile.MAX_TENSORS; i++) {
            h.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        assertRejected(file(h.append('}').toString(), 0), "131073 tensors, more than the limit of 131072",
                "SafetensorsFile.MAX_TENSORS");
    }

    @Test
    void aStringLongerThanTheLimitIsRefusedWhileParsing() {
        String value = "x".repeat(SafetensorsFile.MAX_STRING_LENGTH + 1);
        assertRejected(file("{\"__metadata__\":{\"k\":\"" + value + "\"}}", 0),
                "a string longer than " + SafetensorsFile.MAX_STRING_LENGTH + " characters", "MAX_STRING_LENGTH");
    }

    @Test
    void messagesShowJsonValuesAndEscapeControlCharacters() {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)));
        assertEquals("tensor 'a': 'shape' element 0 (-1) is not a non-negative 64-bit integer", e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,0]}}", 0)));
        assertTrue(e.getMessage().contains("(the string \"2\")"), e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(
                file("{\"a\\u0000b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)));
        assertEquals("tensor 'a\\u0000b': F32 shape [2] needs 8 bytes but data_offsets [0, 4] span 4", e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), "no raw control characters");
        e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(
                file("{\"" + "n".repeat(5000) + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)));
        assertTrue(e.getMessage().length() < 300 && e.getMessage().contains("(5000 characters)"), e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(
                file("{\"__metadata__\":{\"k\\n\":5}}", 0)));
        assertEquals("__metadata__ value for key 'k\\n' is 5, not a string", e.getMessage());
    }

    @Test
    void aDirectoryIsNamedInTheError(@TempDir Path dir) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.read(dir));
        assertEquals(dir + ": is a directory, not a safetensors file", e.getMessage());
    }

    @Test
    void anEmptyTensorWithADimensionBeyondIntIsNamedWhenConverted() throws SafetensorsException {
        SafetensorsFile f = SafetensorsFile.read(
                file("{\"big\":{\"dtype\":\"F32\",\"shape\":[0,1099511627776],\"data_offsets\":[0,0]}}", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.entries().getFirst().intShape());
        assertEquals("tensor 'big': dimension 1 of shape [0, 1099511627776] exceeds 2147483647, the largest a jgrad tensor"
                + " indexes", e.getMessage());
    }

    @Test
    void writingAFileReadersWouldRefuseFailsFirst(@TempDir Path dir) {
        SafetensorsEntry deep = new SafetensorsEntry("deep", SafetensorsDtype.F32, new long[SafetensorsFile.MAX_RANK + 1], new byte[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SafetensorsFile.write(dir.resolve("m.safetensors"), List.of(deep), null));
        assertTrue(e.getMessage().contains("tensor 'deep': 1025 dimensions exceed the limit of 1024"), e.getMessage());
        String longValue = "v".repeat(SafetensorsFile.MAX_STRING_LENGTH + 1);
        e = assertThrows(IllegalStateException.class, () -> new SafetensorsFile(List.of(), Map.of("k", longValue)).toBytes());
        assertTrue(e.getMessage().contains("metadata value for key 'k'") && e.getMessage().contains("MAX_STRING_LENGTH"),
                e.getMessage());
        assertEquals(List.of(), list(dir), "nothing written");
    }

    private static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
