package dev.tandem.policy;

import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.policy.Policy;
import java.util.Objects;
import java.util.function.Supplier;

/** Runs a policy on fresh episodes of an environment and reports how often it succeeds. */
public final class PolicyEvaluation {
  private PolicyEvaluation() {}

  /**
   * Figures over the episodes run: the success rate (an episode succeeds when any of its
   * transitions reports success), the mean return and the mean episode length in steps.
   */
  public record Result(int episodes, int successes, double meanReturn, double meanLength) {
    public double successRate() {
      return episodes == 0 ? 0 : (double) successes / episodes;
    }
  }

  /**
   * One episode per seed, each at most the environment's step limit, all in one environment from
   * {@code environments} (closed at the end).
   */
  public static Result evaluate(Policy policy, Supplier<Environment> environments, long[] seeds) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(environments, "environments");
    try (Environment env = environments.get()) {
      int successes = 0;
      double returns = 0;
      long steps = 0;
      int limit = env.spec().maxEpisodeSteps();
      for (long seed : seeds) {
        policy.reset();
        Observation o = env.reset(seed);
        boolean success = false;
        for (int t = 0; t < limit; t++) {
          Transition tr = env.step(policy.act(o));
          returns += tr.reward();
          steps++;
          success |= tr.success();
          o = tr.observation();
          if (tr.done()) {
            break;
          }
        }
        if (success) {
          successes++;
        }
      }
      int n = seeds.length;
      return new Result(n, successes, n == 0 ? 0 : returns / n, n == 0 ? 0 : (double) steps / n);
    }
  }

  /** Seeds {@code first, first + 1, ..., first + count - 1}. */
  public static long[] seeds(long first, int count) {
    long[] s = new long[count];
    for (int i = 0; i < count; i++) {
      s[i] = first + i;
    }
    return s;
  }
}
