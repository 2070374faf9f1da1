package io.jgrad.train;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.metrics.Metrics;
import io.jgrad.nn.CombinedLoss;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Graph;
import io.jgrad.nn.Inputs;
import io.jgrad.nn.MSELoss;
import io.jgrad.nn.Module;
import io.jgrad.nn.Outputs;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Signature;
import io.jgrad.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models with several inputs and outputs, trained end to end by {@link Trainer#fit}: the class of an example is the
 * arg-max of {@code a[:3] + b[:3]}, so it needs both inputs, and the value to regress is {@code a[3] - 2 b[3]}.
 */
class MultiInputTrainingTest {
    /** Inputs a and b [n, 4], labels [n] and values [n, 1]. */
    private static TensorDataset data(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor a = Tensor.randn(g, n, 4), b = Tensor.randn(g, n, 4);
        Tensor labels = a.narrow(1, 0, 3).add(b.narrow(1, 0, 3)).argmax(1, false);
        Tensor values = a.narrow(1, 3, 1).sub(b.narrow(1, 3, 1).mul(2));
        return TensorDataset.of(List.of(a, b), List.of(labels, values));
    }

    private final TensorDataset train = data(1200, 1), val = data(300, 2);

    /** Two Dense branches, merged: a hand-written module with two named inputs. */
    static final class TwoBranches extends Module {
        private final Dense left, right, head;

        TwoBranches(Generator g) {
            left = registerModule("left", new Dense(4, 16).generator(g));
            right = registerModule("right", new Dense(4, 16).generator(g));
            head = registerModule("head", new Dense(32, 3).generator(g));
        }

        @Override
        public Signature signature() { return Signature.of("a", "b"); }

        @Override
        protected Outputs forward(Inputs in) {
            Tensor h = Tensor.concat(List.of(left.call(in.tensor("a")).relu(), right.call(in.tensor("b")).relu()), 1);
            return Outputs.of(head.call(h));
        }
    }

    @Test
    void aTwoInputModelLearnsAClassThatNeedsBothInputs() {
        TensorDataset classes = TensorDataset.of(train.allInputs(), List.of(train.allTargets().getFirst()));
        TensorDataset valClasses = TensorDataset.of(val.allInputs(), List.of(val.allTargets().getFirst()));
        Module model = new TwoBranches(new Generator(3));
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.01), new CrossEntropyLoss())
                .metrics(Metric.accuracy()).progress(Progress.silent()).build();
        History h = trainer.fit(DataLoader.builder(classes).batchSize(32).shuffle(4).build(), DataLoader.of(valClasses, 100), 15);
        assertTrue(h.last().get("val_accuracy") >= 0.93, "validation accuracy " + h.last());
        Tensor predicted = trainer.predict(val.allInputs(), 64).getFirst();
        assertEquals(h.last().get("val_accuracy"), Metrics.accuracy(predicted, val.allTargets().getFirst()), 1e-12);
    }

    /** A layer with two outputs: class scores and a value, from one hidden vector. */
    static final class TwoHeads extends Module {
        private final Dense classes, value;

        TwoHeads(int in, Generator g) {
            classes = registerModule("classes", new Dense(in, 3).generator(g));
            value = registerModule("value", new Dense(in, 1).generator(g));
        }

        @Override
        public Signature signature() { return Signature.of("input").outputs("classes", "value"); }

        @Override
        protected Outputs forward(Inputs in) {
            Tensor x = in.tensor("input");
            return Outputs.of(classes.call(x), value.call(x));
        }
    }

    @Test
    void aGraphWithTwoInputsAndAMultiOutputLayerLearnsBothTasksWithACombinedLoss() {
        Generator g = new Generator(5);
        Graph.Node a = Graph.input("a"), b = Graph.input("b");
        Graph.Node hidden = Graph.concat(1, a.then(new Dense(4, 16).generator(g)).then(new ReLU()),
                b.then(new Dense(4, 16).generator(g)).then(new ReLU()));
        Graph.Node heads = hidden.then(new TwoHeads(32, g));
        Graph model = Graph.model(List.of(a, b), List.of(heads.output("classes"), heads.output("value")));

        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.01),
                        CombinedLoss.of(new CrossEntropyLoss(), new MSELoss()).weights(1, 0.5))
                .metrics(Metric.accuracy()).metrics(1, Metric.mse()).progress(Progress.silent()).build();
        History h = trainer.fit(DataLoader.builder(train).batchSize(32).shuffle(6).build(), DataLoader.of(val, 100), 15);

        assertEquals(List.of("epoch", "loss", "accuracy", "output1_mse", "val_loss", "val_accuracy", "val_output1_mse", "lr",
                "samples_per_s", "seconds"), List.copyOf(h.columns()));
        assertTrue(h.last().get("val_accuracy") >= 0.93, "validation accuracy " + h.last());
        assertTrue(h.last().get("val_output1_mse") < 0.05, "validation MSE of the value (variance 5) " + h.last());
        List<Tensor> predicted = trainer.predict(val.allInputs(), 64);
        assertArrayEquals(new int[] {300, 3}, predicted.get(0).dims());
        assertArrayEquals(new int[] {300, 1}, predicted.get(1).dims());
        assertEquals(h.last().get("val_output1_mse"), Metrics.mse(predicted.get(1), val.allTargets().get(1)), 1e-6);
    }
}
