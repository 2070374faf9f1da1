package io.jgrad.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibrarySearchPathTest {
    @TempDir
    Path temp;

    @Test
    void propertyComesFirstThenLdLibraryPathThenCudaThenLdConfThenSystem() throws IOException {
        Path conf = Files.createDirectories(temp.resolve("ld.so.conf.d"));
        Files.writeString(conf.resolve("cuda.conf"), "# toolkit\n/opt/cuda-x/lib\ninclude other.conf\n\n");
        Files.writeString(conf.resolve("ignored.txt"), "/not/a/conf\n");
        LibrarySearchPath path = LibrarySearchPath.of("/a:/b/", "/c::relative:/a", conf);
        List<Path> folders = path.folders();
        assertEquals(List.of(Path.of("/a"), Path.of("/b"), Path.of("/c"), Path.of("/usr/local/cuda/lib64"),
                Path.of("/usr/local/cuda/targets/x86_64-linux/lib"), Path.of("/opt/cuda-x/lib")), folders.subList(0, 6));
        assertTrue(folders.contains(Path.of("/usr/lib/x86_64-linux-gnu")), folders.toString());
        assertEquals(folders.size(), folders.stream().distinct().count(), "each folder once");
        assertTrue(path.describe().startsWith("/a:/b:/c:/usr/local/cuda/lib64:"), path.describe());
    }

    @Test
    void findsTheFirstMatchInOrder() throws IOException {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        Files.writeString(second.resolve("libcublas.so.13"), "");
        Files.writeString(first.resolve("libnvrtc.so.13"), "");
        Files.writeString(second.resolve("libnvrtc.so.13"), "");
        Files.createDirectories(first.resolve("libcuda.so.1")); // a folder is not a library
        LibrarySearchPath path = LibrarySearchPath.of(first + ":" + second, null, temp.resolve("missing"));
        assertEquals(Optional.of(second.resolve("libcublas.so.13")), path.find("libcublas.so.13"));
        assertEquals(Optional.of(first.resolve("libnvrtc.so.13")), path.find("libnvrtc.so.13"));
        assertEquals(Optional.empty(), path.find("libcudart.so.99"));
    }

    @Test
    void followsSymbolicLinks() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("lib"));
        Path real = Files.writeString(folder.resolve("libcudart.so.13.0.96"), "");
        Files.createSymbolicLink(folder.resolve("libcudart.so.13"), real.getFileName());
        assertEquals(Optional.of(folder.resolve("libcudart.so.13")),
                LibrarySearchPath.of(folder.toString(), null, null).find("libcudart.so.13"));
    }
}
