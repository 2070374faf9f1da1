package io.jgrad.select.compare;

/**
 * One class's figures on an evaluation split.
 *
 * @param name      the class name
 * @param precision the share of predictions of this class that were right
 * @param recall    the share of this class's examples predicted as it
 * @param f1        the harmonic mean of precision and recall
 * @param support   the number of examples of this class
 */
public record ClassScores(String name, double precision, double recall, double f1, long support) {}
