package dev.tandem.runtime.experiment;

/**
 * A top-level config a {@code tandem} command runs (an experiment; later a teleop session, a
 * deployment).
 */
public interface JobConfig {}
