package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesAndReplaces(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub/ckpt.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, new byte[] {9});
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        assertEquals(List.of(target), list(target.getParent()));
    }

    @Test
    void failedSaveKeepsThePreviousFileAndCleansUp(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("ckpt.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[] {7, 7}));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void savedFileGetsTheSamePermissionsAsAnOrdinaryNewFile(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions are not available on this file system");
        Path ordinary = Files.write(dir.resolve("ordinary.bin"), new byte[] {1});
        Path saved = dir.resolve("model.safetensors");
        AtomicFiles.write(saved, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(saved));
    }
}
