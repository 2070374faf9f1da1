package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.nn.Module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a module's state dict to a safetensors file (written atomically), optionally with extra tensors (e.g. a
 * scaler's state under {@code scaler.}) and string metadata, and loads it back into a model of the same shape.
 * The module's tensors keep their own names ({@code 0.weight}), so PyTorch's safetensors loader reads the file too.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** What a file held besides the model's own tensors. */
    public record Contents(Map<String, Tensor> extras, Map<String, String> metadata) {}

    public static void save(Module model, Path file) throws IOException { save(model, file, Map.of(), Map.of()); }

    public static void save(Module model, Path file, Map<String, Tensor> extras, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> state = model.stateDict();
        List<SafetensorsEntry> entries = new ArrayList<>();
        state.forEach((name, t) -> entries.add(TensorEntries.toEntry(name, t)));
        extras.forEach((name, t) -> {
            if (state.containsKey(name)) throw new IllegalArgumentException("extra tensor '" + name + "' clashes with a model tensor of that name");
            entries.add(TensorEntries.toEntry(name, t));
        });
        SafetensorsFile.write(file, entries, metadata);
    }

    /**
     * Loads the model's tensors from {@code file} into {@code model} (strictly: every model tensor must be there with
     * its shape and kind of dtype, see {@link Module#loadStateDict}) and returns the other tensors and the metadata.
     * Layers sized lazily ({@code Dense.of(n)} not yet called) are built from the file's shapes first.
     *
     * @throws IllegalArgumentException if the file does not fit the model: missing tensors, other shapes or dtypes, a
     *                                  tensor under one of the model's layers that the layer does not have, or a model
     *                                  with nothing to load that the file's tensors could not build
     */
    public static Contents load(Module model, Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.read(file);
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) all.put(e.name(), TensorEntries.toTensor(e));
        Map<String, Tensor> modelKeys = model.buildFrom(all).stateDict();
        if (modelKeys.isEmpty() && !all.isEmpty()) {
            throw new IllegalArgumentException("ModelFiles.load " + file + ": the model has no parameters or"
                    + " buffers, and the file's tensors " + names(all.keySet()) + " do not build it (a lazily sized"
                    + " layer the file has no tensors for?): build it with model.build(inputShape) first, or load the"
                    + " model it was saved from");
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        Map<String, Tensor> extras = new LinkedHashMap<>();
        all.forEach((name, t) -> (modelKeys.containsKey(name) ? state : extras).put(name, t));
        List<String> strays = extras.keySet().stream().filter(name -> underAModule(model, name)).toList();
        if (!strays.isEmpty()) {
            throw new IllegalArgumentException("ModelFiles.load " + file + ": tensors " + names(strays)
                    + " are under the model's layers but the layers have no such tensors (a file saved from another"
                    + " model?); the model's tensors are " + names(modelKeys.keySet()));
        }
        model.loadStateDict(state, true);
        return new Contents(extras, f.metadata());
    }

    /** Whether {@code name} is under one of the model's submodules ({@code 0.weight} under layer {@code 0}). */
    private static boolean underAModule(Module model, String name) {
        Map<String, Module> modules = model.namedModules();
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            if (modules.containsKey(name.substring(0, dot))) return true;
        }
        return false;
    }

    /** Up to 10 names for a message. */
    private static String names(java.util.Collection<String> names) {
        List<String> shown = names.stream().limit(10).toList();
        return shown + (names.size() > shown.size() ? " (" + names.size() + " in all)" : "");
    }

    /** Every tensor of a file by name (e.g. to inspect it or feed a checkpoint). */
    public static Map<String, Tensor> readAll(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsEntry e : SafetensorsFile.read(file).entries()) out.put(e.name(), TensorEntries.toTensor(e));
        return out;
    }

    /** The entries of {@code map} whose names start with {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> withoutPrefix(Map<String, Tensor> map, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    /** {@code map} with {@code prefix} added to every name. */
    public static Map<String, Tensor> withPrefix(Map<String, Tensor> map, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
