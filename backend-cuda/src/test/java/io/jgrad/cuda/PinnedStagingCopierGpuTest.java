package io.jgrad.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Host/device copies through the pinned buffers, with a 4 KiB chunk so every copy below crosses several chunks. */
@GpuTest
class PinnedStagingCopierGpuTest {
    private static final int CHUNK = 4096;
    private static PinnedStagingCopier copier;

    @BeforeAll
    static void openCopier() {
        if (Cuda.isAvailable()) copier = new PinnedStagingCopier(DeviceArrays.device().context(), CHUNK);
    }

    @AfterAll
    static void closeCopier() {
        if (copier != null) copier.close();
    }

    @Test
    void floatsRoundTripAcrossChunkBoundaries() {
        Random random = new Random(1);
        for (int n : new int[] {0, 1, 1023, 1024, 1025, 10 * 1024 + 7}) {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) data[i] = random.nextFloat();
            DeviceBlock block = DeviceArrays.device().allocator().allocate(4L * n);
            copier.upload(data, 0, n, block.address());
            float[] back = new float[n];
            copier.download(block.address(), back, 0, n);
            assertArrayEquals(data, back, "n = " + n);
            DeviceArrays.free(block);
        }
    }

    /** Uploads in a row take the ring's buffers in turn and reuse each only after its copy (three times round). */
    @Test
    void consecutiveUploadsGoRoundTheRingWithoutOverwritingQueuedCopies() {
        int uploads = 3 * PinnedStagingCopier.SLOTS + 1;
        DeviceBlock[] blocks = new DeviceBlock[uploads];
        int[][] sent = new int[uploads][];
        for (int u = 0; u < uploads; u++) {
            sent[u] = new int[700 + u];
            for (int i = 0; i < sent[u].length; i++) sent[u][i] = u * 100_000 + i;
            blocks[u] = DeviceArrays.device().allocator().allocate(4L * sent[u].length);
            copier.upload(sent[u], 0, sent[u].length, blocks[u].address());
        }
        for (int u = 0; u < uploads; u++) {
            int[] back = new int[sent[u].length];
            copier.download(blocks[u].address(), back, 0, back.length);
            assertArrayEquals(sent[u], back, "upload " + u);
            DeviceArrays.free(blocks[u]);
        }
    }

    @Test
    void everyElementTypeRoundTripsThroughARangeOfTheArray() {
        int n = 3000;
        DeviceBlock block = DeviceArrays.device().allocator().allocate(8L * n);
        double[] doubles = new double[n + 10];
        int[] ints = new int[n + 10];
        long[] longs = new long[n + 10];
        byte[] bytes = new byte[n + 10];
        for (int i = 0; i < n + 10; i++) {
            doubles[i] = i * 0.5;
            ints[i] = -i;
            longs[i] = (long) i << 33;
            bytes[i] = (byte) i;
        }
        double[] doublesBack = new double[n];
        copier.upload(doubles, 5, n, block.address());
        copier.download(block.address(), doublesBack, 0, n);
        assertArrayEquals(java.util.Arrays.copyOfRange(doubles, 5, 5 + n), doublesBack);
        int[] intsBack = new int[n + 4];
        copier.upload(ints, 10, n, block.address());
        copier.download(block.address(), intsBack, 4, n);
        assertArrayEquals(java.util.Arrays.copyOfRange(ints, 10, 10 + n), java.util.Arrays.copyOfRange(intsBack, 4, 4 + n));
        long[] longsBack = new long[n];
        copier.upload(longs, 0, n, block.address());
        copier.download(block.address(), longsBack, 0, n);
        assertArrayEquals(java.util.Arrays.copyOf(longs, n), longsBack);
        byte[] bytesBack = new byte[n];
        copier.upload(bytes, 1, n, block.address());
        copier.download(block.address(), bytesBack, 0, n);
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1, 1 + n), bytesBack);
        DeviceArrays.free(block);
    }

    @Test
    void deviceToDeviceCopiesOnTheStream() {
        float[] data = new float[5000];
        for (int i = 0; i < data.length; i++) data[i] = i;
        DeviceBlock from = DeviceArrays.upload(data);
        DeviceBlock to = DeviceArrays.device().allocator().allocate(4L * data.length);
        DeviceArrays.device().copier().copyOnDevice(from.address(), to.address(), 4L * data.length);
        assertArrayEquals(data, DeviceArrays.downloadFloats(to, data.length));
        DeviceArrays.free(from, to);
    }

    @Test
    void rangesOutsideTheArrayAreRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> copier.upload(new float[4], 2, 3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> copier.download(0, new float[4], -1, 2));
    }
}
