package io.jgrad.select.benchmark;

import io.jgrad.select.Modality;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.candidates.SmallCnnFamily;

import java.util.List;

/**
 * The coarse spaces of {@link GridComparison}: a few values per dimension of the built-in families' spaces, each
 * family's default configuration included, small enough for a full grid on two cores.
 *
 * <ul>
 *   <li>tables: linear (lr {1e-3, 3e-3, 1e-2, 3e-2, 1e-1} x batch {32, 128}: 10) and MLP (depth {1, 2, 3} x width
 *       {32, 64, 128} x dropout {0, 0.1} x batch norm {no, yes} x lr {1e-3, 1e-2}, batch 32: 72), 82 in all;</li>
 *   <li>images: MLP (depth {1, 2} x width {64, 128} x dropout {0, 0.1} x lr {1e-3, 1e-2}, batch 32: 16) and small
 *       CNN (channels {8, 16} x dense {64, 128} x dropout {0, 0.25} x lr {1e-3, 1e-2}, batch 32: 16), 32 in all.</li>
 * </ul>
 */
public final class CoarseGrids {
    private CoarseGrids() {}

    /** The coarse families for {@code modality}. */
    public static List<CandidateFamily> forModality(Modality modality) {
        return switch (modality) {
            case TABULAR -> List.of(
                    new CoarseFamily(new LinearFamily(), HyperparameterSpace.builder()
                            .choice("lr", 3e-2, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1).choice("batch_size", 32, 32, 128)
                            .build()),
                    new CoarseFamily(new MlpFamily(), HyperparameterSpace.builder()
                            .choice("depth", 2, 1, 2, 3).choice("width", 64, 32, 64, 128)
                            .choice("dropout", 0.1, 0.0, 0.1)
                            .choice("batch_norm", false, false, true).choice("lr", 1e-3, 1e-3, 1e-2)
                            .choice("batch_size", 32, 32).build()));
            case IMAGES -> List.of(
                    new CoarseFamily(new MlpFamily(), HyperparameterSpace.builder()
                            .choice("depth", 2, 1, 2).choice("width", 64, 64, 128).choice("dropout", 0.1, 0.0, 0.1)
                            .choice("batch_norm", false, false).choice("lr", 1e-3, 1e-3, 1e-2)
                            .choice("batch_size", 32, 32).build()),
                    new CoarseFamily(new SmallCnnFamily(), HyperparameterSpace.builder()
                            .choice("channels", 16, 8, 16).choice("dense_units", 64, 64, 128)
                            .choice("dropout", 0.25, 0.0, 0.25).choice("lr", 1e-3, 1e-3, 1e-2)
                            .choice("batch_size", 32, 32).build()));
            default -> throw new IllegalArgumentException("no coarse grid for " + modality + " data");
        };
    }

    /** The number of configurations in the full grid over {@code families}. */
    public static long gridSize(List<CandidateFamily> families) {
        return families.stream().mapToLong(f -> f.space().gridSize()).sum();
    }
}
