package io.jgrad.examples;

import io.jgrad.data.Datasets;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

/**
 * The folders {@code jgrad train} reads and writes, checked before anything is trained: a {@code --data} folder
 * that does not hold the data set and an output folder that cannot be written fail at once, with the path and the
 * operating system's reason, instead of a silent fallback or an error after the first epoch.
 */
final class RunFolders {
    /** The files whose presence marks a folder as holding a run. */
    static final List<String> RUN_FILES = List.of(SavedModels.MODEL_FILE, "history.csv", "history.json");

    private RunFolders() {}

    /** {@code --data}: a folder that holds Fashion-MNIST (directly or in {@code fashion-mnist/}), else an error. */
    static void checkDataFolder(Path data) {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + ": " + (Files.exists(data) ? "not a folder"
                    : "no such folder"));
        }
        Path found = Datasets.findFashionMnist(data);
        if (found == null || !(found.equals(data) || found.equals(data.resolve("fashion-mnist")))) {
            throw new IllegalArgumentException("--data " + data + ": holds no Fashion-MNIST files ("
                    + String.join(", ", Datasets.fashionMnistFileNames()) + "), there or in "
                    + data.resolve("fashion-mnist"));
        }
    }

    /**
     * Creates {@code out} and checks that a file can be written in it; refuses a folder that holds a run (one of
     * {@link #RUN_FILES}) unless {@code force}.
     */
    static void prepareOutput(Path out, boolean force) {
        if (!force) {
            for (String f : RUN_FILES) {
                if (Files.exists(out.resolve(f))) {
                    throw new IllegalArgumentException(out + " holds a run already (" + f + "): add --force to "
                            + "overwrite it, or choose another folder with --out");
                }
            }
        }
        try {
            Files.createDirectories(out);
            Files.delete(Files.createTempFile(out, ".jgrad-write-check", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to --out " + out + ": " + reason(e), e);
        }
    }

    /** The operating system's reason for a file error, in words. */
    static String reason(IOException e) {
        String path = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String where = path == null ? "" : " (" + path + ")";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason() + where;
        if (e instanceof AccessDeniedException) return "permission denied" + where;
        if (e instanceof FileAlreadyExistsException) return "a file that is not a folder is in the way" + where;
        if (e instanceof NoSuchFileException) return "no such file or folder" + where;
        if (e instanceof NotDirectoryException) return "not a folder" + where;
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
