package dev.tandem.runtime.training;

/**
 * How a method learns from its data when it is not weighted behavior cloning, selected by {@code
 * type:} in a method's {@code learner:} (today: {@code rlif}). A method with a learner ignores
 * {@code weighting} and {@code memory}.
 */
public sealed interface LearnerSettings permits RlifSettings {}
