/**
 * Hyperparameter search, the selector's fourth step: a {@link io.jgrad.select.search.SearchSpace} of integer, real
 * (linear or log scale) and categorical parameters; strategies behind one interface,
 * {@link io.jgrad.select.search.SearchStrategy}: grid, random, Bayesian optimisation with a Gaussian process and
 * expected improvement ({@link io.jgrad.select.search.BayesianSearch}) or with TPE
 * ({@link io.jgrad.select.search.TpeSearch}), successive halving and Hyperband
 * ({@link io.jgrad.select.search.Hyperband}), and successive halving planned to the search's trial-epoch budget
 * ({@link io.jgrad.select.search.BudgetedHalving}); and {@link io.jgrad.select.search.HyperparameterSearch}, which runs
 * an {@link io.jgrad.select.search.Objective} on parallel threads, records failed trials with their reason, stops
 * at a trial, trial-epoch or wall-clock limit and returns the full history
 * ({@link io.jgrad.select.search.SearchResult}, with JSON for the report's convergence plot).
 *
 * <p>An objective trains one configuration for the trial's resource and returns its validation score:
 *
 * <pre>{@code
 * SearchResult result = HyperparameterSearch.over(space)
 *         .strategy(SearchStrategy.bayesian())
 *         .direction(Direction.MAXIMIZE)
 *         .seed(7).threads(2).maxTrials(30)
 *         .resource(20)
 *         .run((config, trial) -> {
 *             Model model = build(config.getInt("depth"), config.getInt("width"), config.getString("activation"));
 *             double f1 = trainAndValidate(model, config.getDouble("learningRate"), trial.epochs(), trial.seed());
 *             if (Double.isNaN(f1)) {
 *                 throw new TrialFailedException("loss became NaN");
 *             }
 *             return f1;
 *         });
 * Configuration best = result.best().orElseThrow().configuration();
 * }</pre>
 *
 * <p>Searches are reproducible: the same seed and batch size give the same trials and scores whatever the number
 * of threads (for a deterministic objective). The strategies' own arithmetic uses {@link java.lang.StrictMath}, so
 * given the same scores they propose the same trials on every machine.
 */
package io.jgrad.select.search;
