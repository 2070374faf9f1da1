package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.metrics.Metrics;
import io.jgrad.nn.Module;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    private final TensorDataset train = Fixtures.blobs(300, 1);
    private final TensorDataset val = Fixtures.blobs(90, 2);

    @Test
    void fitLowersTheLossAndRecordsHistory() {
        Module model = Fixtures.mlp();
        Trainer t = Fixtures.trainer(model, 0.01).metrics(Metric.accuracy()).build();
        History h = t.fit(DataLoader.builder(train).batchSize(32).shuffle(5).build(), Fixtures.loader(val, 64), 5);
        assertEquals(5, h.size());
        double[] loss = h.column("loss");
        assertTrue(loss[4] < loss[0], "training loss falls: " + java.util.Arrays.toString(loss));
        assertTrue(h.last().get("val_accuracy") > 0.8, "val accuracy " + h.last());
        assertEquals(java.util.List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "samples_per_s", "seconds"),
                java.util.List.copyOf(h.columns()));
        assertEquals(0.01, h.last().get("lr"), 1e-12);
        // evaluate agrees with the metric computed on predict's output.
        Map<String, Double> eval = t.evaluate(Fixtures.loader(val, 64));
        assertEquals(h.last().get("val_loss"), eval.get("loss"), 1e-9);
        Tensor out = t.predict(val.inputs(), 40);
        assertArrayEquals(new int[] {90, 3}, out.dims());
        assertEquals(eval.get("accuracy"), Metrics.accuracy(out, val.targets()), 1e-12);
        assertFalse(out.requiresGrad(), "prediction builds no graph");
    }

    @Test
    void plainProgressPrintsOneLinePerEpochWithLossMetricsAndThroughput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).metrics(Metric.accuracy())
                .progress(Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0)).build();
        t.fit(Fixtures.loader(train, 50), Fixtures.loader(val, 50), 2);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].matches("epoch 1/2 - loss \\d\\.\\d{4} - accuracy \\d\\.\\d{4} - val_loss \\d\\.\\d{4} - val_accuracy \\d\\.\\d{4}"
                + " - lr 0\\.0100 - [\\d,]+ samples/s - \\d+\\.\\d s"), lines[0]);
        assertTrue(lines[1].startsWith("epoch 2/2 - loss "), lines[1]);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage-return redraws in plain mode");
    }

    @Test
    void plainProgressPrintsInEpochLinesWithEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).metrics(Metric.accuracy())
                .progress(Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1e-9)).build();
        t.fit(Fixtures.loader(train, 100), null, 1);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s)epoch 1/1 - batch 1/3 - loss \\d\\.\\d{4}, accuracy \\d\\.\\d{4}, .*"), out);
        // The ETA shows once the pace after the first batch has settled (EtaEstimate); until then "--:--".
        assertTrue(out.matches("(?s).*samples/s - ETA (--:--|\\d+:\\d{2}).*"), out);
    }

    @Test
    void aNonFiniteLossStopsTrainingBeforeTheWeightsAreUpdated() {
        Module model = Fixtures.mlp();
        Trainer t = Fixtures.trainer(model, 0.01).progress(Progress.silent()).build();
        t.fit(Fixtures.loader(train, 100), null, 1);   // sizes any lazily built layers
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> before.put(k, v.detach().contiguousCopy()));
        Tensor poisoned = train.inputs().contiguousCopy();
        try (var g = io.jgrad.autograd.Grad.off()) {
            poisoned.narrow(0, 0, 1).fill(Double.NaN);
        }
        TensorDataset bad = new TensorDataset(poisoned, train.targets());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(Fixtures.loader(bad, 100), null, 2));
        assertTrue(e.getMessage().contains("loss is NaN"), e.getMessage());
        model.namedParameters().forEach((k, v) -> assertTrue(v.equalValues(before.get(k)), k + " was changed by the diverged step"));
    }

    /**
     * Where reading the loss is not free (a GPU), the trainer sums it on the device and checks it when it reads it:
     * forced here on the CPU. The results match the per-batch path, and a non-finite loss stops training with a
     * message that says the batches since the last read updated the weights.
     */
    @Test
    void summedOnTheDeviceTheLossIsTheSameAndANonFiniteOneIsReportedWhenRead() {
        Module perBatch = Fixtures.mlp(), summed = Fixtures.copyOf(perBatch);
        History a = Fixtures.trainer(perBatch, 0.01).metrics(Metric.accuracy()).build().fit(Fixtures.loader(train, 50), Fixtures.loader(val, 50), 2);
        History b = Fixtures.trainer(summed, 0.01).metrics(Metric.accuracy()).checkEveryBatch(false).build()
                .fit(Fixtures.loader(train, 50), Fixtures.loader(val, 50), 2);
        for (String column : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            assertArrayEquals(a.column(column), b.column(column), 1e-12, column);
        }

        Tensor poisoned = train.inputs().contiguousCopy();
        try (var g = io.jgrad.autograd.Grad.off()) {
            poisoned.narrow(0, 100, 1).fill(Double.NaN);
        }
        Trainer t = Fixtures.trainer(summed, 0.01).checkEveryBatch(false).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.fit(Fixtures.loader(new TensorDataset(poisoned, train.targets()), 100), null, 1));
        assertTrue(e.getMessage().matches("epoch 1, batches [12]-[23]: loss is NaN; on this device the loss is read about once a second, "
                + "not per batch, so these batches updated the weights, which may no longer be finite"), e.getMessage());
    }

    @Test
    void callbacksGetEachBatchLossAsATensor() {
        List<Double> losses = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, int batch, Tensor loss) {
                assertFalse(loss.requiresGrad());
                losses.add(loss.item());
            }
        };
        History h = Fixtures.trainer(Fixtures.mlp(), 0.01).callbacks(record).build().fit(Fixtures.loader(train, 100), null, 1);
        assertEquals(3, losses.size());
        assertEquals(h.last().get("loss"), losses.stream().mapToDouble(Double::doubleValue).sum() / 3, 1e-6);
    }

    /** A NaN that reaches the model's input (a missing value no imputer filled) is named as the cause. */
    @Test
    void aNanInTheInputsIsNamedWhenTheLossIsNotFinite() {
        float[] x = new float[40 * 4];
        long[] y = new long[40];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7f;
        for (int i = 0; i < y.length; i++) y[i] = i % 3;
        x[25 * 4 + 2] = Float.NaN; // row 25: the second batch of 20
        TensorDataset data = new TensorDataset(Tensor.of(x, 40, 4), Tensor.of(y, 40));
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).checkEveryBatch(true).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(Fixtures.loader(data, 20), null, 1));
        assertTrue(e.getMessage().contains("batch 2: loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("the batch's input holds NaN or infinite values"), e.getMessage());
    }
}
