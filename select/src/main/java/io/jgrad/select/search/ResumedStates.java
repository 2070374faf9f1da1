package io.jgrad.select.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which finished trials a search's resuming objective must keep the saved states of: those of the batch that ran
 * last, until the next batch is admitted (successive halving and Hyperband continue only the rung just run). A state
 * that a continuing trial takes over is the objective's to carry on under the new trial's id; every other trial's
 * state is {@linkplain Objective#discard discarded} once: when the next batch does not continue it, when its
 * continuation was admitted but never ran (the deadline), or when the search ends.
 */
final class ResumedStates {
    private final Objective objective;
    private final String strategy;
    private final TreeSet<Integer> held = new TreeSet<>();
    private final Set<Integer> claimed = new HashSet<>(); // continued by the batch being admitted

    ResumedStates(Objective objective, String strategy) {
        this.objective = objective;
        this.strategy = strategy;
    }

    /**
     * Fails when {@code proposal} continues a trial whose state is no longer kept (not of the batch run last) or that
     * another proposal of its batch continues already.
     */
    void requireContinuable(Proposal proposal) {
        if (proposal.continues() >= 0 && (!held.contains(proposal.continues())
                || !claimed.add(proposal.continues()))) {
            throw new IllegalStateException("strategy " + strategy + " continued trial " + proposal.continues()
                    + ", whose state a resuming objective no longer keeps: with a resumable objective a strategy may"
                    + " continue only trials of the batch it saw last, each at most once");
        }
    }

    /** Before a batch runs: the admitted trials take over the states they continue; the others are discarded. */
    void admit(List<Proposal> admitted) {
        for (Proposal p : admitted) {
            held.remove(p.continues());
        }
        claimed.clear();
        discardHeld();
    }

    /**
     * After a batch ran: the trials that ran hold their states; a state whose continuation was admitted but did not
     * run is discarded.
     */
    void ran(List<Proposal> admitted, List<Trial> done) {
        for (Proposal p : admitted.subList(done.size(), admitted.size())) {
            if (p.continues() >= 0) {
                objective.discard(p.continues());
            }
        }
        for (Trial t : done) {
            held.add(t.id());
        }
    }

    /** When the search ends: nothing can be continued any more. */
    void discardHeld() {
        while (!held.isEmpty()) {
            objective.discard(held.pollFirst());
        }
    }
}
