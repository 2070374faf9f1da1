package io.jgrad.conv;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jgrad.DType;
import io.jgrad.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One case of a PyTorch golden file (format: tools/golden/README.md), read from the nn module's test resources,
 * with its arrays as tensors of a chosen dtype.
 */
record GoldenCase(String file, String name, JsonObject json, DType dtype) {
    static final Path DIR = Path.of("..", "nn", "src", "test", "resources", "golden", "conv");

    /** Every case of {@code file}, in the file's order. */
    static List<GoldenCase> all(String file, DType dtype) {
        Path path = DIR.resolve(file);
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + path.toAbsolutePath() + " is missing (run tools/golden/conv.py)", e);
        }
        List<GoldenCase> cases = new ArrayList<>();
        for (JsonElement c : root.getAsJsonArray("cases")) {
            cases.add(new GoldenCase(file, c.getAsJsonObject().get("name").getAsString(), c.getAsJsonObject(), dtype));
        }
        return cases;
    }

    JsonObject params() { return json.getAsJsonObject("params"); }

    boolean hasParam(String key) { return params().has(key); }

    int[] intPair(String key) {
        JsonElement e = params().get(key);
        if (e.isJsonPrimitive()) return new int[] {e.getAsInt(), e.getAsInt()};
        JsonArray a = e.getAsJsonArray();
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    int intParam(String key) { return params().get(key).getAsInt(); }

    double doubleParam(String key) { return params().get(key).getAsDouble(); }

    boolean boolParam(String key) { return params().get(key).getAsBoolean(); }

    boolean hasInput(String key) { return json.getAsJsonObject("inputs").has(key); }

    /** An input as a fresh tensor of this case's dtype; a leaf requiring grad when the file gives its gradient. */
    Tensor input(String key) {
        if (!hasInput(key)) return null;
        Tensor t = array(json.getAsJsonObject("inputs").getAsJsonObject(key));
        return json.has("grads") && json.getAsJsonObject("grads").has(key) ? t.requiresGrad(true) : t;
    }

    /** Runs backward from {@code output} with the file's upstream gradient (or 1 for a scalar). */
    void backward(Tensor output) {
        if (json.has("grad_output")) output.backward(array(json.getAsJsonObject("grad_output")));
        else output.backward();
    }

    void assertOutput(String key, Tensor actual) { assertClose("output " + key, json.getAsJsonObject("outputs").getAsJsonObject(key), actual); }

    /** Checks the gradient of every input the file lists. */
    void assertGrads(java.util.Map<String, Tensor> leaves) {
        for (String key : json.getAsJsonObject("grads").keySet()) {
            Tensor leaf = leaves.get(key);
            if (leaf == null || leaf.grad() == null) fail(this + ": no gradient for input " + key);
            assertClose("grad " + key, json.getAsJsonObject("grads").getAsJsonObject(key), leaf.grad());
        }
    }

    private Tensor array(JsonObject a) {
        int[] shape = ints(a.getAsJsonArray("shape"));
        JsonArray data = a.getAsJsonArray("data");
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsDouble();
        return Tensor.of(v, shape).to(dtype);
    }

    private void assertClose(String what, JsonObject expected, Tensor actual) {
        int[] shape = ints(expected.getAsJsonArray("shape"));
        assertArrayEquals(shape, actual.dims(), this + ": " + what + " shape");
        JsonArray data = expected.getAsJsonArray("data");
        double[] got = actual.toDoubleArray();
        double rtol = dtype == DType.F64 ? 1e-10 : 1e-4, atol = dtype == DType.F64 ? 1e-12 : 1e-5;
        for (int i = 0; i < got.length; i++) {
            double want = data.get(i).getAsDouble();
            if (Math.abs(got[i] - want) > atol + rtol * Math.abs(want)) {
                assertEquals(want, got[i], atol + rtol * Math.abs(want), this + ": " + what + " element " + i);
            }
        }
    }

    private static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    @Override
    public String toString() { return file + " " + name + " (" + dtype + ")"; }
}
