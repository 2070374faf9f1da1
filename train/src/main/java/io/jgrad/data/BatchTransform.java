package io.jgrad.data;

/**
 * A function applied to every batch a {@link DataLoader} produces (on its loading thread when prefetching), e.g.
 * data augmentation ({@link io.jgrad.data.augment.Augmentation}). Batches arrive in order, one at a time, so a
 * transform with its own seeded generator gives the same batches on every run.
 */
@FunctionalInterface
public interface BatchTransform {
    Batch apply(Batch batch);
}
