package io.jgrad.cuda;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiled kernels on disk, one CUBIN per (source with its headers, compiler options, NVRTC version, architecture),
 * named by a SHA-256 of all of them, so any change compiles afresh and nothing stale is ever loaded. The folder is
 * {@code jgrad.cuda.cache}, else {@code ~/.jgrad/cuda-cache}. Files are written to a temporary name and renamed, so a
 * reader never sees half a file; a folder that cannot be written only costs a compilation per run.
 */
final class CubinCache {
    static final String PROPERTY = "jgrad.cuda.cache";
    private static final System.Logger LOG = System.getLogger(CubinCache.class.getName());

    private final Path folder;

    CubinCache(Path folder) {
        this.folder = folder;
    }

    /** The folder named by {@code jgrad.cuda.cache}, else {@code ~/.jgrad/cuda-cache}. */
    static Path defaultFolder() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".jgrad", "cuda-cache");
    }

    Path folder() { return folder; }

    /** The hex SHA-256 identifying a compilation. */
    static String key(KernelSource source, List<String> options, String compilerVersion, String arch) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Every part is length-prefixed, so no two different inputs hash the same bytes.
            update(digest, "jgrad-cubin-1");
            update(digest, source.name());
            update(digest, source.code());
            for (Map.Entry<String, String> header : source.headers().entrySet()) {
                update(digest, header.getKey());
                update(digest, header.getValue());
            }
            update(digest, String.valueOf(options.size()));
            for (String option : options) update(digest, option);
            update(digest, compilerVersion);
            update(digest, arch);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The cache file for a key, e.g. {@code copy-sm_90-3f2a....cubin}. */
    Path file(KernelSource source, String arch, String key) {
        String stem = source.name().endsWith(".cu") ? source.name().substring(0, source.name().length() - 3) : source.name();
        return folder.resolve(stem + "-" + arch + "-" + key + ".cubin");
    }

    /** The cached CUBIN, or {@code compile}'s result, which is then stored. */
    byte[] getOrCompile(KernelSource source, List<String> options, String compilerVersion, String arch,
                        Supplier<byte[]> compile) {
        Path file = file(source, arch, key(source, options, compilerVersion, arch));
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) return Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read cached kernel " + file + ", compiling it: " + e);
        }
        byte[] cubin = compile.get();
        store(file, cubin);
        return cubin;
    }

    /** Deletes a cached CUBIN (one the driver refused to load). */
    void evict(KernelSource source, List<String> options, String compilerVersion, String arch) {
        try {
            Files.deleteIfExists(file(source, arch, key(source, options, compilerVersion, arch)));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete cached kernel: " + e);
        }
    }

    private void store(Path file, byte[] cubin) {
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try {
                Files.write(temp, cubin);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | SecurityException e) {
            LOG.log(Level.WARNING, "cannot cache compiled kernel in " + folder + " (it will be compiled again next run): " + e);
        }
    }

    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
