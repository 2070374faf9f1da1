import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/**
 * transformer-train's attention alone, for StepAB ({@code run.sh attention}): forward and backward of the fused
 * kernel through the backend SPI on the heads of one packed projection, as {@code F.packedSelfAttention} calls them:
 * q, k and v are [32, 4, 128, 64] views of a [32, 128, 768] tensor, the output's gradient a [32, 128, 256] one seen the
 * same way, and the gradients go into the thirds of one [32, 128, 768] array. {@code -Dcausal=true} masks the keys
 * after each query.
 */
public class AttentionStep implements Runnable {
    private static final int BATCH = 32, HEADS = 4, LENGTH = 128, HEAD = 64, WIDTH = HEADS * HEAD;
    private final Backend backend;
    private final Tensor qkv, grad;
    private final Layout q, k, v, gradLayout, lseLayout;
    private final AttentionParams params;
    private final Storage into;

    public AttentionStep() {
        backend = Tensor.zeros(DType.F32, 1).backend();
        Generator g = new Generator(1);
        qkv = Tensor.randn(g, DType.F32, BATCH, LENGTH, 3 * WIDTH);
        grad = Tensor.randn(g, DType.F32, BATCH, LENGTH, WIDTH);
        Shape heads = Shape.of(BATCH, HEADS, LENGTH, HEAD);
        int[] strides = {LENGTH * 3 * WIDTH, HEAD, 3 * WIDTH, 1};
        q = new Layout(heads, strides, 0);
        k = new Layout(heads, strides, WIDTH);
        v = new Layout(heads, strides, 2 * WIDTH);
        gradLayout = new Layout(heads, new int[] {LENGTH * WIDTH, HEAD, WIDTH, 1}, 0);
        lseLayout = Layout.contiguous(Shape.of(BATCH, HEADS, LENGTH));
        params = AttentionParams.of(1.0 / Math.sqrt(HEAD), Boolean.getBoolean("causal"));
        into = backend.full(DType.F32, BATCH * LENGTH * 3 * WIDTH, 0);
    }

    @Override
    public void run() {
        Storage s = qkv.storage();
        AttentionResult r = backend.attention(s, q, s, k, s, v, null, null, params);
        Layout out = AttentionResult.layoutOf(q.shape(), r.tokenMajor());
        backend.attentionBackwardInto(grad.storage(), gradLayout, s, q, s, k, s, v, null, null, r.output(), out,
                r.logsumexp(), lseLayout, params, into, q, k, v);
    }
}
