package dev.tandem.core.env;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.spec.EnvironmentSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * An environment that forwards every call to another one: a wrapper extends it and overrides only
 * what it changes (a tap on each step, an action rewritten before it is sent).
 */
public abstract class ForwardingEnvironment implements Environment {
  protected final Environment env;

  protected ForwardingEnvironment(Environment env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public EnvironmentSpec spec() {
    return env.spec();
  }

  @Override
  public Observation reset(long seed) {
    return env.reset(seed);
  }

  @Override
  public Transition step(Action action) {
    return env.step(action);
  }

  @Override
  public EnvState state() {
    return env.state();
  }

  @Override
  public void restore(EnvState state) {
    env.restore(state);
  }

  @Override
  public boolean supportsRestore() {
    return env.supportsRestore();
  }

  @Override
  public Optional<TaskOracle> oracle() {
    return env.oracle();
  }

  @Override
  public void close() {
    env.close();
  }
}
