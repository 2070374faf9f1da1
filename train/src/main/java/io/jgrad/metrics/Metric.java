package io.jgrad.metrics;

import io.jgrad.Scope;
import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric accumulated over batches by the trainer: {@link #update} per batch, {@link #result} at the end of an
 * epoch, {@link #reset} before the next. Results are exact over the whole epoch, not averages of batch values.
 */
public interface Metric {
    /** The column name in the history, e.g. {@code accuracy}; validation adds a {@code val_} prefix. */
    String name();

    void update(Tensor output, Tensor target);

    double result();

    void reset();

    /** Whether larger values are better (for early stopping and checkpointing in "auto" mode). */
    default boolean higherIsBetter() { return true; }

    /** The share of rows whose arg-max is the target class; counted on the outputs' device, read by {@link #result}. */
    static Metric accuracy() { return new Accuracy(); }

    static Metric topKAccuracy(int k) { return new Counting("top" + k + "_accuracy", (o, t) -> Metrics.topKHits(o, t, k)); }

    /** Macro/micro/weighted F1 from a confusion matrix accumulated over the epoch. */
    static Metric f1(int classes, Average avg) {
        return new FromConfusion("f1_" + avg.name().toLowerCase(java.util.Locale.ROOT), classes, m -> m.f1(avg));
    }

    static Metric precision(int classes, Average avg) {
        return new FromConfusion("precision_" + avg.name().toLowerCase(java.util.Locale.ROOT), classes, m -> m.precision(avg));
    }

    static Metric recall(int classes, Average avg) {
        return new FromConfusion("recall_" + avg.name().toLowerCase(java.util.Locale.ROOT), classes, m -> m.recall(avg));
    }

    static Metric mse() { return new Regression("mse", false, (p, t) -> Metrics.mse(p, t) * p.numel()); }

    static Metric mae() { return new Regression("mae", false, (p, t) -> Metrics.mae(p, t) * p.numel()); }

    /** Exact R² over the epoch (keeps the epoch's predictions and targets). */
    static Metric r2() { return new R2(); }

    /**
     * Accuracy whose per-batch hits stay on the device: each update adds the batch's count of correct rows to a
     * scalar there, so training reads nothing back per batch; {@link #result()} reads it.
     */
    final class Accuracy implements Metric {
        private Tensor correct; // I64 scalar on the outputs' device
        private long count;
        // With class scores [n, C]: the smallest and largest target seen (I64 scalars on the device, read by result,
        // so a label outside 0..C-1 is reported without reading anything back per batch) and C.
        private Tensor lowestLabel, highestLabel;
        private int classes = -1;

        @Override public String name() { return "accuracy"; }

        @Override public void update(Tensor output, Tensor target) {
            Tensor hits = Metrics.correctCount(output, target);
            // One running scalar for the epoch, added to in place: it outlives the trainer's per-step scopes.
            if (correct == null) correct = Scope.escape(hits);
            else correct.addInPlace(hits);
            count += output.dim(0);
            if (output.rank() == 2 && target.numel() > 0) {
                trackLabelRange(output.dim(1), target.reshape(-1).to(io.jgrad.DType.I64));
            }
        }

        private void trackLabelRange(int classCount, Tensor labels) {
            classes = classCount;
            Tensor low = labels.min(), high = labels.max();
            if (lowestLabel == null) {
                lowestLabel = Scope.escape(low);
                highestLabel = Scope.escape(high);
            } else {
                lowestLabel.copyFrom(lowestLabel.minimum(low));
                highestLabel.copyFrom(highestLabel.maximum(high));
            }
        }

        /**
         * @throws IllegalArgumentException if a target was not a class index of the scores (outside 0..C-1): such a
         *                                  row could never count as correct, so the accuracy would be silently low
         */
        @Override public double result() {
            if (lowestLabel != null) {
                long low = lowestLabel.longItem(), high = highestLabel.longItem();
                if (low < 0 || high >= classes) throw Metrics.labelOutOfRange(low < 0 ? low : high, classes);
            }
            return count == 0 ? Double.NaN : (double) correct.longItem() / count;
        }

        @Override public void reset() {
            for (Tensor t : new Tensor[] {correct, lowestLabel, highestLabel}) if (t != null) t.storage().close();
            correct = lowestLabel = highestLabel = null;
            classes = -1;
            count = 0;
        }
    }

    /** A metric that sums a per-batch total and divides by the number of rows (or elements). */
    final class Counting implements Metric {
        private final String name;
        private final java.util.function.ToDoubleBiFunction<Tensor, Tensor> total;
        private double sum;
        private long count;

        Counting(String name, java.util.function.ToDoubleBiFunction<Tensor, Tensor> total) {
            this.name = name;
            this.total = total;
        }

        @Override public String name() { return name; }

        @Override public void update(Tensor output, Tensor target) {
            sum += total.applyAsDouble(output, target);
            count += output.dim(0);
        }

        @Override public double result() { return count == 0 ? Double.NaN : sum / count; }

        @Override public void reset() { sum = 0; count = 0; }
    }

    final class Regression implements Metric {
        private final String name;
        private final boolean higherIsBetter;
        private final java.util.function.ToDoubleBiFunction<Tensor, Tensor> total;
        private double sum;
        private long count;

        Regression(String name, boolean higherIsBetter, java.util.function.ToDoubleBiFunction<Tensor, Tensor> total) {
            this.name = name;
            this.higherIsBetter = higherIsBetter;
            this.total = total;
        }

        @Override public String name() { return name; }

        @Override public void update(Tensor output, Tensor target) {
            sum += total.applyAsDouble(output, target);
            count += output.numel();
        }

        @Override public double result() { return count == 0 ? Double.NaN : sum / count; }

        @Override public void reset() { sum = 0; count = 0; }

        @Override public boolean higherIsBetter() { return higherIsBetter; }
    }

    final class FromConfusion implements Metric {
        private final String name;
        private final int classes;
        private final java.util.function.ToDoubleFunction<ConfusionMatrix> score;
        private ConfusionMatrix matrix;

        FromConfusion(String name, int classes, java.util.function.ToDoubleFunction<ConfusionMatrix> score) {
            this.name = name;
            this.classes = classes;
            this.score = score;
            this.matrix = new ConfusionMatrix(classes);
        }

        @Override public String name() { return name; }

        @Override public void update(Tensor output, Tensor target) {
            long[] p = Metrics.predictedClasses(output);
            matrix.add(target.reshape(-1).toLongArray(), p);
        }

        @Override public double result() { return score.applyAsDouble(matrix); }

        @Override public void reset() { matrix = new ConfusionMatrix(classes); }
    }

    final class R2 implements Metric {
        private final List<double[]> predictions = new ArrayList<>();
        private final List<double[]> targets = new ArrayList<>();

        @Override public String name() { return "r2"; }

        @Override public void update(Tensor output, Tensor target) {
            predictions.add(output.toDoubleArray());
            targets.add(target.toDoubleArray());
        }

        @Override public double result() {
            double[] p = predictions.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
            double[] t = targets.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
            if (p.length == 0) return Double.NaN;
            return Metrics.r2(Tensor.of(p, p.length), Tensor.of(t, t.length));
        }

        @Override public void reset() { predictions.clear(); targets.clear(); }
    }
}
