package io.jgrad.data;

/** A view of some examples of another dataset, in the given order. */
final class Subset implements Dataset {
    private final Dataset parent;
    private final int[] indices;

    Subset(Dataset parent, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= parent.size()) {
                throw new IndexOutOfBoundsException("subset: index " + i + " outside a dataset of " + parent.size() + " examples");
            }
        }
        this.parent = parent;
        this.indices = indices.clone();
    }

    @Override
    public int size() { return indices.length; }

    @Override
    public Batch get(int[] idx) {
        int[] mapped = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= indices.length) {
                throw new IndexOutOfBoundsException("subset: index " + idx[i] + " outside a subset of " + indices.length + " examples");
            }
            mapped[i] = indices[idx[i]];
        }
        return parent.get(mapped);
    }
}
