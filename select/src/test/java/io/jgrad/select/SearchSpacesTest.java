package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jgrad.select.benchmark.CoarseGrids;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.search.CategoricalParameter;
import io.jgrad.select.search.OrdinalParameter;
import io.jgrad.select.search.RealParameter;
import io.jgrad.select.search.SearchSpace;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpacesTest {

    @Test
    void numericChoicesBecomeOrdinalsAndFlagsAndTextsStayCategorical() {
        SearchSpace mlp = SearchSpaces.of(new MlpFamily().space());
        for (String name : List.of("depth", "width", "dropout", "batch_size")) {
            assertInstanceOf(OrdinalParameter.class, mlp.parameter(name), name);
        }
        assertInstanceOf(CategoricalParameter.class, mlp.parameter("batch_norm"));
        assertInstanceOf(RealParameter.class, mlp.parameter("lr"));
        assertEquals(7, mlp.encodedWidth(), "a coordinate per number, two for the flag (17 when choices were one-hot)");

        SearchSpace texts = SearchSpaces.of(HyperparameterSpace.builder().choice("activation", "relu", "relu", "tanh")
                .choice("lr", 1e-3, 1e-3, 1e-2).choice("batch_size", 32, 32).build());
        assertInstanceOf(CategoricalParameter.class, texts.parameter("activation"));
        assertEquals(new OrdinalParameter("lr", List.of(1e-3, 1e-2), true), texts.parameter("lr"), "a decade: log");
        assertInstanceOf(CategoricalParameter.class, texts.parameter("batch_size"), "a single value: nothing to order");
    }

    @Test
    void gridsStillVisitEveryListedValueInTheFamilyOrder() {
        CandidateFamily coarseMlp = CoarseGrids.forModality(Modality.TABULAR).get(1);
        SearchSpace space = SearchSpaces.of(coarseMlp.space());
        assertEquals(7, space.encodedWidth(), "13 when one-hot");
        var grid = space.grid(1);
        assertEquals(72, grid.size());
        assertEquals("{depth=1, width=32, dropout=0, batch_norm=false, lr=0.001, batch_size=32}",
                grid.getFirst().toString());
        assertEquals("{depth=1, width=32, dropout=0, batch_norm=false, lr=0.01, batch_size=32}",
                grid.get(1).toString());
        grid.forEach(c -> coarseMlp.space().check(SearchSpaces.hyperparameters(c)));
    }
}
