package dev.tandem.core.env;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.spec.EnvironmentSpec;
import java.util.Optional;

/**
 * A robot (simulated or real) that Tandem drives one control tick at a time.
 *
 * <p>Contract, checked by the conformance suite every implementation runs:
 *
 * <ul>
 *   <li>{@link #spec()} is fixed for the environment's life.
 *   <li>{@link #reset(long)} starts a new episode. The same seed gives the same initial observation
 *       (in simulation; a real robot may need a person to reset it, so reset can block until the
 *       robot reports ready).
 *   <li>{@link #step(Action)} applies one action, clipped to the spec, and returns the action
 *       actually applied. For a real robot whose state arrives asynchronously the returned
 *       observation is the latest one received at the end of the tick. After a transition with
 *       {@code done()} the caller must reset. Inside the control loop {@code step} does not throw
 *       for physics or device trouble: it ends the episode with a reason instead.
 *   <li>{@link #state()} / {@link #restore(EnvState)} snapshot and restore the full state; an
 *       environment that cannot (a real robot) throws {@link UnsupportedOperationException} and
 *       says so through {@link #supportsRestore()}.
 * </ul>
 */
public interface Environment extends AutoCloseable {

  EnvironmentSpec spec();

  Observation reset(long seed);

  Transition step(Action action);

  EnvState state();

  void restore(EnvState state);

  default boolean supportsRestore() {
    return true;
  }

  /** The task's oracle, where the environment has one (sim tasks do, real robots do not). */
  default Optional<TaskOracle> oracle() {
    return Optional.empty();
  }

  @Override
  void close();
}
