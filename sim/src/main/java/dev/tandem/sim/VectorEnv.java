package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.TaskConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * N simulated environments stepped together on the calling thread. An environment whose episode
 * ends (success, time limit, physics blow-up...) is reset at once with its next seed: {@link #step}
 * returns the ending transition, {@link #observations()} the new episode's first observation.
 * Environment {@code i}'s k-th episode uses seed {@code baseSeed + i + k·N}, so runs are
 * reproducible. A blow-up in one environment ends only that environment's episode.
 */
public final class VectorEnv implements AutoCloseable {

  private final List<SimEnvironment> envs;
  private final long baseSeed;
  private final long[] episodes;
  private final long[] seeds;
  private final Observation[] current;

  /** Takes ownership of {@code envs} (closed by {@link #close()}). */
  public VectorEnv(List<SimEnvironment> envs, long baseSeed) {
    if (envs.isEmpty()) {
      throw new IllegalArgumentException("a vector environment needs at least one environment");
    }
    this.envs = List.copyOf(envs);
    this.baseSeed = baseSeed;
    this.episodes = new long[envs.size()];
    this.seeds = new long[envs.size()];
    this.current = new Observation[envs.size()];
  }

  /** {@code count} environments of one task; seeds start at the config's seed. */
  public static VectorEnv create(TaskConfig config, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, found " + count);
    }
    List<SimEnvironment> list = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        list.add(SimEnvironment.create(config));
      }
    } catch (RuntimeException e) {
      list.forEach(SimEnvironment::close);
      throw e;
    }
    return new VectorEnv(list, config.sim().seed());
  }

  public int size() {
    return envs.size();
  }

  public SimEnvironment env(int i) {
    return envs.get(i);
  }

  /** The seed of environment {@code i}'s current episode. */
  public long episodeSeed(int i) {
    return seeds[i];
  }

  /** Starts the first (or next) episode of every environment; returns the first observations. */
  public List<Observation> reset() {
    for (int i = 0; i < envs.size(); i++) {
      resetOne(i);
    }
    return observations();
  }

  private void resetOne(int i) {
    seeds[i] = baseSeed + i + episodes[i] * envs.size();
    episodes[i]++;
    current[i] = envs.get(i).reset(seeds[i]);
  }

  /** The current observation of every environment. */
  public List<Observation> observations() {
    if (current[0] == null) {
      throw new IllegalStateException("call reset() before observations()");
    }
    return List.of(current);
  }

  /**
   * Steps environment {@code i} with {@code actions.get(i)}; environments whose episode ended are
   * reset with their next seed.
   */
  public List<Transition> step(List<Action> actions) {
    if (actions.size() != envs.size()) {
      throw new IllegalArgumentException(
          "got " + actions.size() + " actions for " + envs.size() + " environments");
    }
    if (current[0] == null) {
      throw new IllegalStateException("call reset() before step()");
    }
    List<Transition> out = new ArrayList<>(envs.size());
    for (int i = 0; i < envs.size(); i++) {
      Transition t = envs.get(i).step(actions.get(i));
      out.add(t);
      if (t.done()) {
        resetOne(i);
      } else {
        current[i] = t.observation();
      }
    }
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (SimEnvironment e : envs) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
