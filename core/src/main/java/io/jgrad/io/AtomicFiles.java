package io.jgrad.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe file replacement for model files and checkpoints: the content is written to a temporary file in
 * the target's directory, forced to disk, then renamed over the target in one atomic step. An interrupted save
 * (exception, kill, power loss) leaves either the old file or the new one, never a torn mix.
 *
 * <p>The temporary file is {@code .<target name>.<pid>.<random>.tmp}. A killed process cannot remove its own, so
 * each save first removes the stale temporary files of the same target: those of processes that are no longer
 * running, and those of this process that no save is writing. Another target's files and a save in progress (in
 * this process or a running one) are left alone.
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom TEMP_NAMES = new java.security.SecureRandom();
    /** {@code <pid>.<random>.tmp}, what follows {@code .<target name>.} in a temporary file's name. */
    private static final Pattern TEMP_SUFFIX = Pattern.compile("(\\d{1,19})\\.[0-9a-z]{1,13}\\.tmp");
    /** The temporary files this process is writing now. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** Writes content to an open channel; the channel is positioned at 0 and closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * @param channel the temporary file's channel
         * @throws IOException to abort the save; the target is then left untouched
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Atomically replaces {@code target} with {@code bytes}.
     *
     * @throws IOException if writing fails; the previous content of {@code target} is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * Atomically replaces {@code target} with what {@code writer} writes.
     *
     * @throws IOException if the writer or the file system fails; the previous content of {@code target} is
     *                     then unchanged and the temporary file is removed
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // Same directory as the target: a rename across file systems could not be atomic. Created with CREATE_NEW
        // rather than createTempFile so the file gets the usual permissions (umask), not createTempFile's 0600.
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toUnsignedString(TEMP_NAMES.nextLong(), 36) + ".tmp");
        IN_PROGRESS.add(tmp);
        removeStaleTemporaries(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                writer.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Rare file systems (some network mounts) lack atomic rename; a plain replace still never
                // exposes a partially written file under the target name.
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                IN_PROGRESS.remove(tmp);
            }
        }
    }

    /**
     * Deletes the temporary files of {@code targetName} in {@code dir} left by interrupted saves (see the class
     * comment); best effort: a file that cannot be listed or deleted is left for the next save.
     */
    private static void removeStaleTemporaries(Path dir, String targetName) {
        String prefix = "." + targetName + ".";
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix) && TEMP_SUFFIX.matcher(name.substring(prefix.length())).matches();
        })) {
            for (Path f : files) {
                Matcher m = TEMP_SUFFIX.matcher(f.getFileName().toString().substring(prefix.length()));
                if (!m.matches()) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean live = pid == self ? IN_PROGRESS.contains(f)
                        : ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!live) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // Left for a later save.
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // The directory could not be listed: the save itself reports any real problem.
        }
    }

    /** Writes all remaining bytes of {@code buffer}, looping over short writes. */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes the rename itself durable on POSIX systems; not possible (and not needed) everywhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the data itself is already forced.
        }
    }
}
