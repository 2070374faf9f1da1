package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.LSTM;
import io.jgrad.optim.Adam;
import io.jgrad.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lstm-train} workload of {@link TrainThroughput}, as in {@code benchmarks/reference/torch_train.py}: an
 * LSTM(64 -> 256), batch-first, over 64 steps, a Dense(256 -> 10) head on the last step's output, cross-entropy,
 * Adam 1e-3, batches of 64 from a fixed synthetic set (8 batches of N(0, 1) inputs and uniform labels, cycled).
 */
final class LstmTrain implements TrainThroughput.Step {
    static final String WORKLOAD = "lstm-train";
    static final int BATCH = 64, STEPS = 64, FEATURES = 64, HIDDEN = 256, CLASSES = 10, POOL = 8;

    private final LSTM lstm;
    private final Dense head;
    private final Optimizer opt;
    private final CrossEntropyLoss lossFn = new CrossEntropyLoss();
    private final Tensor inputs, labels;
    private final int batch;
    private double lastLoss;

    LstmTrain(int batch, Generator g) {
        this.batch = batch;
        lstm = new LSTM(FEATURES, HIDDEN);
        lstm.generator(g).batchFirst(true).returnSequences(false);
        head = new Dense(HIDDEN, CLASSES).generator(g);
        opt = new Adam(parameters(), 1e-3);
        inputs = Tensor.randn(g, DType.F32, POOL * batch, STEPS, FEATURES);
        labels = Tensor.randint(g, 0, CLASSES, POOL * batch);
    }

    @Override
    public void step(long i) {
        int j = (int) (i % POOL) * batch;
        opt.zeroGrad();
        Tensor logits = head.call(lstm.call(inputs.narrow(0, j, batch)));
        Tensor loss = lossFn.compute(logits, labels.narrow(0, j, batch));
        loss.backward();
        opt.step();
        lastLoss = loss.item();
    }

    @Override
    public double lastLoss() { return lastLoss; }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(lstm.parameters());
        all.addAll(head.parameters());
        return all;
    }
}
