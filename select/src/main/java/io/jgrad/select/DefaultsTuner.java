package io.jgrad.select;

import java.util.List;

/**
 * The built-in tuner: keeps the family's default configuration (already evaluated by the comparison), so the
 * selection costs no tuning time. It is the hook's simplest implementation; a search strategy replaces it.
 */
public final class DefaultsTuner implements Tuner {

    @Override
    public String name() { return "defaults (no search)"; }

    @Override
    public Result tune(Request request) {
        var baseline = request.baseline();
        return new Result(baseline, List.of(new Trial(1, baseline.config(), request.objective().maxEpochs(),
                baseline.mean(), null, baseline.seconds())));
    }
}
