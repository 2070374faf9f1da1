import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.nn.MSELoss;
import io.jgrad.nn.TransformerEncoderLayer;
import io.jgrad.nn.TransformerSettings;
import io.jgrad.optim.Adam;

/**
 * One transformer-train step, as io.jgrad.bench.TransformerTrainThroughput runs it (scoped), for StepAB. Written out
 * here rather than taken from that harness, so that it compiles against builds older than any hook the harness might
 * offer: only the public layer, loss and optimizer API is used.
 */
public class TransformerStep implements Runnable {
    private final TransformerEncoderLayer layer;
    private final Adam opt;
    private final MSELoss lossFn = new MSELoss();
    private final Tensor x, target;

    public TransformerStep() {
        Generator.global().manualSeed(0);
        layer = new TransformerEncoderLayer(TransformerSettings.of(256, 4).dimFeedforward(1024).dropout(0)
                .batchFirst(true));
        opt = new Adam(layer.parameters(), 1e-3);
        Generator g = new Generator(1);
        x = Tensor.randn(g, 32, 128, 256);
        target = Tensor.randn(g, 32, 128, 256);
    }

    @Override
    public void run() {
        try (Scope s = Scope.open()) {
            opt.zeroGrad();
            lossFn.compute(layer.forward(x), target).backward();
            opt.step();
        }
    }
}
