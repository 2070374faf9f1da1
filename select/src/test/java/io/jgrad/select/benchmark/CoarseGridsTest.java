package io.jgrad.select.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.Modality;
import io.jgrad.select.SearchSpaces;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.search.SearchStrategy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoarseGridsTest {

    @Test
    void theDocumentedGridsLieInTheFamiliesSpaces() {
        List<CandidateFamily> tables = CoarseGrids.forModality(Modality.TABULAR);
        assertEquals(82, CoarseGrids.gridSize(tables));
        assertEquals(32, CoarseGrids.gridSize(CoarseGrids.forModality(Modality.IMAGES)));
        for (var modality : List.of(Modality.TABULAR, Modality.IMAGES)) {
            for (CandidateFamily f : CoarseGrids.forModality(modality)) {
                CandidateFamily own = ((CoarseFamily) f).family();
                assertEquals(own.name(), f.name());
                assertEquals(own.space().defaults(), f.space().defaults(), f.name() + " keeps its defaults");
                // every grid point is a configuration of the family's own space
                SearchSpaces.of(f.space()).grid(1).forEach(c -> own.space().check(SearchSpaces.hyperparameters(c)));
                assertEquals(f.space().gridSize(), SearchSpaces.of(f.space()).gridSize(1));
            }
        }
        assertTrue(SearchStrategy.grid(1).name().contains("grid"));
    }

    @Test
    void aCoarseSpaceOutsideTheFamilysIsRejected() {
        var outside = HyperparameterSpace.builder().choice("depth", 9, 9).build();
        var e = assertThrows(IllegalArgumentException.class, () -> new CoarseFamily(new MlpFamily(), outside));
        assertTrue(e.getMessage().contains("'width'") || e.getMessage().contains("'depth'"), e.getMessage());
    }
}
