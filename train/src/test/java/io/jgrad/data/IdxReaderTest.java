package io.jgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: the 4 magic bytes, big-endian dims, then {@code data}. */
    private static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + 11); // covers values above 127
        }
        return b;
    }

    @Test
    void readsRawAndGzipImagesIdentically() throws IOException {
        byte[] data = pixels(2 * 3 * 4);
        byte[] raw = idx(0x08, new int[] {2, 3, 4}, data);
        // The gzip copy has a misleading name: detection must use the magic bytes.
        for (Path p : new Path[] {write("images.gz", raw), write("images.idx", gzip(raw))}) {
            IdxArray a = IdxReader.readImages(p);
            assertArrayEquals(new int[] {2, 3, 4}, a.dims(), p.toString());
            assertArrayEquals(data, a.data());
            assertEquals(2, a.count());
        }
        IdxArray a = IdxReader.readImages(write("i", raw));
        assertEquals(data[5] & 0xFF, a.unsigned(5));
        assertEquals((data[7] & 0xFF) * (1 / 255f), a.toFloats(1 / 255f)[7]);
    }

    @Test
    void readsLabels() throws IOException {
        byte[] labels = {3, 0, 9, 1, (byte) 200};
        IdxArray a = IdxReader.readLabels(write("l", gzip(idx(0x08, new int[] {5}, labels))));
        assertArrayEquals(new int[] {3, 0, 9, 1, 200}, a.toInts());
    }

    private void assertRejected(byte[] bytes, String... fragments) throws IOException {
        Path p = write("bad.idx", bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void rejectsWrongMagicAndTypes() throws IOException {
        assertRejected(new byte[] {0x50, 0x4B, 3, 4, 0, 0, 0, 0}, "not an IDX file", "0x504B0304");
        assertRejected(idx(0x0D, new int[] {1}, new byte[4]), "0x0D", "float", "only unsigned byte");
        assertRejected(idx(0x08, new int[0], new byte[0]), "0 dimensions");
        assertRejected(new byte[] {0, 0}, "too short");
        Path labels = write("labels", idx(0x08, new int[] {2, 2}, new byte[4]));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(labels));
        assertTrue(e.getMessage().contains("magic 0x00000802") && e.getMessage().contains("expected 0x00000801"), e.getMessage());
        Path images = write("images", idx(0x08, new int[] {4}, new byte[4]));
        assertThrows(DataFileException.class, () -> IdxReader.readImages(images));
    }

    @Test
    void rejectsBadDimensions() throws IOException {
        assertRejected(idx(0x08, new int[] {0, 28, 28}, new byte[0]), "dimension 0 is 0", "positive");
        assertRejected(idx(0x08, new int[] {1, -1, 1}, new byte[0]), "dimension 1 is 4294967295");
        assertRejected(idx(0x08, new int[] {65536, 65536, 1}, new byte[0]), "more than");
        // Header ends inside the dims.
        assertRejected(Arrays.copyOf(idx(0x08, new int[] {5, 5, 5}, new byte[0]), 10), "too short");
    }

    @Test
    void truncatedAndOverlongDataNameExpectedAndActualBytes() throws IOException {
        byte[] raw = idx(0x08, new int[] {3, 4, 4}, pixels(48));
        assertRejected(Arrays.copyOf(raw, raw.length - 5), "need 48 data bytes", "has 43", "truncated");
        assertRejected(Arrays.copyOf(raw, raw.length + 2), "need 48 data bytes", "has 50", "trailing");
        assertRejected(gzip(Arrays.copyOf(raw, raw.length - 5)), "need 48 data bytes", "has 43", "truncated");
        assertRejected(gzip(Arrays.copyOf(raw, raw.length + 2)), "trailing bytes");
        // A truncated gzip stream (cut inside the compressed data) is reported, not thrown as a raw EOF.
        byte[] gz = gzip(idx(0x08, new int[] {100, 10, 10}, pixels(10_000)));
        assertRejected(Arrays.copyOf(gz, gz.length / 2), "(gzip)");
    }

    @Test
    void lyingGzipHeaderDoesNotAllocateTheClaimedSize() throws IOException {
        // Claims 2^31 - 9 elements but holds 10 bytes; must fail on length, not on memory.
        assertRejected(gzip(idx(0x08, new int[] {Integer.MAX_VALUE - 8}, new byte[10])), "has 10", "truncated");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {4}, new byte[4]));
        byte[] badMethod = gz.clone();
        badMethod[2] = 7; // only method 8 (deflate) exists
        assertRejected(badMethod, "corrupt gzip");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 0x5A; // the CRC-32 in the trailer no longer matches
        assertRejected(badCrc, "corrupt gzip");
    }

    @Test
    void bytesAfterTheGzipDataAreAnError() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {4}, new byte[4]));
        for (byte[] garbage : new byte[][] {{'x', 'y', 'z'}, new byte[100], {0x1f}}) {
            byte[] bad = Arrays.copyOf(gz, gz.length + garbage.length);
            System.arraycopy(garbage, 0, bad, gz.length, garbage.length);
            assertRejected(bad, "(gzip)", "trailing bytes after the gzip data, at byte " + gz.length);
        }
        // Several gzip members back to back are one stream (as gzip(1) writes for concatenated files).
        byte[] raw = idx(0x08, new int[] {6}, pixels(6));
        byte[] first = gzip(Arrays.copyOf(raw, 7)), second = gzip(Arrays.copyOfRange(raw, 7, raw.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertArrayEquals(pixels(6), IdxReader.read(write("two-members.gz", both)).data());
    }

    @Test
    void readingADirectoryNamesIt() {
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(dir));
        assertEquals(dir + ": is a directory, not an IDX file", e.getMessage());
    }

    @Test
    void aTruncatedGzipNamesTheFileAndTheOffset() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {100, 10, 10}, pixels(10_000)));
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(cut));
        assertEquals(cut + " (gzip): gzip data ends at byte " + gz.length / 2 + ", inside the compressed member that starts"
                + " at byte 0 (the file is truncated)", e.getMessage());
        Path inTrailer = write("trailer.gz", Arrays.copyOf(gz, gz.length - 3));
        e = assertThrows(DataFileException.class, () -> IdxReader.read(inTrailer));
        assertTrue(e.getMessage().contains("ends at byte " + (gz.length - 3) + ", inside the gzip trailer"), e.getMessage());
        Path inHeader = write("header.gz", Arrays.copyOf(gz, 5));
        e = assertThrows(DataFileException.class, () -> IdxReader.read(inHeader));
        assertTrue(e.getMessage().contains("ends at byte 5, inside the header"), e.getMessage());
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void readsDebianFashionMnist() throws IOException {
        Path root = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(root), "Fashion-MNIST not installed at " + root);
        IdxArray train = IdxReader.readImages(root.resolve("train-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {60000, 28, 28}, train.dims());
        IdxArray labels = IdxReader.readLabels(root.resolve("t10k-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[] {10000}, labels.dims());
        int[] counts = new int[10];
        for (int v : labels.toInts()) {
            assertTrue(v >= 0 && v <= 9, "label " + v);
            counts[v]++;
        }
        for (int c : counts) {
            assertEquals(1000, c, "Fashion-MNIST's test set is balanced: " + Arrays.toString(counts));
        }
    }
}
