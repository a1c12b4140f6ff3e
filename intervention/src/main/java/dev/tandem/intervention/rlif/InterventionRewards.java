package dev.tandem.intervention.rlif;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.ControlSource;
import dev.tandem.intervention.EpisodeTimeline;

/**
 * RLIF (Luo et al. 2023) rewards: 0 everywhere except {@code interventionPenalty} (default -1) on
 * the policy's transition that made the person step in, i.e. the step right before a takeover or a
 * language correction. {@code taskRewardScale} adds the task's own reward on top (default 0:
 * intervention reward only).
 *
 * <p>Bootstrapping: with {@code terminalAtIntervention} (default true) the penalized transition is
 * terminal, because what follows it is the person's control, not the policy's; the person's steps
 * themselves keep reward 0 (plus task reward) and bootstrap normally, and the episode's own
 * termination is kept. A takeover at the very first step has no policy transition before it and
 * gives no penalty; back-to-back interventions penalize only the policy step before the first.
 */
public record InterventionRewards(
    Double interventionPenalty, Double taskRewardScale, Boolean terminalAtIntervention) {

  public InterventionRewards {
    interventionPenalty = ConfigChecks.orDefault(interventionPenalty, -1.0);
    taskRewardScale = ConfigChecks.orDefault(taskRewardScale, 0.0);
    terminalAtIntervention = ConfigChecks.orDefault(terminalAtIntervention, true);
    if (!(interventionPenalty < 0)) {
      throw new IllegalArgumentException(
          "interventionPenalty: found " + interventionPenalty + ", expected a number < 0");
    }
    ConfigChecks.inRange(taskRewardScale, 0.0, 1e6, "taskRewardScale");
  }

  public static InterventionRewards defaults() {
    return new InterventionRewards(null, null, null);
  }

  /** Rewards and terminal flags for every step of an episode. */
  public record Labels(float[] rewards, boolean[] terminal) {}

  /**
   * Labels one episode. {@code taskRewards} and {@code taskTerminal} are what the environment
   * reported per step (may be null when unused).
   */
  public Labels label(EpisodeTimeline t, float[] taskRewards, boolean[] taskTerminal) {
    int n = t.length();
    float[] r = new float[n];
    boolean[] terminal = new boolean[n];
    for (int i = 0; i < n; i++) {
      r[i] = taskRewards == null ? 0f : (float) (taskRewardScale * taskRewards[i]);
      terminal[i] = taskTerminal != null && taskTerminal[i];
    }
    for (int i = 1; i < n; i++) {
      if (t.isTakeover(i) && isPolicyStep(t, i - 1)) {
        r[i - 1] += interventionPenalty.floatValue();
        terminal[i - 1] |= terminalAtIntervention;
      }
    }
    return new Labels(r, terminal);
  }

  /** The policy chose the action at this step (on its own, or under a language correction). */
  private static boolean isPolicyStep(EpisodeTimeline t, int i) {
    ControlSource s = t.sources()[i];
    return s == ControlSource.POLICY || s == ControlSource.CORRECTED;
  }
}
