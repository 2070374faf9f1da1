package io.jgrad;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's example, verbatim, with its printed and computed values checked against a plain-Java computation. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Tensor x, w, loss;
        try {
            // ---- README example (keep identical to README.md) ----
            x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requiresGrad(true);
            w = Tensor.randn(new Generator(42), 2, 3).requiresGrad(true);
            loss = x.matmul(w).relu().sum();
            loss.backward();
            System.out.println(loss.item());
            System.out.println(w.grad());
            // ---- end of README example ----
        } finally {
            System.setOut(original);
        }

        // Independent computation: loss = sum relu(x w); dL/dw[k][j] = sum_i x[i][k] * [ (x w)[i][j] > 0 ].
        double[][] xv = {{1, 2}, {3, 4}};
        float[] wf = Tensor.randn(new Generator(42), 2, 3).toFloatArray();
        double expectedLoss = 0;
        double[] expectedGrad = new double[6];
        double[] expectedXGrad = new double[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double z = xv[i][0] * wf[j] + xv[i][1] * wf[3 + j];
                if (z > 0) {
                    expectedLoss += z;
                    for (int k = 0; k < 2; k++) {
                        expectedGrad[k * 3 + j] += xv[i][k];
                        expectedXGrad[i * 2 + k] += wf[k * 3 + j];
                    }
                }
            }
        }
        assertEquals(expectedLoss, loss.item(), 1e-5);
        assertArrayEquals(expectedGrad, w.grad().toDoubleArray(), 0);
        assertArrayEquals(expectedXGrad, x.grad().toDoubleArray(), 1e-6);
        assertEquals(DType.F32, w.grad().dtype());

        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, printed::toString);
        assertEquals(loss.item(), Double.parseDouble(lines[0]), 0);
        String expectedPrint = Tensor.of(new float[] {
                (float) expectedGrad[0], (float) expectedGrad[1], (float) expectedGrad[2],
                (float) expectedGrad[3], (float) expectedGrad[4], (float) expectedGrad[5]}, 2, 3).toString();
        assertEquals(expectedPrint, lines[1] + "\n" + lines[2]);
    }
}
