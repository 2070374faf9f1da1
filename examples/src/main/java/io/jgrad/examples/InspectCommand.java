package io.jgrad.examples;

import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.select.Selection;
import io.jgrad.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jgrad inspect FILE}: the tensors of any safetensors file (name, dtype, shape), their element count and the
 * metadata; for a jgrad model file with an architecture also the rebuilt model's parameter count, and for a model of
 * {@code jgrad select} what was selected and what it takes.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the tensors (name, dtype, shape), the element count and the metadata of a safetensors "
                + "file.")
final class InspectCommand implements Callable<Integer> {
    /** Metadata values longer than this are cut (a checkpoint's history can be long). */
    private static final int MAX_VALUE = 400;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "A safetensors file (a model, a checkpoint, any other).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Path inFolder = file.resolve(SavedModels.MODEL_FILE);
        if (Files.isDirectory(file) && Files.isRegularFile(inFolder)) file = inFolder;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.isDirectory(file) ? "a folder without "
                    + SavedModels.MODEL_FILE
                    : "no such file") + " (give a .safetensors file)");
        }
        SafetensorsFile f = SafetensorsFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        int nameWidth = Math.max(6, f.entries().stream().mapToInt(e -> e.name().length()).max().orElse(0));
        long elements = 0, bytes = 0;
        out.printf(Locale.ROOT, "%-" + nameWidth + "s  %-5s  %s%n", "tensor", "dtype", "shape");
        for (SafetensorsEntry e : f.entries()) {
            out.printf(Locale.ROOT, "%-" + nameWidth + "s  %-5s  %s%n", shown(e.name()), e.dtype(),
                    Arrays.toString(e.shape()));
            elements += e.numel();
            bytes += e.data().length;
        }
        out.printf(Locale.ROOT, "%d tensors, %,d elements, %,d bytes of data%n", f.entries().size(), elements, bytes);
        Map<String, String> meta = f.metadata();
        if (meta.containsKey(ModelFiles.ARCHITECTURE_KEY)) {
            out.printf(Locale.ROOT, "model: %,d trainable parameters%n",
                    ModelFiles.loadModel(file).model().parameterCount());
        }
        if (meta.containsKey(Selection.FAMILY_KEY)) out.println(SelectedModels.summary(meta));
        if (meta.isEmpty()) {
            out.println("metadata: none");
        } else {
            out.println("metadata:");
            meta.forEach((k, v) -> out.printf("  %s: %s%n", shown(k), shown(v)));
        }
        out.flush();
        return 0;
    }

    /** {@code value} on one line, control characters escaped ({@code \u0000}), cut after {@link #MAX_VALUE}. */
    static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < value.length() && sb.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else sb.append(c);
        }
        return i == value.length() ? sb.toString() : sb + "... (" + value.length() + " characters)";
    }
}
