package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random search: independent draws from the parameters' priors, each with the full resource, until stopped. */
public final class RandomSearch implements SearchStrategy {

    /** Random search (see {@link SearchStrategy#random()}). */
    public RandomSearch() {
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Proposer start(SearchSetup setup) {
        Random random = new Random(setup.seed());
        return (finished, batchSize) -> {
            List<Proposal> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(Proposal.of(setup.space().sample(random), setup.fullResource(), "random"));
            }
            return batch;
        };
    }
}
