package io.jgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The download path against a loopback HTTP server (no outside network is used). */
class FashionMnistDownloadTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * A minimal HTTP/1.1 server on 127.0.0.1 answering {@code GET /name} with {@code body(name)} (404 when null), one
     * connection at a time, until closed. Plain sockets keep the test free of extra JDK modules.
     */
    private static final class LoopbackServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        LoopbackServer(Function<String, byte[]> body) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        String request = in.readLine(); // GET /name HTTP/1.1
                        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) { } // headers
                        byte[] bytes = request == null ? null : body.apply(request.split(" ")[1].substring(1));
                        OutputStream out = s.getOutputStream();
                        String status = bytes == null ? "404 Not Found" : "200 OK";
                        int length = bytes == null ? 0 : bytes.length;
                        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        if (bytes != null) out.write(bytes);
                        out.flush();
                    } catch (IOException e) {
                        // closed while waiting, or the client went away: serve the next one or stop
                    }
                }
            });
        }

        String base() { return "http://127.0.0.1:" + socket.getLocalPort() + "/"; }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2_000);
        }
    }

    @Test
    void withoutNetworkTheMessageSaysWhereToPutTheFiles(@TempDir Path dir) {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var e = assertThrows(IOException.class, () -> Datasets.download(dir, "http://127.0.0.1:1/"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("/usr/share/datasets/fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("JGRAD_DATA"), e.getMessage());
    }

    @Test
    void verifiedFilesAreDownloadedAndLoad(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DEBIAN), "needs the Debian copy of Fashion-MNIST to serve");
        try (LoopbackServer server = new LoopbackServer(name -> {
            try {
                return Files.readAllBytes(DEBIAN.resolve(name));
            } catch (IOException e) {
                return null;
            }
        })) {
            Path got = Datasets.download(dir.resolve("fm"), server.base());
            for (String[] f : Datasets.FASHION_MNIST_FILES) assertEquals(f[1], Datasets.contentSha256(got.resolve(f[0])));
            assertEquals(10_000, Datasets.loadMnistLike(got).test().size());
        }
    }

    @Test
    void aFileWithTheWrongContentIsRejectedAndRemoved(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("not an IDX file".getBytes());
        }
        try (LoopbackServer server = new LoopbackServer(name -> gz.toByteArray())) {
            var e = assertThrows(IOException.class, () -> Datasets.download(dir, server.base()));
            assertTrue(e.getCause().getMessage().contains("SHA-256"), e.getCause().getMessage());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "nothing kept from a failed download");
            }
        }
    }
}
