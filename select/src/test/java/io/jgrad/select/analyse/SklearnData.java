package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The data sets Debian's python3-sklearn ships as CSV; tests that read them skip when the package is absent. */
final class SklearnData {
    static final Path DIR = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data");

    private SklearnData() {
    }

    /** The file {@code name}, skipping the test when it is not installed. */
    static Path file(String name) {
        Path p = DIR.resolve(name);
        assumeTrue(Files.isRegularFile(p), p + " is absent: install the Debian package python3-sklearn");
        return p;
    }
}
