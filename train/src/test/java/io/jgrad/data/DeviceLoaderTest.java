package io.jgrad.data;

import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import io.jgrad.data.augment.Augmentation;
import io.jgrad.testing.OpaqueStorageBackend;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading for a device ({@link DataLoader.Builder#device}): batches are assembled on the dataset's backend and copied
 * to the target, directly or ahead on the loading thread, and own their copies; the dataset and the augmentation
 * create on their data's backend whatever the thread's default is.
 */
class DeviceLoaderTest {
    private static final Backend DEVICE = OpaqueStorageBackend.INSTANCE;

    @Test
    void batchesCopiedToTheTargetHoldTheHostBatchesAndOwnThem() {
        DataLoader host = DataLoader.builder(DataLoaderTest.numbered(23)).batchSize(4).shuffle(3).build();
        List<long[]> expected = DataLoaderTest.epoch(host);
        for (int prefetch : new int[] {0, 2}) {
            DataLoader loader = DataLoader.builder(DataLoaderTest.numbered(23)).batchSize(4).shuffle(3).prefetch(prefetch)
                    .device(DEVICE).build();
            assertSame(DEVICE, loader.target());
            List<Storage> copies = new ArrayList<>();
            List<long[]> seen = new ArrayList<>();
            try (DataLoader.Epoch epoch = loader.iterator()) {
                while (epoch.hasNext()) {
                    try (Batch b = epoch.next()) {
                        assertTrue(b.ownsItsTensors());
                        assertSame(DEVICE, b.inputs().backend());
                        assertSame(DEVICE, b.targets().backend());
                        seen.add(b.targets().toLongArray());
                        copies.add(b.inputs().storage());
                        copies.add(b.targets().storage());
                    }
                }
            }
            assertEquals(expected.size(), seen.size());
            for (int i = 0; i < seen.size(); i++) assertArrayEquals(expected.get(i), seen.get(i), "prefetch " + prefetch);
            for (Storage s : copies) assertTrue(OpaqueStorageBackend.isClosed(s), "closing a batch released its copies");
        }
    }

    @Test
    void tensorsAlreadyOnTheTargetAreNeitherCopiedNorOwned() {
        TensorDataset data = DataLoaderTest.numbered(8);
        DataLoader loader = DataLoader.builder(data).batchSize(8).device(data.inputs().backend()).build();
        Batch b = loader.iterator().next();
        assertFalse(b.ownsItsTensors());
        b.close();
        assertEquals(28, b.targets().sum().item(), 0, "closing a batch that owns nothing leaves it usable");
    }

    @Test
    void aFailedCopyReleasesTheCopiesAlreadyMade() {
        List<Storage> uploaded = new ArrayList<>();
        AtomicInteger uploads = new AtomicInteger();
        Backend failsSecondUpload = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, m, args) -> {
                    if (m.getName().equals("upload") && uploads.incrementAndGet() == 2) {
                        throw new IllegalStateException("device out of memory");
                    }
                    Object result;
                    try {
                        result = m.invoke(DEVICE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("upload")) uploaded.add((Storage) result);
                    return result;
                });
        DataLoader loader = DataLoader.builder(DataLoaderTest.numbered(8)).batchSize(4).device(failsSecondUpload).build();
        var e = assertThrows(IllegalStateException.class, () -> loader.iterator().next());
        assertEquals("device out of memory", e.getMessage());
        assertEquals(1, uploaded.size(), "the inputs were copied, the targets failed");
        assertTrue(OpaqueStorageBackend.isClosed(uploaded.getFirst()), "the inputs' copy was released");
    }

    @Test
    void theDatasetAndTheAugmentationCreateOnTheirDatasBackendWhateverTheThreadsDefault() {
        TensorDataset data = DataLoaderTest.numbered(6);
        Tensor images = Tensor.rand(new io.jgrad.Generator(1), 3, 4);
        Augmentation augment = Augmentation.images(1, 2, 2).normalize(0.5, 0.25).build();
        try (var on = Backends.use(DEVICE)) {
            Batch b = data.get(new int[] {4, 1});
            assertSame(data.inputs().backend(), b.inputs().backend());
            assertArrayEquals(new long[] {4, 1}, b.targets().toLongArray());
            Tensor out = augment.apply(images);
            assertSame(images.backend(), out.backend());
            assertArrayEquals(new int[] {3, 1, 2, 2}, out.dims());
        }
    }
}
