package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.nn.Architecture;
import io.jgrad.nn.Module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves a module's state dict to a safetensors file (written atomically), optionally with extra tensors (e.g. a
 * scaler's state under {@code scaler.}) and string metadata, and loads it back into a model of the same shape.
 * The module's tensors keep their own names ({@code 0.weight}), so PyTorch's safetensors loader reads the file too.
 */
public final class ModelFiles {
    /** The metadata key of the architecture JSON ({@link Architecture}). */
    public static final String ARCHITECTURE_KEY = "jgrad.architecture";
    /** The metadata key saying why a file has no architecture (a layer type that is not registered). */
    public static final String ARCHITECTURE_OMITTED_KEY = "jgrad.architecture.omitted";

    private ModelFiles() {}

    /** What a file held besides the model's own tensors. */
    public record Contents(Map<String, Tensor> extras, Map<String, String> metadata) {}

    /**
     * A model rebuilt from its file with its weights loaded, in eval mode.
     *
     * @param card     what the file says about using the model
     * @param metadata every metadata entry of the file
     */
    public record Loaded(Module model, ModelCard card, Map<String, String> metadata) {}

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
     * Saves {@code model} so that it can be used without the code that trained it: its state dict, its architecture
     * ({@link Architecture#toJson}; when a layer's type is not registered, {@value #ARCHITECTURE_OMITTED_KEY} says
     * which, and the file loads into a model built in code), the {@code card} (see {@link ModelCard} for the keys)
     * and further free-form {@code metadata} (its keys must not start with {@code jgrad.}).
     */
    public static void save(Module model, Path file, ModelCard card, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(card.toMetadata());
        Optional<String> unsupported = Architecture.unsupportedLayer(model);
        if (unsupported.isPresent()) {
            meta.put(ARCHITECTURE_OMITTED_KEY, "layer " + unsupported.get() + " has no registered layer type; build the"
                    + " model in code and load the weights with ModelFiles.load(model, file)");
        } else {
            meta.put(ARCHITECTURE_KEY, Architecture.toJson(model));
        }
        metadata.forEach((k, v) -> {
            if (k.startsWith("jgrad.")) {
                throw new IllegalArgumentException("metadata key '" + k + "': the jgrad. keys are the card's");
            }
            meta.put(k, v);
        });
        save(model, file, Map.of(), meta);
    }

    /**
     * Rebuilds the model saved in {@code file} from its architecture and loads its weights (an F64 file gives an F64
     * model); the model is in eval mode.
     *
     * @throws IllegalArgumentException if the file has no architecture (saved without a {@link ModelCard}, or with a
     *                                  layer type that is not registered: the message says which and how to load it
     *                                  instead), names an unknown layer type, or its tensors do not fit the rebuilt
     *                                  model
     */
    public static Loaded loadModel(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.read(file);
        Map<String, String> meta = f.metadata();
        ModelCard card = ModelCard.fromMetadata(meta, file.toString());
        String architecture = meta.get(ARCHITECTURE_KEY);
        if (architecture == null) {
            throw new IllegalArgumentException(file + " has no architecture to rebuild the model from ("
                    + meta.getOrDefault(ARCHITECTURE_OMITTED_KEY, "no " + ARCHITECTURE_KEY
                    + " metadata: not saved with a ModelCard") + "); build the model in code and load the weights with ModelFiles.load(model, file)");
        }
        Module model = Architecture.fromJson(architecture, file.toString());
        Map<String, Tensor> all = tensors(f);
        if (all.values().stream().anyMatch(t -> t.dtype() == DType.F64)) model.to(DType.F64);
        load(model, all, file);
        model.eval();
        return new Loaded(model, card, meta);
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
        return new Contents(load(model, tensors(f), file), f.metadata());
    }

    private static Map<String, Tensor> tensors(SafetensorsFile f) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) all.put(e.name(), TensorEntries.toTensor(e));
        return all;
    }

    /** Loads {@code all}'s model tensors into {@code model}; returns the others. */
    private static Map<String, Tensor> load(Module model, Map<String, Tensor> all, Path file) {
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
        return extras;
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
        return tensors(SafetensorsFile.read(file));
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
