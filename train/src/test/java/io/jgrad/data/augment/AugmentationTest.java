package io.jgrad.data.augment;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.Batch;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each augmentation step on small known images, seeding, and augmentation inside a prefetching loader. */
class AugmentationTest {
    /** A 1x3x4 image with pixel (y, x) = (4y + x + 1) / 12. */
    private static float[] ramp() {
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) v[i] = (i + 1) / 12f;
        return v;
    }

    @Test
    void horizontalFlipMirrorsRowsOrLeavesThemAlone() {
        float[] img = ramp();
        new HorizontalFlip(1).apply(img, 1, 3, 4, new Generator(0));
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9}, times12(img), 1e-5f);
        float[] same = ramp();
        new HorizontalFlip(0).apply(same, 1, 3, 4, new Generator(0));
        assertArrayEquals(ramp(), same);
    }

    private static float[] times12(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * 12;
        return out;
    }

    @Test
    void randomCropShiftsContentWithZeroFill() {
        int shifted = 0;
        Generator g = new Generator(3);
        for (int trial = 0; trial < 20; trial++) {
            float[] img = ramp();
            new RandomCrop(1).apply(img, 1, 3, 4, g);
            // Every pixel is zero or an original pixel whose neighbours keep the ramp's steps (a pure shift).
            int dx = Integer.MAX_VALUE, dy = Integer.MAX_VALUE;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    float v = img[y * 4 + x] * 12;
                    if (v == 0) continue;
                    int src = Math.round(v) - 1, sy = src / 4, sx = src % 4;
                    if (dx == Integer.MAX_VALUE) { dx = sx - x; dy = sy - y; }
                    assertEquals(dx, sx - x, "one horizontal shift for the whole image");
                    assertEquals(dy, sy - y, "one vertical shift for the whole image");
                }
            }
            assertTrue(Math.abs(dx) <= 1 && Math.abs(dy) <= 1);
            if (dx != 0 || dy != 0) shifted++;
        }
        assertTrue(shifted > 10, "most crops move the image: " + shifted);
    }

    @Test
    void affineIdentityRotationAndTranslation() {
        float[] img = ramp();
        RandomAffine.transform(img, 1, 3, 4, 0, 1, 0, 0);
        assertArrayEquals(ramp(), img);
        // A 180 degree turn about the centre reverses the pixel order exactly.
        float[] turned = ramp();
        RandomAffine.transform(turned, 1, 3, 4, Math.PI, 1, 0, 0);
        float[] reversed = new float[12];
        for (int i = 0; i < 12; i++) reversed[i] = ramp()[11 - i];
        assertArrayEquals(reversed, turned, 1e-5f);
        // A one-pixel shift right brings in zeros on the left.
        float[] moved = ramp();
        RandomAffine.transform(moved, 1, 3, 4, 0, 1, 1, 0);
        assertArrayEquals(new float[] {0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11}, times12(moved), 1e-4f);
        // Scaling by 2 about the centre of a 3x3 image keeps the centre pixel.
        float[] nine = new float[9];
        for (int i = 0; i < 9; i++) nine[i] = i;
        RandomAffine.transform(nine, 1, 3, 3, 0, 2, 0, 0);
        assertEquals(4, nine[4], 1e-6);
        assertEquals((0 + 1 + 3 + 4) / 4.0, nine[0], 1e-5, "corner samples halfway to the centre");
    }

    @Test
    void colorJitterBoundsAndNormalize() {
        Generator g = new Generator(5);
        for (int t = 0; t < 10; t++) {
            float[] img = ramp();
            new ColorJitter(0.5, 0).apply(img, 1, 3, 4, g);
            double factor = img[0] / ramp()[0];
            assertTrue(factor >= 0.5 - 1e-6 && factor <= 1.5 + 1e-6, "brightness factor " + factor);
            for (int i = 0; i < 12; i++) assertEquals(Math.min(1, ramp()[i] * factor), img[i], 1e-5, "one factor for every pixel");
        }
        float[] flat = ramp();
        new ColorJitter(0, 1).apply(flat, 1, 3, 4, new Generator(9));
        double mean = 0;
        for (float v : flat) mean += v;
        assertEquals(6.5 / 12, mean / 12, 0.05, "contrast moves pixels about the mean");

        float[] two = {0.5f, 1f, 0f, 0.2f};
        new Normalize(new double[] {0.5, 0.1}, new double[] {0.5, 0.2}).apply(two, 2, 1, 2, null);
        assertArrayEquals(new float[] {0, 1, -0.5f, 0.5f}, two, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(10, 1.2, 1.1, 0));
    }

    private static Augmentation pipeline(long seed) {
        return Augmentation.images(1, 6, 6).seed(seed).randomCrop(1).horizontalFlip(0.5).affine(15, 0.9, 1.1, 0.1)
                .colorJitter(0.2, 0.2).normalize(0.3, 0.4).build();
    }

    @Test
    void sameSeedSameImagesAndFlatInputsAreReshaped() {
        Tensor flat = Tensor.rand(new Generator(1), 5, 36);
        Tensor a = pipeline(7).apply(flat), b = pipeline(7).apply(flat), c = pipeline(8).apply(flat);
        assertArrayEquals(new int[] {5, 1, 6, 6}, a.dims());
        assertTrue(a.equalValues(b));
        assertFalse(a.equalValues(c));
        var e = assertThrows(IllegalArgumentException.class, () -> pipeline(7).apply(Tensor.zeros(5, 35)));
        assertTrue(e.getMessage().contains("expected images [n, 36] or [n, 1, 6, 6], got shape [5, 35]"), e.getMessage());
        // Normalization alone is a reshape plus an affine map.
        Tensor normalized = Augmentation.images(1, 6, 6).normalize(0.3, 0.4).build().apply(flat);
        assertTrue(normalized.allClose(flat.sub(0.3).div(0.4).reshape(5, 1, 6, 6), 1e-5, 1e-5));
    }

    @Test
    void loaderAppliesTheTransformPerBatchReproducibly() {
        Tensor x = Tensor.rand(new Generator(2), 40, 36);
        Tensor y = Tensor.of(new long[40], 40);
        List<Tensor> first = epoch(x, y), second = epoch(x, y);
        assertEquals(4, first.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(new int[] {10, 1, 6, 6}, first.get(i).dims());
            assertTrue(first.get(i).equalValues(second.get(i)), "batch " + i + " is the same on a second run");
        }
        assertFalse(first.get(0).equalValues(x.narrow(0, 0, 10).reshape(10, 1, 6, 6)), "the images were augmented");
    }

    private static List<Tensor> epoch(Tensor x, Tensor y) {
        DataLoader loader = DataLoader.builder(new TensorDataset(x, y)).batchSize(10).shuffle(3).prefetch(2).transform(pipeline(11)).build();
        List<Tensor> out = new ArrayList<>();
        try (var it = loader.iterator()) {
            while (it.hasNext()) {
                Batch b = it.next();
                out.add(b.inputs());
            }
        }
        return out;
    }
}
