package io.jgrad.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folders searched for the CUDA libraries, in order: the {@code jgrad.cuda.libs} system property (a path list),
 * {@code LD_LIBRARY_PATH}, the CUDA toolkit under {@code /usr/local/cuda}, the folders named in
 * {@code /etc/ld.so.conf.d}, then the system library folders where a driver installs {@code libcuda.so.1}.
 */
record LibrarySearchPath(List<Path> folders) {
    /** The system property naming extra library folders, searched first. */
    static final String PROPERTY = "jgrad.cuda.libs";

    static final List<String> CUDA_HOME_FOLDERS = List.of(
            "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib");
    static final List<String> SYSTEM_FOLDERS = List.of(
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/usr/lib/wsl/lib");

    LibrarySearchPath {
        folders = List.copyOf(folders);
    }

    /** The search path of this process: {@code jgrad.cuda.libs}, {@code LD_LIBRARY_PATH} and the fixed folders. */
    static LibrarySearchPath fromEnvironment() {
        return of(System.getProperty(PROPERTY), System.getenv("LD_LIBRARY_PATH"), Path.of("/etc/ld.so.conf.d"));
    }

    /**
     * A search path from a {@code jgrad.cuda.libs} value and an {@code LD_LIBRARY_PATH} value (either may be null),
     * followed by the CUDA toolkit folders, the folders listed in {@code ldConfDir}'s {@code *.conf} files and the
     * system folders. Relative and empty entries are ignored; each folder appears once.
     */
    static LibrarySearchPath of(String jgradCudaLibs, String ldLibraryPath, Path ldConfDir) {
        LinkedHashSet<Path> folders = new LinkedHashSet<>();
        addPathList(folders, jgradCudaLibs);
        addPathList(folders, ldLibraryPath);
        CUDA_HOME_FOLDERS.forEach(f -> folders.add(Path.of(f)));
        folders.addAll(ldConfFolders(ldConfDir));
        SYSTEM_FOLDERS.forEach(f -> folders.add(Path.of(f)));
        return new LibrarySearchPath(new ArrayList<>(folders));
    }

    /** The first regular file (or link to one) named {@code file} in these folders. */
    Optional<Path> find(String file) {
        for (Path folder : folders) {
            Path candidate = folder.resolve(file);
            if (Files.isRegularFile(candidate)) return Optional.of(candidate.toAbsolutePath());
        }
        return Optional.empty();
    }

    /** The folders as a path list, for messages. */
    String describe() {
        return String.join(File.pathSeparator, folders.stream().map(Path::toString).toList());
    }

    private static void addPathList(LinkedHashSet<Path> folders, String list) {
        if (list == null) return;
        for (String entry : list.split(File.pathSeparator)) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty() && trimmed.startsWith("/")) folders.add(Path.of(trimmed).normalize());
        }
    }

    /** Absolute folders listed one per line in {@code dir/*.conf} (comments and {@code include} lines skipped). */
    private static List<Path> ldConfFolders(Path dir) {
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return found;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path conf : files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readAllLines(conf)) {
                    String trimmed = line.strip();
                    if (trimmed.startsWith("/")) found.add(Path.of(trimmed).normalize());
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable ld.so.conf.d only narrows the search; the other folders still count.
        }
        return found;
    }
}
