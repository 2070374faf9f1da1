package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.DType;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;
import org.bytedeco.cuda.global.cudnn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What cuDNN plans are made of, without a GPU: the precision of each dtype under autocast and TF32, the plan keys and
 * their derived shapes, and the choice of an algorithm from cuDNN's ranked list.
 */
class ConvPlanChoiceTest {
    private static final int OK = cudnn.CUDNN_STATUS_SUCCESS;
    private static final int FMA = cudnn.CUDNN_FMA_MATH;
    private static final int TENSOR_OP = cudnn.CUDNN_TENSOR_OP_MATH;

    @Test
    void precisionFollowsDtypeAutocastAndTf32() {
        assertSame(ConvPrecision.F32, ConvPrecision.of(DType.F32, Autocast.Precision.F32, false));
        assertSame(ConvPrecision.F32_TF32, ConvPrecision.of(DType.F32, Autocast.Precision.F32, true));
        assertSame(ConvPrecision.BF16, ConvPrecision.of(DType.F32, Autocast.Precision.BF16, false));
        assertSame(ConvPrecision.F16, ConvPrecision.of(DType.F32, Autocast.Precision.F16, true));
        assertSame(ConvPrecision.F64, ConvPrecision.of(DType.F64, Autocast.Precision.BF16, false), "F64 ignores autocast");
        assertNull(ConvPrecision.of(DType.I32, Autocast.Precision.F32, false));
        assertNull(ConvPrecision.of(DType.BOOL, Autocast.Precision.F32, false));
    }

    @Test
    void precisionsMapToCudnnTypes() {
        assertEquals(cudnn.CUDNN_DATA_FLOAT, ConvPrecision.F32.dataType());
        assertEquals(cudnn.CUDNN_FMA_MATH, ConvPrecision.F32.mathType());
        assertFalse(ConvPrecision.F32.allowsTensorOps());
        assertEquals(cudnn.CUDNN_TENSOR_OP_MATH, ConvPrecision.F32_TF32.mathType());
        assertEquals(cudnn.CUDNN_DATA_DOUBLE, ConvPrecision.F64.computeType());
        assertTrue(ConvPrecision.F64.doubleScaling());
        assertEquals(cudnn.CUDNN_DATA_BFLOAT16, ConvPrecision.BF16.dataType());
        assertEquals(cudnn.CUDNN_DATA_HALF, ConvPrecision.F16.dataType());
        for (ConvPrecision reduced : List.of(ConvPrecision.BF16, ConvPrecision.F16)) {
            assertEquals(cudnn.CUDNN_DATA_FLOAT, reduced.computeType(), reduced + " accumulates in F32");
            assertEquals(cudnn.CUDNN_TENSOR_OP_MATH, reduced.mathType());
            assertTrue(reduced.reduced());
            assertFalse(reduced.doubleScaling());
            assertEquals(2, reduced.elementBytes());
        }
    }

    @Test
    void keysDeriveTheOutputAndTellEmptyAndInconsistentShapes() {
        Conv2dParams p = new Conv2dParams(2, 1, 1, 0, 1, 2, 2);
        ConvKey key = ConvKey.of(Shape.of(3, 4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.F32);
        assertEquals(Shape.of(3, 6, 4, 5), key.output()); // (7 + 2 - 3) / 2 + 1 = 4; 9 - 2 * 2 - 1 + 1 = 5
        assertEquals(Shape.of(3, 4, 7, 9), key.input());
        assertEquals(Shape.of(6, 2, 3, 3), key.weight());
        assertTrue(key.consistent());
        assertFalse(key.empty());
        assertEquals(key, ConvKey.of(Shape.of(3, 4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.F32));
        assertNotEquals(key, ConvKey.of(Shape.of(3, 4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.BF16));
        assertNotEquals(key, ConvKey.of(Shape.of(2, 4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.F32));

        assertTrue(ConvKey.of(Shape.of(0, 4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.F32).empty());
        assertTrue(ConvKey.of(Shape.of(1, 4, 2, 9), Shape.of(6, 2, 5, 3), p, ConvPrecision.F32).empty(), "no output rows");
        assertFalse(ConvKey.of(Shape.of(1, 4, 7, 9), Shape.of(6, 3, 3, 3), p, ConvPrecision.F32).consistent());
        assertFalse(ConvKey.of(Shape.of(1, 4, 7, 9), Shape.of(5, 2, 3, 3), p, ConvPrecision.F32).consistent());
        assertThrows(IllegalArgumentException.class,
                () -> ConvKey.of(Shape.of(4, 7, 9), Shape.of(6, 2, 3, 3), p, ConvPrecision.F32));
    }

    @Test
    void theFirstSuccessfulEntryThatFitsIsChosen() {
        ConvAlgorithm unsupported = new ConvAlgorithm(6, cudnn.CUDNN_STATUS_NOT_SUPPORTED, 0, true, FMA);
        ConvAlgorithm huge = new ConvAlgorithm(5, OK, 1L << 30, true, FMA);
        ConvAlgorithm fits = new ConvAlgorithm(1, OK, 1024, false, FMA);
        ConvAlgorithm later = new ConvAlgorithm(0, OK, 0, true, FMA);
        List<ConvAlgorithm> ranked = List.of(unsupported, huge, fits, later);
        assertSame(fits, ConvAlgorithm.choose(ranked, 1 << 20, ConvPrecision.F32, false));
        assertSame(huge, ConvAlgorithm.choose(ranked, 1L << 30, ConvPrecision.F32, false), "the limit is inclusive");
        assertNull(ConvAlgorithm.choose(List.of(unsupported), 1 << 20, ConvPrecision.F32, false));
        assertNull(ConvAlgorithm.choose(List.of(), 1 << 20, ConvPrecision.F32, false));
    }

    @Test
    void determinismIsPreferredWhenAskedForButNotRequired() {
        ConvAlgorithm atomic = new ConvAlgorithm(0, OK, 0, false, FMA);
        ConvAlgorithm ordered = new ConvAlgorithm(1, OK, 0, true, FMA);
        assertSame(ordered, ConvAlgorithm.choose(List.of(atomic, ordered), 0, ConvPrecision.F32, true));
        assertSame(atomic, ConvAlgorithm.choose(List.of(atomic, ordered), 0, ConvPrecision.F32, false));
        assertSame(atomic, ConvAlgorithm.choose(List.of(atomic), 0, ConvPrecision.F32, true),
                "no deterministic entry: the first usable one");
    }

    @Test
    void plainF32NeverTakesATensorOpEntry() {
        ConvAlgorithm tensorOps = new ConvAlgorithm(1, OK, 0, true, TENSOR_OP);
        ConvAlgorithm converting = new ConvAlgorithm(2, OK, 0, true, cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION);
        ConvAlgorithm fma = new ConvAlgorithm(0, OK, 0, true, FMA);
        List<ConvAlgorithm> ranked = List.of(tensorOps, converting, fma);
        assertSame(fma, ConvAlgorithm.choose(ranked, 0, ConvPrecision.F32, false));
        assertSame(tensorOps, ConvAlgorithm.choose(ranked, 0, ConvPrecision.F32_TF32, false));
        assertSame(tensorOps, ConvAlgorithm.choose(ranked, 0, ConvPrecision.BF16, false));
    }

    @Test
    void notSupportedCoversCudnn9sRefinedStatuses() {
        assertTrue(Cudnn.notSupported(cudnn.CUDNN_STATUS_NOT_SUPPORTED));
        assertTrue(Cudnn.notSupported(cudnn.CUDNN_STATUS_NOT_SUPPORTED + 7));
        assertFalse(Cudnn.notSupported(cudnn.CUDNN_STATUS_SUCCESS));
        assertFalse(Cudnn.notSupported(cudnn.CUDNN_STATUS_BAD_PARAM));
    }
}
