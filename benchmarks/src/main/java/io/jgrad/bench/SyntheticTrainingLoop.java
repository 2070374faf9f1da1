package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;

/**
 * The training loop the training-step benchmarks time: {@link GpuSideBySide.TrainingLoop} (a {@link io.jgrad.Scope}
 * per step, zeroGrad, forward, cross-entropy, backward, Adam 1e-3; the loss is not read) over 16 consecutive batches of
 * seeded uniform images in [0, 1) and labels, held on the benchmark's device, so no dataset is needed.
 */
final class SyntheticTrainingLoop {
    private static final int BATCHES = 16;

    private SyntheticTrainingLoop() {}

    /** The loop for {@code workload} ({@code mlp-train} or {@code cnn-train}, {@link TrainThroughput#model}). */
    static GpuSideBySide.TrainingLoop create(String workload, Device device, int batch) {
        Generator g = new Generator(3);
        int images = BATCHES * batch;
        var data = new GpuSideBySide.TrainingData(Tensor.rand(device, g, DType.F32, images, 1, 28, 28),
                Tensor.randint(device, g, DType.I64, 0, 10, images), "synthetic");
        // TrainingLoop takes torch_gpu.py's workload names.
        return new GpuSideBySide.TrainingLoop("gpu-" + workload, data, batch);
    }
}
