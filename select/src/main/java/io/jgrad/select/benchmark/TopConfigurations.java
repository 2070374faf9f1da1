package io.jgrad.select.benchmark;

import io.jgrad.select.DefaultsTuner;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Selector;
import io.jgrad.select.Trial;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.compare.Resampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An analysis for {@link GridComparison}, not part of any choice: the full grid's best configurations by validation
 * score, each fitted on train+validation and tested once exactly as the grid's best is (a {@link Selector} run whose
 * only candidate is that configuration, with no search), to show how far apart on the test split the configurations
 * land that validation cannot tell apart.
 */
final class TopConfigurations {
    private TopConfigurations() {}

    /**
     * One configuration of the grid.
     *
     * @param family its family (as the grid searched it)
     * @param config the configuration
     * @param cv     its mean validation score in the grid
     */
    record Ranked(CandidateFamily family, Hyperparameters config, double cv) {}

    /**
     * The {@code n} best configurations of the grid by validation score (the earlier family and trial on a tie), each
     * once; {@code perFamily.get(i)} is the grid's selection over {@code families.get(i)}.
     */
    static List<Ranked> best(List<CandidateFamily> families, List<SelectionReport> perFamily, int n) {
        List<Ranked> all = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            CandidateFamily family = families.get(i);
            for (Trial t : perFamily.get(i).trials()) {
                boolean seen = all.stream().anyMatch(r -> r.family() == family && r.config().equals(t.config()));
                if (t.succeeded() && !seen) all.add(new Ranked(family, t.config(), t.score()));
            }
        }
        SelectionMetric metric = perFamily.getFirst().metric();
        Comparator<Ranked> byCv = Comparator.comparingDouble(Ranked::cv);
        all.sort(metric.higherIsBetter() ? byCv.reversed() : byCv); // a stable sort keeps the order of ties
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Fits and tests each of {@code top} as the grid's best is fitted and tested, and prints its figures. */
    static void fitAndTest(PreparedData data, List<Ranked> top, Resampling resampling, int epochs, int patience,
                           long seed) {
        System.out.println("the grid's " + top.size() + " best configurations by validation score, each fitted on"
                + " train+validation and tested once as the grid's best is (analysis only):");
        for (int i = 0; i < top.size(); i++) {
            Ranked r = top.get(i);
            CandidateFamily only = fixed(r.family(), r.config());
            SelectionReport s = Selector.builder().resampling(resampling).training(epochs, patience).seed(seed)
                    .families(m -> List.of(only)).tuner(new DefaultsTuner()).build().select(data).report();
            System.out.printf(Locale.ROOT, "  %d. %s (%s): validation %.4f (again: %.4f), test %.4f%n", i + 1,
                    r.family().name(), r.config(), r.cv(), s.chosen().mean(), s.testScore());
        }
    }

    /** {@code family} with {@code config} as its default configuration, so a selection without search takes it. */
    private static CandidateFamily fixed(CandidateFamily family, Hyperparameters config) {
        CandidateFamily base = family instanceof CoarseFamily c ? c.family() : family;
        HyperparameterSpace.Builder space = HyperparameterSpace.builder();
        family.space().dimensions().forEach((name, d) -> {
            Object value = config.values().get(name);
            switch (d) {
                case HyperparameterSpace.Choice c -> space.choice(name, value, c.values().toArray());
                case HyperparameterSpace.IntRange r -> space.intRange(name, (Integer) value, r.min(), r.max());
                case HyperparameterSpace.RealRange r -> space.realRange(name, (Double) value, r.min(), r.max(),
                        r.log());
            }
        });
        return new CoarseFamily(base, space.build());
    }
}
