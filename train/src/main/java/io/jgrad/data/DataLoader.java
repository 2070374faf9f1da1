package io.jgrad.data;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Iterates a dataset in mini-batches: optional seeded shuffling (a new order each epoch, the same orders on every
 * run with the same seed), optionally dropping a last incomplete batch, and optionally assembling batches on a
 * background daemon thread ahead of the consumer (a bounded queue of {@code prefetch} batches).
 *
 * <p>Each {@link #iterator()} is one epoch. An exception thrown while loading a batch in the background is rethrown
 * to the consumer by {@code next()}. Close an epoch's iterator ({@link Epoch#close()}) when leaving it early so the
 * loading thread stops; a fully consumed epoch ends its thread by itself.
 *
 * <p>For training on a device ({@link Builder#device}), the dataset stays in host memory: each batch is assembled and
 * transformed there and then copied to the device, on the loading thread when prefetching, so the copy of the next
 * batch overlaps the current step. Such a batch owns its device copies; close it once used ({@link Batch#close()}),
 * as the trainer does after each step. Closing an epoch early releases the batches loaded ahead.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int prefetch;
    private final Generator generator;
    private final BatchTransform transform;
    private final Backend target; // null: batches stay where the dataset puts them

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.generator = new Generator(b.seed);
        this.transform = b.transform;
        this.target = b.target;
    }

    public static Builder builder(Dataset dataset) { return new Builder(dataset); }

    /** An in-order loader without prefetching. */
    public static DataLoader of(Dataset dataset, int batchSize) { return builder(dataset).batchSize(batchSize).build(); }

    public Dataset dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    /** The backend batches are copied to ({@link Builder#device}), or null when they stay on the dataset's. */
    public Backend target() { return target; }

    /** The number of batches per epoch. */
    public int batchCount() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The number of examples per epoch (fewer than the dataset's when the last batch is dropped). */
    public int exampleCount() { return dropLast ? batchCount() * batchSize : dataset.size(); }

    /** Starts an epoch: draws this epoch's order (when shuffling) and, with prefetch, starts the loading thread. */
    @Override
    public Epoch iterator() {
        int[] order = order();
        return prefetch > 0 ? new Prefetching(order) : new Direct(order);
    }

    /**
     * Draws and discards the orders of the next {@code epochs} epochs, so that a run resumed after them (see
     * {@code Trainer.resume}) sees the orders an uninterrupted run would have.
     */
    public synchronized void skipEpochs(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("skipEpochs: epochs must be >= 0, got " + epochs);
        if (shuffle) for (int e = 0; e < epochs; e++) order();
    }

    private synchronized int[] order() {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = generator.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch load(int[] order, int batch) {
        int from = batch * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] idx = new int[to - from];
        System.arraycopy(order, from, idx, 0, idx.length);
        Batch loaded = dataset.get(idx);
        Batch transformed = transform == null ? loaded : transform.apply(loaded);
        return target == null ? transformed : transformed.movedTo(target);
    }

    /** One pass over the data; closing it stops a background loader. */
    public sealed interface Epoch extends Iterator<Batch>, AutoCloseable permits Direct, Prefetching {
        @Override
        void close();
    }

    private final class Direct implements Epoch {
        private final int[] order;
        private final int batches = batchCount();
        private int next;

        Direct(int[] order) { this.order = order; }

        @Override
        public boolean hasNext() { return next < batches; }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("epoch finished after " + batches + " batches");
            return load(order, next++);
        }

        @Override
        public void close() { next = batches; }
    }

    /** What the loading thread puts in the queue: a batch, a failure, or the end. */
    private sealed interface Item {}

    private record Loaded(Batch batch) implements Item {}

    private record Failed(Throwable error) implements Item {}

    private record End() implements Item {}

    private final class Prefetching implements Epoch {
        private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(prefetch);
        private final Thread thread;
        private final int batches = batchCount();
        private int taken;
        private volatile boolean closed;

        Prefetching(int[] order) {
            thread = Thread.ofPlatform().daemon().name("jgrad-dataloader").unstarted(() -> produce(order));
            thread.start();
        }

        private void produce(int[] order) {
            try {
                for (int b = 0; b < batches && !closed; b++) {
                    Batch batch = load(order, b);
                    if (!offer(new Loaded(batch))) {
                        batch.close(); // the epoch was closed: nobody will take it
                        return;
                    }
                }
                offer(new End());
            } catch (Throwable t) {
                offer(new Failed(t));
            }
        }

        /** Blocks until there is room or the epoch is closed; false when closed. */
        private boolean offer(Item item) {
            try {
                while (!closed) {
                    if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public boolean hasNext() { return !closed && taken < batches; }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("epoch finished after " + taken + " batches");
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
            return switch (item) {
                case Loaded l -> {
                    taken++;
                    yield l.batch();
                }
                case Failed f -> {
                    close();
                    throw new DataLoadingException("loading batch " + taken + " failed: " + f.error(), f.error());
                }
                case End e -> {
                    close();
                    throw new NoSuchElementException("the loader ended after " + taken + " of " + batches + " batches");
                }
            };
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            releaseQueued(); // also unblocks a producer waiting for room
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            releaseQueued(); // one the producer may have queued just before it saw the epoch closed
        }

        /** Empties the queue, releasing the device copies of the batches loaded ahead. */
        private void releaseQueued() {
            List<Item> left = new ArrayList<>();
            queue.drainTo(left);
            for (Item item : left) if (item instanceof Loaded l) l.batch().close();
        }
    }

    /** Thrown to the consumer when the background loader failed. */
    public static final class DataLoadingException extends RuntimeException {
        public DataLoadingException(String message, Throwable cause) { super(message, cause); }
    }

    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private boolean dropLast;
        private int prefetch;
        private long seed = 0;
        private BatchTransform transform;
        private Backend target;

        private Builder(Dataset dataset) { this.dataset = dataset; }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle each epoch with a generator seeded by {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Load up to {@code batches} batches ahead on a background thread (0: load on the caller's thread). */
        public Builder prefetch(int batches) {
            if (batches < 0) throw new IllegalArgumentException("prefetch must be >= 0, got " + batches);
            this.prefetch = batches;
            return this;
        }

        /** Applies {@code t} to every batch, in batch order (augmentation, normalization, reshaping). */
        public Builder transform(BatchTransform t) {
            this.transform = t;
            return this;
        }

        /**
         * Copies every batch to {@code device} after assembling and transforming it where the dataset is (keep the
         * dataset in host memory): with {@link #prefetch} on the loading thread, so the copy overlaps the consumer's
         * work. The batches own their copies ({@link Batch#close()}). The device's backend is the current default's
         * when it runs there, else the device's best, as for {@code Tensor.zeros(device, ...)}; a tensor already on
         * that backend is used as it is.
         */
        public Builder device(Device device) {
            if (device == null) return device((Backend) null);
            Backend current = Backends.defaultBackend();
            return device(current.device().equals(device) ? current : Backends.forDevice(device));
        }

        /** As {@link #device(Device)}, to this backend (null: no copy). */
        public Builder device(Backend backend) {
            this.target = backend;
            return this;
        }

        public DataLoader build() { return new DataLoader(this); }
    }
}
