package io.jgrad.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jgrad.DType;
import io.jgrad.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the PyTorch golden JSON under a module's src/test/resources/golden (format and tolerances:
 * tools/golden/README.md) and compares tensors against it.
 */
public final class Golden {
    /** Tolerances from tools/golden/README.md: F64 tight, F32 (inputs cast to float) loose. */
    public static final double F64_RTOL = 1e-10, F64_ATOL = 1e-12, F32_RTOL = 1e-4, F32_ATOL = 1e-5;

    private Golden() {}

    public static List<JsonObject> cases(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) throw new IllegalStateException("golden file not found: " + resource);
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) out.add(e.getAsJsonObject());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject caseNamed(String resource, String name) {
        for (JsonObject c : cases(resource)) if (c.get("name").getAsString().equals(name)) return c;
        throw new IllegalStateException("no case '" + name + "' in " + resource);
    }

    public static int[] shape(JsonObject array) {
        JsonArray s = array.getAsJsonArray("shape");
        int[] dims = new int[s.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = s.get(i).getAsInt();
        return dims;
    }

    public static double[] data(JsonObject array) {
        JsonArray d = array.getAsJsonArray("data");
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = d.get(i).getAsDouble();
        return out;
    }

    /** An ARRAY as a tensor: int64 stays I64; float64 becomes {@code floatType}. */
    public static Tensor tensor(JsonElement json, DType floatType) {
        JsonObject a = json.getAsJsonObject();
        int[] dims = shape(a);
        if (a.get("dtype").getAsString().equals("int64")) {
            JsonArray d = a.getAsJsonArray("data");
            long[] v = new long[d.size()];
            for (int i = 0; i < v.length; i++) v[i] = d.get(i).getAsLong();
            return Tensor.of(v, dims);
        }
        return Tensor.of(data(a), dims).to(floatType);
    }

    /** A list of ARRAYs (e.g. the two parameters of an optimizer case). */
    public static List<Tensor> tensors(JsonElement json, DType floatType) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray()) out.add(tensor(e, floatType));
        return out;
    }

    public static double rtol(DType t) { return t == DType.F64 ? F64_RTOL : F32_RTOL; }

    public static double atol(DType t) { return t == DType.F64 ? F64_ATOL : F32_ATOL; }

    /** Same shape and every element within atol + rtol * |expected|. */
    public static void assertClose(JsonElement expected, Tensor actual, DType type, String what) {
        assertClose(shape(expected.getAsJsonObject()), data(expected.getAsJsonObject()), actual, rtol(type), atol(type), what);
    }

    public static void assertClose(int[] shape, double[] expected, Tensor actual, double rtol, double atol, String what) {
        if (actual == null) fail(what + ": no tensor (null)");
        assertArrayEquals(shape, actual.dims(), what + ": shape");
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(got[i] - expected[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + expected[i] + " (tolerance " + tol
                        + "); got " + Arrays.toString(got));
            }
        }
    }
}
