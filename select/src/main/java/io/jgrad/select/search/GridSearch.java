package io.jgrad.select.search;

import java.util.List;

/**
 * Grid search: every combination of the parameters' grid values, in order (the first parameter varying slowest),
 * each with the full resource. Every categorical choice is visited, every integer of a range with at most
 * {@code points} integers, and {@code points} evenly spaced values (on the parameter's scale, ends included) of
 * the other ranges.
 */
public final class GridSearch implements SearchStrategy {
    private final int points;

    /** A grid with {@code points} values per range (at least 1). */
    public GridSearch(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("a grid needs at least one point per range, got " + points);
        }
        this.points = points;
    }

    @Override
    public String name() {
        return "grid(" + points + ")";
    }

    @Override
    public Proposer start(SearchSetup setup) {
        List<Configuration> grid = setup.space().grid(points);
        return new Proposer() {
            private int next;

            @Override
            public List<Proposal> propose(List<Trial> finished, int batchSize) {
                int end = Math.min(grid.size(), next + batchSize);
                List<Proposal> batch = grid.subList(next, end).stream()
                        .map(c -> Proposal.of(c, setup.fullResource(), "grid")).toList();
                next = end;
                return batch;
            }
        };
    }
}
