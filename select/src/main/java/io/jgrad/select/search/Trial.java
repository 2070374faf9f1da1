package io.jgrad.select.search;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluated configuration in a search's history.
 *
 * @param id            the trial's number, from 0 in proposal order
 * @param configuration what was evaluated
 * @param resource      the resource it trained with (epochs)
 * @param charged       the resource charged to the search's trial-epoch account: {@code resource}, or for a resumed
 *                      continuation only the extra part
 * @param status        completed or failed
 * @param score         the objective's score (NaN when failed)
 * @param failure       why it failed (null when completed)
 * @param continues     the earlier trial of the same configuration it continued, or -1
 * @param stage         the strategy's label, e.g. {@code "model"} or {@code "bracket 3, rung 1"}
 * @param elapsedMillis wall-clock time the objective took (varies from run to run, unlike everything else)
 */
public record Trial(int id, Configuration configuration, double resource, double charged, TrialStatus status,
                    double score, String failure, int continues, String stage, long elapsedMillis) {

    /** Checks status, score and failure agree. */
    public Trial {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(status, "status");
        if (status == TrialStatus.COMPLETED && (!Double.isFinite(score) || failure != null)) {
            throw new IllegalArgumentException("a completed trial has a finite score and no failure, got " + score
                    + ", " + failure);
        }
        if (status == TrialStatus.FAILED && (failure == null || !Double.isNaN(score))) {
            throw new IllegalArgumentException("a failed trial has a reason and a NaN score, got " + score + ", "
                    + failure);
        }
    }

    /**
     * Orders trials best first for {@code direction}: completed trials by score, then failed ones; ties keep id
     * order.
     */
    public static Comparator<Trial> bestFirst(Direction direction) {
        return Comparator.comparingDouble((Trial t) -> t.completed() ? -direction.utility(t.score())
                : Double.POSITIVE_INFINITY).thenComparingInt(Trial::id);
    }

    /** Whether the objective returned a finite score. */
    public boolean completed() {
        return status == TrialStatus.COMPLETED;
    }

    /** The trial as a JSON-ready map (see {@link SearchResult#toJson()}). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("configuration", configuration.values());
        map.put("resource", resource);
        map.put("charged", charged);
        map.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        map.put("score", completed() ? score : null);
        map.put("failure", failure);
        map.put("continues", continues);
        map.put("stage", stage);
        map.put("elapsed_ms", elapsedMillis);
        return map;
    }

    @Override
    public String toString() {
        return "trial " + id + " " + configuration + " @" + Configuration.readable(resource) + ": "
                + (completed() ? Configuration.readable(score) : "failed (" + failure + ")");
    }
}
