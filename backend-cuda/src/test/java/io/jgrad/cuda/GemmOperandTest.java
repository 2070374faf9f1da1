package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.testing.Views;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MatmulOps' way of handing operands to cuBLAS, checked without a GPU: for every layout and shape of the kit's matmul
 * cases, each operand is passed where it lies or copied as {@link GemmOperand} says, the resulting call (validated by
 * {@link RowMajorGemm} with cuBLAS's leading-dimension rules) is run by the host GEMM with cuBLAS's column-major
 * semantics, and the product must equal the reference backend's.
 */
class GemmOperandTest {
    private static final ReferenceBackend REFERENCE = new ReferenceBackend();

    /** The kit's [B, M, K, N] cases without an empty product (those never reach cuBLAS), and a few size-1 corners. */
    private static final int[][] BMKN = {{1, 1, 1, 1}, {1, 15, 17, 16}, {2, 17, 15, 33}, {1, 1, 40, 1}, {1, 33, 1, 17},
            {4, 9, 31, 7}, {3, 1, 5, 1}, {2, 6, 1, 1}, {2, 1, 1, 6}};

    @Test
    void everyKitLayoutGivesTheReferenceProduct() {
        SplittableRandom rnd = new SplittableRandom(5);
        Kind[] kinds = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED, Kind.BROADCAST_ROWS, Kind.BROADCAST_COLUMN,
                Kind.BROADCAST_SCALAR};
        int checked = 0;
        for (Kind aKind : kinds) {
            for (Kind bKind : kinds) {
                for (int[] s : BMKN) {
                    Shape aShape = Shape.of(s[0], s[1], s[2]), bShape = Shape.of(s[0], s[2], s[3]);
                    if (!aKind.appliesTo(aShape) || !bKind.appliesTo(bShape)) continue;
                    View a = Views.make(aKind, aShape, DType.F64, rnd, r -> Views.uniform(r, -2, 2));
                    View b = Views.make(bKind, bShape, DType.F64, rnd, r -> Views.uniform(r, -2, 2));
                    String what = aKind + " x " + bKind + " " + Arrays.toString(s);
                    check(what, a.storage(), a.layout(), b.storage(), b.layout());
                    checked++;
                }
            }
            // B shared across the batch (batch stride 0), as x @ W with a 3-D x.
            View a = Views.make(aKind, Shape.of(3, 5, 7), DType.F64, rnd, r -> Views.uniform(r, -2, 2));
            for (Kind bKind : kinds) {
                View w = Views.make(bKind, Shape.of(1, 7, 6), DType.F64, rnd, r -> Views.uniform(r, -2, 2));
                check(aKind + " x shared " + bKind, a.storage(), a.layout(), w.storage(),
                        w.layout().broadcastTo(Shape.of(3, 7, 6), "test"));
                checked++;
            }
        }
        assertTrue(checked > 200, "only " + checked + " cases");
    }

    @Test
    void linearReadsTheWeightTransposedWhereItLies() {
        // w [N, K] row-major, seen as w^T [1, K, N]: unit steps down its columns.
        Layout wt = io.jgrad.backend.Backend.batchOfOne(Layout.contiguous(Shape.of(6, 4)).transpose(0, 1));
        GemmOperand plan = GemmOperand.of(wt);
        assertNotNull(plan);
        assertTrue(plan.transposed());
        assertEquals(4, plan.ld());
        assertEquals(0, plan.batchStride());
    }

    @Test
    void stepSlicedAndBroadcastRowsAreCopied() {
        Layout stepped = Layout.contiguous(Shape.of(2, 3, 9)).narrow(2, 1, 4, 2);
        assertNull(GemmOperand.of(stepped));
        assertEquals(stepped, GemmOperand.copied(stepped));
        assertEquals(new GemmOperand(false, 4, 12), GemmOperand.ofCopy(stepped));
        // Rows that all share storage (stride 0) cannot be a leading dimension; one matrix serves the whole batch.
        Layout rows = Layout.contiguous(Shape.of(1, 1, 5)).broadcastTo(Shape.of(3, 4, 5), "test");
        assertNull(GemmOperand.of(rows));
        assertEquals(Shape.of(4, 5), GemmOperand.copied(rows).shape());
        assertEquals(new GemmOperand(false, 5, 0), GemmOperand.ofCopy(rows));
        assertFalse(GemmOperand.copied(rows).isContiguous());
    }

    /** Plans both operands as MatmulOps does, runs the column-major call on the host and compares. */
    private static void check(String what, HostStorage a, Layout aLayout, HostStorage b, Layout bLayout) {
        int batch = aLayout.shape().dim(0), m = aLayout.shape().dim(1), k = aLayout.shape().dim(2);
        int n = bLayout.shape().dim(2);
        double[] expected = REFERENCE.download(REFERENCE.matmul(a, aLayout, b, bLayout)).doubles();
        double[] first = memory(b, bLayout), second = memory(a, aLayout);
        RowMajorGemm gemm = GemmOperand.gemm(plan(aLayout), plan(bLayout), batch, m, n, k);
        double[] c = new double[batch * m * n];
        RowMajorGemmTest.columnMajorGemm(gemm.toColumnMajor(), 1, first, second, 0, c);
        for (int i = 0; i < c.length; i++) assertEquals(expected[i], c[i], 1e-12, what + ": element " + i);
    }

    private static GemmOperand plan(Layout view) {
        GemmOperand direct = GemmOperand.of(view);
        return direct != null ? direct : GemmOperand.ofCopy(view);
    }

    /** What cuBLAS is given: the storage from the view's first element, or the contiguous copy MatmulOps makes. */
    private static double[] memory(HostStorage s, Layout view) {
        if (GemmOperand.of(view) != null) {
            double[] all = s.doubles();
            return Arrays.copyOfRange(all, view.offset(), all.length);
        }
        return REFERENCE.download(REFERENCE.copy(s, GemmOperand.copied(view), DType.F64)).doubles();
    }
}
