package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    private static final String[] NAMES = {"w", "layer.0.weight", "bias", "q\"uote", "back\\slash", "tab\there",
        "ctrl\u0001", "unicod\u00e9", "emoji\uD83D\uDE00", "\uE000private", "", "z"};

    /** Random entries of every dtype with random small shapes (including empty and scalar shapes). */
    private static List<SafetensorsEntry> randomEntries(Random rnd) {
        List<SafetensorsEntry> out = new ArrayList<>();
        SafetensorsDtype[] dtypes = SafetensorsDtype.values();
        for (String name : NAMES) {
            if (rnd.nextInt(4) == 0) {
                continue;
            }
            SafetensorsDtype dtype = dtypes[rnd.nextInt(dtypes.length)];
            long[] shape = new long[rnd.nextInt(4)];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = rnd.nextInt(4);
                numel *= shape[i];
            }
            byte[] data = new byte[(int) numel * dtype.size()];
            rnd.nextBytes(data);
            out.add(new SafetensorsEntry(name, dtype, shape, data));
        }
        return out;
    }

    @RepeatedTest(20)
    void roundTripsThroughAFile(RepetitionInfo rep, @TempDir Path dir) throws IOException {
        Random rnd = new Random(rep.getCurrentRepetition());
        List<SafetensorsEntry> entries = randomEntries(rnd);
        Map<String, String> meta = rnd.nextBoolean() ? Map.of() : Map.of("format", "pt", "k\n", "v\u00e9");
        Path path = dir.resolve("model.safetensors");
        SafetensorsFile.write(path, entries, meta);

        SafetensorsFile back = SafetensorsFile.read(path);
        assertEquals(meta, back.metadata());
        assertEquals(entries.size(), back.entries().size());
        for (SafetensorsEntry e : entries) {
            assertEquals(e, back.get(e.name()).orElseThrow());
        }
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(back.entries(), SafetensorsFile.read(bytes).entries());
        assertArrayEquals(bytes, back.toBytes());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList(), "no temporary file may remain");
        }
        assertAligned(bytes);
    }

    /** Every tensor starts at a file offset that is a multiple of its element size (the reason for padding). */
    @SuppressWarnings("unchecked")
    private static void assertAligned(byte[] file) throws java.io.IOException {
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length must be a multiple of 8");
        Map<String, Object> header = (Map<String, Object>) Json.parse(
                new String(file, 8, (int) n, StandardCharsets.UTF_8));
        for (Map.Entry<String, Object> h : header.entrySet()) {
            if (h.getKey().equals(SafetensorsFile.METADATA_KEY)) {
                continue;
            }
            Map<String, Object> info = (Map<String, Object>) h.getValue();
            int size = SafetensorsDtype.fromName((String) info.get("dtype")).orElseThrow().size();
            long begin = ((Json.JsonNumber) ((List<Object>) info.get("data_offsets")).get(0)).asNonNegativeLong();
            assertEquals(0, (8 + n + begin) % size, "misaligned tensor " + h.getKey());
        }
    }

    @Test
    void emptyFileMatchesReferenceBytes() {
        // The reference serializer's own test vectors for an empty dict, without and with metadata.
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '},
                new SafetensorsFile(List.of(), null).toBytes());
        byte[] withMeta = new SafetensorsFile(List.of(), Map.of("framework", "pt")).toBytes();
        assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new String(withMeta, 8, 40, StandardCharsets.UTF_8));
        assertEquals(40, withMeta[0]);
    }

    @Test
    void singleTensorMatchesReferenceBytes() {
        // Reference test vector: "attn.0", F32 [1, 2, 3] holding 0..5; a 64-byte header needs no padding.
        SafetensorsEntry e = SafetensorsEntry.ofFloats("attn.0", new long[] {1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        byte[] bytes = new SafetensorsFile(List.of(e), null).toBytes();
        assertEquals(64, bytes[0]);
        assertEquals("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}",
                new String(bytes, 8, 64, StandardCharsets.UTF_8));
        assertEquals(8 + 64 + 24, bytes.length);
    }

    @Test
    void overwritesAnExistingFile(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("m.safetensors");
        SafetensorsFile.write(path, List.of(SafetensorsEntry.ofInts("a", new long[] {2}, new int[] {1, 2})), null);
        SafetensorsFile.write(path, List.of(SafetensorsEntry.ofLongs("b", new long[] {1}, new long[] {-5})), null);
        SafetensorsFile back = SafetensorsFile.read(path);
        assertEquals(List.of("b"), back.entries().stream().map(SafetensorsEntry::name).toList());
        assertArrayEquals(new long[] {-5}, TensorBytes.toLongs(back.get("b").orElseThrow().data()));
    }

    @Test
    void rejectsInconsistentEntries() {
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsEntry("x", SafetensorsDtype.F32, new long[] {3}, new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsEntry("x", SafetensorsDtype.F32, new long[] {-1}, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsEntry(SafetensorsFile.METADATA_KEY, SafetensorsDtype.U8, new long[] {0}, new byte[0]));
        SafetensorsEntry a = SafetensorsEntry.ofBooleans("a", new long[] {1}, new boolean[] {true});
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsFile(List.of(a, a), null));
        assertEquals("duplicate tensor name 'a'", dup.getMessage());
        SafetensorsEntry lone = SafetensorsEntry.ofBooleans("x\uD800", new long[] {0}, new boolean[0]);
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsFile(List.of(lone), null));
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsFile(List.of(), Map.of("k", "\uDC00")));
    }
}
