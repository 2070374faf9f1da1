package io.jgrad.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A CUDA C source from the module's {@code io/jgrad/cuda/kernels/} resources, with the headers it includes from the
 * same folder ({@code #include "name.cuh"}), which NVRTC gets by name since it reads no files.
 *
 * @param name the file name, e.g. {@code copy.cu}
 * @param code the source text
 * @param headers included file name to its text, in include order
 */
record KernelSource(String name, String code, Map<String, String> headers) {
    /** The resource folder, relative to this class. */
    static final String FOLDER = "kernels/";
    private static final Pattern LOCAL_INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([^\"]+)\"");

    KernelSource {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Loads {@code name} and, transitively, the headers it includes. */
    static KernelSource load(String name) {
        String code = read(name);
        Map<String, String> headers = new LinkedHashMap<>();
        ArrayDeque<String> pending = new ArrayDeque<>(includes(code));
        while (!pending.isEmpty()) {
            String header = pending.poll();
            if (headers.containsKey(header)) continue;
            String text = read(header);
            headers.put(header, text);
            pending.addAll(includes(text));
        }
        return new KernelSource(name, code, headers);
    }

    /** The {@code "..."} includes of a source, in order. */
    static List<String> includes(String code) {
        Matcher m = LOCAL_INCLUDE.matcher(code);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** Every {@code .cu} file in the kernels folder, sorted (from a directory or from the jar). */
    static List<String> list() {
        URL folder = KernelSource.class.getResource(FOLDER);
        if (folder == null) throw new IllegalStateException("kernel folder io/jgrad/cuda/" + FOLDER + " is missing");
        try {
            URI uri = folder.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return listCu(jar.provider().getPath(uri));
            }
            return listCu(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the kernel sources in " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad kernel folder URL " + folder, e);
        }
    }

    private static List<String> listCu(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).sorted().toList();
        }
    }

    private static String read(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) throw new IllegalArgumentException("no kernel source io/jgrad/cuda/" + FOLDER + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + name, e);
        }
    }
}
