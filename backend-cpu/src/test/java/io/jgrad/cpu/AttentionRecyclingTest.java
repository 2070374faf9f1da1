package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.AttentionOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attention's output and gradients may come from recycled arrays (whatever they hold): its kernels write each of their
 * elements without reading it first, the first product into a row writing it and rows that no product reaches (keys
 * hidden from every query) being zeroed. Run over a pool of NaN-filled arrays of every result length, forward and
 * backward must give a fresh backend's bits. The sizes take two backward query blocks and five key blocks, and with
 * causal, keys past the last query. The gradient of packed self-attention's projection is not cleared before the
 * backward writes its three thirds, so it too must come out the same over dirty memory.
 */
class AttentionRecyclingTest {
    private static final int BATCH = 2, HEADS = 2, QUERIES = 256, KEYS = 300, HEAD = 64;

    /** Every F32 result of one forward and backward, in order. */
    private static List<float[]> run(CpuBackend cpu, boolean causal) {
        SplittableRandom rnd = new SplittableRandom(11);
        Layout q = Layout.contiguous(Shape.of(BATCH, HEADS, QUERIES, HEAD));
        Layout kv = Layout.contiguous(Shape.of(BATCH, HEADS, KEYS, HEAD));
        Storage qs = random(rnd, q.shape().numel()), ks = random(rnd, kv.shape().numel()), vs = random(rnd, kv.shape().numel());
        Storage grad = random(rnd, q.shape().numel());
        AttentionParams p = AttentionParams.of(0.125, causal);
        AttentionResult r = cpu.attention(qs, q, ks, kv, vs, kv, null, null, p);
        Layout out = AttentionResult.layoutOf(q.shape(), r.tokenMajor());
        AttentionGradients g = cpu.attentionBackward(grad, q, qs, q, ks, kv, vs, kv, null, null, r.output(), out,
                r.logsumexp(), Layout.contiguous(Shape.of(BATCH, HEADS, QUERIES)), p);
        List<float[]> all = new ArrayList<>();
        for (Storage s : new Storage[] {r.output(), r.logsumexp(), g.q(), g.k(), g.v()}) all.add(HostStorage.of(s).floats());
        return all;
    }

    private static Storage random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        return HostStorage.wrap(a);
    }

    @ParameterizedTest(name = "causal {0}")
    @ValueSource(booleans = {false, true})
    void resultsOverDirtyRecycledArraysMatchFreshOnes(boolean causal) {
        List<float[]> fresh = run(new CpuBackend(), causal);
        CpuBackend cpu = new CpuBackend();
        run(cpu, causal); // asks for every result length, so that the pool keeps arrays of them
        List<Storage> dirty = new ArrayList<>();
        long bytes = 0;
        for (float[] a : fresh) {
            if (a.length < RecycledArrays.MIN_LENGTH) continue;
            dirty.add(cpu.full(DType.F32, a.length, Float.NaN)); // the backend's own arrays, all held at once
            bytes += 4L * a.length;
        }
        dirty.forEach(cpu::recycle);
        assertEquals(4, dirty.size(), "output, dQ, dK and dV are long enough to be recycled");
        assertEquals(bytes, cpu.recycledBytes(), "the pool holds every dirty array");
        List<float[]> again = run(cpu, causal);
        assertEquals(fresh.size(), again.size());
        for (int i = 0; i < fresh.size(); i++) assertArrayEquals(fresh.get(i), again.get(i), "result " + i);
    }

    /** The gradient of a packed projection [B, T, 3E] through packed self-attention, on the given backend. */
    private static float[] packedProjectionGradient(CpuBackend cpu) {
        SplittableRandom rnd = new SplittableRandom(5);
        int width = HEADS * HEAD;
        Shape shape = Shape.of(BATCH, QUERIES, 3 * width), outShape = Shape.of(BATCH, QUERIES, width);
        Tensor qkv = Tensor.fromStorage(random(rnd, shape.numel()), Layout.contiguous(shape), cpu).requiresGrad(true);
        Tensor g = Tensor.fromStorage(random(rnd, outShape.numel()), Layout.contiguous(outShape), cpu);
        Tensor out = F.packedSelfAttention(qkv, HEADS, AttentionOptions.defaults().causal(true));
        out.backward(g.reshape(out.dims()));
        return qkv.grad().toFloatArray();
    }

    @Test
    void packedProjectionGradientOverDirtyRecycledArraysMatchesAFreshOne() {
        float[] fresh = packedProjectionGradient(new CpuBackend());
        CpuBackend cpu = new CpuBackend();
        packedProjectionGradient(cpu); // asks for the gradient's length, so that the pool keeps arrays of it
        cpu.recycle(cpu.full(DType.F32, fresh.length, Float.NaN));
        assertEquals(4L * fresh.length, cpu.recycledBytes(), "the pool holds the dirty array");
        float[] again = packedProjectionGradient(cpu);
        assertEquals(0, cpu.recycledBytes(), "the backward took the dirty array");
        assertArrayEquals(fresh, again);
    }
}
