package io.jgrad.data;

/** An indexable collection of examples, fetched a batch at a time. */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** The examples at {@code indices} (each in {@code [0, size())}), stacked into one batch. */
    Batch get(int[] indices);

    /** The examples at {@code indices} of this dataset, as a dataset. */
    default Dataset subset(int[] indices) { return new Subset(this, indices); }

    /** Every example as one batch. */
    default Batch all() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return get(idx);
    }
}
