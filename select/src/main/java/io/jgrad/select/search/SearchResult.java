package io.jgrad.select.search;

import io.jgrad.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished search: every trial in id order, why it stopped, the best configuration and the best-so-far curve
 * for a convergence plot, as objects and as JSON.
 *
 * <p>"Best" compares trials at the full resource only (a configuration's score after 1 epoch is not comparable with
 * another's after 27), so under successive halving / Hyperband the curve starts once a trial reached the full
 * resource; if none did, the trials at the largest resource reached are compared.
 *
 * @param strategy     the strategy's name
 * @param space        the parameters searched
 * @param direction    whether larger or smaller scores are better
 * @param seed         the search's seed
 * @param fullResource the resource of a full trial
 * @param trials       every trial, in id order
 * @param stopReason   why no more trials were proposed
 * @param elapsed      the search's wall-clock time
 */
public record SearchResult(String strategy, SearchSpace space, Direction direction, long seed, double fullResource,
                           List<Trial> trials, StopReason stopReason, Duration elapsed) {

    /** Copies the trial list. */
    public SearchResult {
        trials = List.copyOf(trials);
    }

    /** The resource at which trials are compared: the full resource, or the largest reached if less. */
    public double comparedResource() {
        double largest = 0;
        for (Trial t : trials) {
            if (t.completed()) {
                largest = Math.max(largest, t.resource());
            }
        }
        return Math.min(largest, fullResource);
    }

    /** The best completed trial at {@link #comparedResource()} (the first of equals), or empty if none completed. */
    public Optional<Trial> best() {
        double compared = comparedResource();
        Trial best = null;
        for (Trial t : trials) {
            if (t.completed() && t.resource() >= compared
                    && (best == null || direction.isBetter(t.score(), best.score()))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * For each trial in id order, the best score among the trials at {@link #comparedResource()} up to and including
     * it (NaN until the first such completed trial): the convergence curve.
     */
    public double[] bestSoFar() {
        double compared = comparedResource();
        double[] curve = new double[trials.size()];
        double best = Double.NaN;
        for (int i = 0; i < curve.length; i++) {
            Trial t = trials.get(i);
            if (t.completed() && t.resource() >= compared && (Double.isNaN(best) || direction.isBetter(t.score(),
                    best))) {
                best = t.score();
            }
            curve[i] = best;
        }
        return curve;
    }

    /** The failed trials. */
    public List<Trial> failures() {
        return trials.stream().filter(t -> !t.completed()).toList();
    }

    /** The trial-epochs spent: the sum of every trial's charged resource. */
    public double totalResource() {
        return trials.stream().mapToDouble(Trial::charged).sum();
    }

    /**
     * The search as JSON: strategy, direction, seed, the space's parameters, stop reason, totals, the best trial,
     * the best-so-far curve ({@code null} before the first comparable score) and every trial
     * ({@link Trial#toJsonMap()}).
     */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("strategy", strategy);
        map.put("direction", direction.name().toLowerCase(java.util.Locale.ROOT));
        map.put("seed", seed);
        map.put("space", space.parameters().stream().map(Parameter::toJsonMap).toList());
        map.put("full_resource", fullResource);
        map.put("stop_reason", stopReason.name().toLowerCase(java.util.Locale.ROOT));
        map.put("elapsed_ms", elapsed.toMillis());
        map.put("trials_run", trials.size());
        map.put("trials_failed", failures().size());
        map.put("total_resource", totalResource());
        map.put("best", best().map(Trial::toJsonMap).orElse(null));
        List<Object> curve = new ArrayList<>();
        for (double v : bestSoFar()) {
            curve.add(Double.isNaN(v) ? null : v);
        }
        map.put("best_so_far", curve);
        map.put("trials", trials.stream().map(Trial::toJsonMap).toList());
        return Json.write(map);
    }

    /** Writes {@link #toJson()} to {@code file} (UTF-8). */
    public void writeJson(Path file) {
        try {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search history to " + file, e);
        }
    }

    /** A one-line summary: strategy, trials, failures, trial-epochs, stop reason and the best trial. */
    public String summary() {
        return strategy + ": " + trials.size() + " trials (" + failures().size() + " failed), "
                + Configuration.readable(totalResource()) + " trial-epochs, stopped: "
                + stopReason.name().toLowerCase(java.util.Locale.ROOT) + ", best: "
                + best().map(Trial::toString).orElse("none");
    }
}
