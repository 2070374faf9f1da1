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

    @Test
    void aSaveRemovesTheStaleTemporaryFilesOfItsTargetOnly(@TempDir Path dir) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long dead = finished.pid(), self = ProcessHandle.current().pid();
        long running = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path target = dir.resolve("model.safetensors");
        Path staleDead = Files.write(dir.resolve(".model.safetensors." + dead + ".k3j9.tmp"), new byte[100]);
        Path staleSelf = Files.write(dir.resolve(".model.safetensors." + self + ".a1.tmp"), new byte[100]);
        Path otherRunning = Files.write(dir.resolve(".model.safetensors." + running + ".zz.tmp"), new byte[1]);
        Path otherTarget = Files.write(dir.resolve(".model.safetensors.bak." + dead + ".k3j9.tmp"), new byte[1]);
        Path otherTarget2 = Files.write(dir.resolve(".model." + dead + ".k3j9.tmp"), new byte[1]);
        Path notATemporary = Files.write(dir.resolve(".model.safetensors.notes.tmp"), new byte[1]);
        AtomicFiles.write(target, new byte[] {5});
        assertArrayEquals(new byte[] {5}, Files.readAllBytes(target));
        assertEquals(false, Files.exists(staleDead), "a dead process's temporary file is removed");
        assertEquals(false, Files.exists(staleSelf), "this process's temporary file that no save writes is removed");
        for (Path kept : List.of(otherRunning, otherTarget, otherTarget2, notATemporary)) {
            assertEquals(true, Files.exists(kept), kept + " is kept");
        }
    }

    @Test
    void aSaveInProgressKeepsItsTemporaryFileWhileAnotherSaveOfTheSameTargetCleans(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("ckpt.bin");
        AtomicFiles.write(target, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[] {1, 2}));
            AtomicFiles.write(target, new byte[] {9}); // runs the clean-up while the outer save's file is open
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[] {3}));
        });
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
    }
}
