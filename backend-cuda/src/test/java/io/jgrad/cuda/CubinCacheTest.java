package io.jgrad.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CubinCacheTest {
    private static final KernelSource SOURCE = new KernelSource("ops.cu", "#include \"h.cuh\"\nkernel", Map.of("h.cuh", "header"));
    private static final List<String> OPTIONS = List.of("--gpu-architecture=sm_90", "--std=c++17");

    @TempDir
    Path temp;

    @Test
    void theKeyChangesWithEveryInput() {
        Set<String> keys = new HashSet<>();
        keys.add(CubinCache.key(SOURCE, OPTIONS, "13.0", "sm_90"));
        keys.add(CubinCache.key(new KernelSource("ops.cu", "kernel2", SOURCE.headers()), OPTIONS, "13.0", "sm_90"));
        keys.add(CubinCache.key(new KernelSource("ops.cu", SOURCE.code(), Map.of("h.cuh", "header2")), OPTIONS, "13.0", "sm_90"));
        keys.add(CubinCache.key(new KernelSource("ops2.cu", SOURCE.code(), SOURCE.headers()), OPTIONS, "13.0", "sm_90"));
        keys.add(CubinCache.key(SOURCE, List.of("--gpu-architecture=sm_90"), "13.0", "sm_90"));
        keys.add(CubinCache.key(SOURCE, OPTIONS, "13.1", "sm_90"));
        keys.add(CubinCache.key(SOURCE, OPTIONS, "13.0", "sm_80"));
        // Concatenation cannot collide: "ab" + "c" differs from "a" + "bc".
        keys.add(CubinCache.key(new KernelSource("ops.cu", "ab", Map.of()), List.of("c"), "13.0", "sm_90"));
        keys.add(CubinCache.key(new KernelSource("ops.cu", "a", Map.of()), List.of("bc"), "13.0", "sm_90"));
        assertEquals(9, keys.size());
        assertEquals(CubinCache.key(SOURCE, OPTIONS, "13.0", "sm_90"), CubinCache.key(SOURCE, List.copyOf(OPTIONS), "13.0", "sm_90"));
        assertTrue(keys.stream().allMatch(k -> k.matches("[0-9a-f]{64}")));
    }

    @Test
    void compilesOnceThenReadsTheFile() {
        CubinCache cache = new CubinCache(temp.resolve("cache"));
        AtomicInteger compilations = new AtomicInteger();
        byte[] image = {0x7f, 'E', 'L', 'F', 1, 2, 3};
        byte[] first = cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_90", () -> {
            compilations.incrementAndGet();
            return image;
        });
        byte[] second = cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_90", () -> {
            throw new AssertionError("compiled again");
        });
        assertArrayEquals(image, first);
        assertArrayEquals(image, second);
        assertEquals(1, compilations.get());
        Path file = cache.file(SOURCE, "sm_90", CubinCache.key(SOURCE, OPTIONS, "13.0", "sm_90"));
        assertTrue(file.getFileName().toString().matches("ops-sm_90-[0-9a-f]{64}\\.cubin"), file.toString());
        assertTrue(Files.isRegularFile(file));
        // Another architecture is another file.
        cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_80", () -> {
            compilations.incrementAndGet();
            return new byte[] {9};
        });
        assertEquals(2, compilations.get());
    }

    @Test
    void leavesNoTemporaryFilesAndEvictDeletes() throws IOException {
        CubinCache cache = new CubinCache(temp.resolve("c"));
        cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_90", () -> new byte[] {1});
        try (var files = Files.list(temp.resolve("c"))) {
            assertEquals(1, files.count(), "only the .cubin remains");
        }
        cache.evict(SOURCE, OPTIONS, "13.0", "sm_90");
        AtomicInteger compilations = new AtomicInteger();
        cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_90", () -> {
            compilations.incrementAndGet();
            return new byte[] {2};
        });
        assertEquals(1, compilations.get(), "an evicted image is compiled again");
    }

    @Test
    void anUnwritableFolderStillReturnsTheCompiledImage() throws IOException {
        Path notAFolder = Files.writeString(temp.resolve("file"), "x");
        CubinCache cache = new CubinCache(notAFolder.resolve("cache"));
        assertArrayEquals(new byte[] {5}, cache.getOrCompile(SOURCE, OPTIONS, "13.0", "sm_90", () -> new byte[] {5}));
        assertFalse(Files.exists(notAFolder.resolve("cache")));
    }

    @Test
    void theFolderComesFromThePropertyOrTheHome() {
        String before = System.getProperty(CubinCache.PROPERTY);
        try {
            System.setProperty(CubinCache.PROPERTY, temp.toString());
            assertEquals(temp, CubinCache.defaultFolder());
            System.clearProperty(CubinCache.PROPERTY);
            assertEquals(Path.of(System.getProperty("user.home"), ".jgrad", "cuda-cache"), CubinCache.defaultFolder());
        } finally {
            if (before == null) System.clearProperty(CubinCache.PROPERTY);
            else System.setProperty(CubinCache.PROPERTY, before);
        }
    }
}
