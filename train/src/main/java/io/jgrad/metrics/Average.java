package io.jgrad.metrics;

/** How per-class scores combine into one: unweighted mean, from global counts, or weighted by class support. */
public enum Average { MACRO, MICRO, WEIGHTED }
