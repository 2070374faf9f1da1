package io.jgrad.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.init.Init;
import io.jgrad.nn.init.Initializer;
import io.jgrad.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Initializer formulas against golden/init_bounds.json, and the drawn values against those bounds. */
class InitTest {
    private static final double TOL = 1e-12;

    @TestFactory
    List<DynamicTest> boundsMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : Golden.cases("init_bounds.json")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                JsonObject o = c.getAsJsonObject("outputs");
                JsonArray ws = o.getAsJsonArray("weight_shape");
                int[] dims = new int[ws.size()];
                for (int i = 0; i < dims.length; i++) dims[i] = ws.get(i).getAsInt();
                Shape shape = Shape.of(dims);
                Init.Fans fans = Init.fans(shape);
                assertEquals(o.get("fan_in").getAsInt(), fans.fanIn());
                assertEquals(o.get("fan_out").getAsInt(), fans.fanOut());
                double relu = Init.gain("relu", Double.NaN);
                double defaultGain = Init.gain("leaky_relu", Math.sqrt(5));
                assertClose(o, "default_weight_bound", Init.kaimingUniformBound(fans.fanIn(), defaultGain));
                assertClose(o, "default_bias_bound", 1 / Math.sqrt(fans.fanIn()));
                assertClose(o, "kaiming_uniform_relu_fan_in_bound", Init.kaimingUniformBound(fans.fanIn(), relu));
                assertClose(o, "kaiming_normal_relu_fan_in_std", Init.kaimingNormalStd(fans.fanIn(), relu));
                assertClose(o, "xavier_uniform_bound", Init.xavierUniformBound(fans, 1));
                assertClose(o, "xavier_normal_std", Init.xavierNormalStd(fans, 1));

                // The drawn values respect the bounds and fill them.
                checkUniform(Init.torchDefault(), shape, o.get("default_weight_bound").getAsDouble());
                checkUniform(Init.kaimingUniform(), shape, o.get("kaiming_uniform_relu_fan_in_bound").getAsDouble());
                checkUniform(Init.xavierUniform(), shape, o.get("xavier_uniform_bound").getAsDouble());
            }));
        }
        return tests;
    }

    private static void assertClose(JsonObject o, String key, double actual) {
        double expected = o.get(key).getAsDouble();
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), key);
    }

    private static void checkUniform(Initializer init, Shape shape, double bound) {
        double[] v = init.create(shape, DType.F64, new Generator(5)).toDoubleArray();
        double max = 0;
        for (double x : v) {
            assertTrue(Math.abs(x) <= bound, x + " outside +-" + bound);
            max = Math.max(max, Math.abs(x));
        }
        // With n draws the largest |x| falls short of the bound by about bound/n.
        if (v.length >= 100) assertTrue(max > bound * (1 - 20.0 / v.length), "max " + max + " vs bound " + bound);
    }

    @Test
    void denseDefaultsMatchPyTorchBounds() {
        Dense d = new Dense(784, 128).generator(new Generator(3));
        double bound = 1 / Math.sqrt(784);
        for (Tensor t : List.of(d.weight(), d.bias())) {
            for (double x : t.toDoubleArray()) assertTrue(Math.abs(x) <= bound + 1e-7);
        }
        double std = d.weight().std().item();
        assertEquals(bound / Math.sqrt(3), std, 0.02 * bound, "std of U(-b, b) is b/sqrt(3)");
    }

    @Test
    void normalInitializersHaveTheirStd() {
        Shape shape = Shape.of(400, 300);
        Init.Fans fans = Init.fans(shape);
        double kStd = Init.kaimingNormal().create(shape, DType.F64, new Generator(1)).std().item();
        assertEquals(Math.sqrt(2.0 / 300), kStd, 0.01 * kStd);
        double xStd = Init.xavierNormal().create(shape, DType.F64, new Generator(1)).std().item();
        assertEquals(Init.xavierNormalStd(fans, 1), xStd, 0.01 * xStd);
        double fanOutStd = Init.kaimingNormal(1.0, Init.FanMode.FAN_OUT).create(shape, DType.F64, new Generator(1)).std().item();
        assertEquals(1 / Math.sqrt(400), fanOutStd, 0.01 * fanOutStd);
    }

    @Test
    void constantsAndSeeds() {
        assertTrue(Init.zeros().create(Shape.of(2, 3), DType.F32, new Generator(0)).equalValues(Tensor.zeros(2, 3)));
        assertTrue(Init.ones().create(Shape.of(4), DType.F64, new Generator(0)).equalValues(Tensor.ones(4)));
        assertTrue(Init.constant(2.5).create(Shape.of(3), DType.F32, new Generator(0)).equalValues(Tensor.full(2.5, 3)));
        Tensor a = Init.xavierUniform().create(Shape.of(5, 5), DType.F32, new Generator(77));
        Tensor b = Init.xavierUniform().create(Shape.of(5, 5), DType.F32, new Generator(77));
        Tensor c = Init.xavierUniform().create(Shape.of(5, 5), DType.F32, new Generator(78));
        assertTrue(a.equalValues(b));
        assertFalse(a.equalValues(c));
        Tensor target = Tensor.zeros(3, 4);
        Init.ones().fill(target, new Generator(0));
        assertTrue(target.equalValues(Tensor.ones(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(Shape.of(5)));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] dims : new int[][] {{4, 9}, {9, 4}, {6, 6}, {3, 2, 2}}) {
            Tensor w = Init.orthogonal(2.0).create(Shape.of(dims), DType.F64, new Generator(8));
            Tensor m = w.reshape(dims[0], -1);
            Tensor gram = m.dim(0) <= m.dim(1) ? m.matmul(m.t()) : m.t().matmul(m);
            Tensor expected = Tensor.eye(gram.dim(0)).to(DType.F64).mul(4.0);
            assertTrue(gram.allClose(expected, 0, 1e-12), "W W^T = gain^2 I for " + java.util.Arrays.toString(dims) + ": " + gram);
        }
    }
}
