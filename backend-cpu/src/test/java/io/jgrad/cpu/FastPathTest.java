package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.HostStorage;
import org.junit.jupiter.api.Test;

/**
 * The contract suite checks values, which a slow fallback would also get right; these check that the common layouts
 * reach the fast paths: how rows are planned and how matmul operands are classified.
 */
class FastPathTest {
    @Test
    void contiguousViewsMergeIntoOneRow() {
        Shape s = Shape.of(4, 5, 6);
        RowPlan p = RowPlan.of(s, Layout.contiguous(s), Layout.contiguous(s));
        assertEquals(1, p.rows);
        assertEquals(120, p.inner);
        assertEquals(1, p.innerStride(1));
    }

    @Test
    void biasBroadcastIsRowsWithAUnitStrideBias() {
        Shape s = Shape.of(32, 10);
        Layout bias = Layout.contiguous(Shape.of(10)).broadcastTo(s, "test");
        RowPlan p = RowPlan.of(s, Layout.contiguous(s), Layout.contiguous(s), bias);
        assertEquals(32, p.rows);
        assertEquals(10, p.inner);
        assertEquals(1, p.innerStride(2));
        assertEquals(0, p.outerStride(2, 0));
    }

    @Test
    void perRowStatisticIsAStrideZeroRun() {
        Shape s = Shape.of(32, 10);
        Layout column = Layout.contiguous(Shape.of(32, 1)).broadcastTo(s, "test");
        RowPlan p = RowPlan.of(s, Layout.contiguous(s), column);
        assertEquals(32, p.rows);
        assertEquals(0, p.innerStride(1));
    }

    @Test
    void scalarBroadcastMergesEverything() {
        Shape s = Shape.of(3, 4, 5);
        Layout scalar = Layout.contiguous(Shape.of(1, 1, 1)).broadcastTo(s, "test");
        RowPlan p = RowPlan.of(s, Layout.contiguous(s), scalar);
        assertEquals(1, p.rows);
        assertEquals(60, p.inner);
        assertEquals(0, p.innerStride(1));
    }

    @Test
    void cursorVisitsRowsOfASlicedView() {
        // Rows 1..3 of a [5, 8] matrix, columns 1, 3, 5: row r starts at 8 * (r + 1) + 1.
        Layout v = Layout.contiguous(Shape.of(5, 8)).narrow(0, 1, 3, 1).narrow(1, 1, 3, 2);
        RowPlan p = RowPlan.of(v.shape(), Layout.contiguous(v.shape()), v);
        assertEquals(3, p.rows);
        assertEquals(2, p.innerStride(1));
        RowPlan.Cursor c = p.cursor(1);
        assertEquals(17, c.offsets[1]);
        c.next();
        assertEquals(25, c.offsets[1]);
        assertEquals(6, c.offsets[0]);
    }

    @Test
    void stepSlicesThatTileEvenlyMergeToo() {
        // Columns 1, 3, 5, 7 of rows 1..3 of a [5, 8] matrix are one run with stride 2.
        Layout v = Layout.contiguous(Shape.of(5, 8)).narrow(0, 1, 3, 1).narrow(1, 1, 4, 2);
        RowPlan p = RowPlan.of(v.shape(), Layout.contiguous(v.shape()), v);
        assertEquals(1, p.rows);
        assertEquals(12, p.inner);
        assertEquals(2, p.innerStride(1));
    }

    @Test
    void matmulPassesTransposedViewsAsFlags() {
        Layout rowMajor = Layout.contiguous(Shape.of(2, 3, 4));
        Matmul.Operand a = Matmul.Operand.of(rowMajor);
        assertTrue(a.usable());
        assertFalse(a.transposed());
        assertEquals(4, a.ld());

        // W stored [out=5, in=4] and used as W^T: a [1, 4, 5] view with strides (.., 1, 4).
        Layout wt = Layout.contiguous(Shape.of(1, 5, 4)).transpose(1, 2);
        Matmul.Operand b = Matmul.Operand.of(wt);
        assertTrue(b.usable());
        assertTrue(b.transposed());
        assertEquals(4, b.ld());

        // A column slice keeps its row stride as the leading dimension.
        Layout slice = Layout.contiguous(Shape.of(1, 3, 10)).narrow(2, 2, 4, 1);
        assertEquals(10, Matmul.Operand.of(slice).ld());
    }

    @Test
    void matmulCopiesOperandsTheGemmCannotRead() {
        Layout expandedRows = Layout.contiguous(Shape.of(1, 1, 4)).broadcastTo(Shape.of(1, 3, 4), "test");
        assertFalse(Matmul.Operand.of(expandedRows).usable());
        Layout stepped = Layout.contiguous(Shape.of(1, 3, 8)).narrow(2, 0, 4, 2);
        assertFalse(Matmul.Operand.of(stepped).usable());
    }

    @Test
    void attentionOfProjectionHeadsKeepsTheirTokenMajorOrder() {
        // q, k, v as the heads of one [B, T, 3 * H * D] projection: [B, T, H, D] slices seen as [B, H, T, D].
        int b = 2, t = 5, h = 3, d = 4;
        HostStorage qkv = HostStorage.allocate(DType.F32, b * t * 3 * h * d);
        float[] data = qkv.floats();
        for (int i = 0; i < data.length; i++) data[i] = (float) Math.sin(i);
        Layout projection = Layout.contiguous(Shape.of(b, t, 3 * h * d));
        Layout[] heads = new Layout[3];
        for (int j = 0; j < 3; j++) {
            heads[j] = projection.narrow(2, j * h * d, h * d, 1).reshapeView(Shape.of(b, t, h, d)).permute(0, 2, 1, 3);
        }
        CpuBackend cpu = new CpuBackend();
        AttentionParams p = AttentionParams.of(0.5, true);
        AttentionResult r = cpu.attention(qkv, heads[0], qkv, heads[1], qkv, heads[2], null, null, p);
        assertTrue(r.tokenMajor());
        Shape out = Shape.of(b, h, t, d);
        Layout outLayout = AttentionResult.layoutOf(out, true);
        assertTrue(outLayout.permute(0, 2, 1, 3).isContiguous());
        HostStorage grad = HostStorage.allocate(DType.F32, out.numel());
        AttentionGradients g = cpu.attentionBackward(grad, Layout.contiguous(out), qkv, heads[0], qkv, heads[1], qkv,
                heads[2], null, null, r.output(), outLayout, r.logsumexp(), Layout.contiguous(Shape.of(b, h, t)), p);
        assertTrue(g.tokenMajor());

        HostStorage dense = HostStorage.allocate(DType.F32, out.numel());
        Layout contiguous = Layout.contiguous(out);
        AttentionResult plain = cpu.attention(dense, contiguous, dense, contiguous, dense, contiguous, null, null, p);
        assertFalse(plain.tokenMajor());
        assertFalse(cpu.attentionBackward(grad, contiguous, dense, contiguous, dense, contiguous, dense, contiguous,
                null, null, plain.output(), contiguous, plain.logsumexp(), Layout.contiguous(Shape.of(b, h, t)), p)
                .tokenMajor());
    }
}
