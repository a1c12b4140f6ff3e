package dev.tandem.intervention.operator;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.spec.ActionSpec;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated operator watching one environment, tick by tick. Each tick it sees the policy's
 * proposed action and the task's oracle (the current state) and answers with its own action when it
 * is in control, or nothing when the policy keeps control. Every random choice comes from the seed
 * given at {@link #reset(long)}.
 *
 * <p>Modes are explicit states: watching, reacting (decided, not yet in control), driving, cooling
 * down after a hand-back.
 */
public final class SimulatedOperator {

  private enum Mode {
    WATCHING,
    REACTING,
    DRIVING,
    COOLDOWN
  }

  private final SimulatedOperatorConfig config;
  private final ActionSpec actionSpec;
  private SplittableRandom rng = new SplittableRandom(0);
  private Mode mode = Mode.WATCHING;
  private int counter;
  private int onTrack;
  private int badValueStreak;
  private int interventions;
  private double[] progressHistory = new double[0];
  private int steps;

  public SimulatedOperator(SimulatedOperatorConfig config, ActionSpec actionSpec) {
    this.config = config;
    this.actionSpec = actionSpec;
  }

  /** Starts watching a new episode. */
  public void reset(long seed) {
    rng = new SplittableRandom(seed);
    mode = Mode.WATCHING;
    counter = 0;
    onTrack = 0;
    badValueStreak = 0;
    interventions = 0;
    steps = 0;
    int window = config.rule() instanceof StallRule s ? s.windowSteps() + 1 : 1;
    progressHistory = new double[window];
  }

  /** True while the operator is in control. */
  public boolean driving() {
    return mode == Mode.DRIVING;
  }

  public int interventions() {
    return interventions;
  }

  /**
   * One tick: returns the operator's action when it is in control this tick, empty when the
   * policy's proposal stands.
   */
  public Optional<Action> tick(Action proposed, TaskOracle oracle) {
    double progress = oracle.progress();
    progressHistory[steps % progressHistory.length] = progress;
    steps++;
    switch (mode) {
      case WATCHING -> {
        if (interventions < config.maxInterventionsPerEpisode() && wantsControl(proposed, oracle)) {
          if (config.reactionDelaySteps() == 0) {
            return Optional.of(startDriving(oracle));
          }
          mode = Mode.REACTING;
          counter = config.reactionDelaySteps();
        }
        return Optional.empty();
      }
      case REACTING -> {
        if (--counter <= 0) {
          return Optional.of(startDriving(oracle));
        }
        return Optional.empty();
      }
      case DRIVING -> {
        counter++;
        boolean done;
        if (config.driveSteps() != null) {
          done = counter >= config.driveSteps();
        } else {
          onTrack = policyWouldDoWell(proposed, oracle) ? onTrack + 1 : 0;
          done = onTrack >= config.onTrackSteps();
        }
        if (done) {
          mode = config.cooldownSteps() > 0 ? Mode.COOLDOWN : Mode.WATCHING;
          counter = config.cooldownSteps();
          badValueStreak = 0;
          return Optional.empty();
        }
        return Optional.of(ownAction(oracle));
      }
      case COOLDOWN -> {
        if (--counter <= 0) {
          mode = Mode.WATCHING;
        }
        return Optional.empty();
      }
      default -> throw new IllegalStateException(mode.name());
    }
  }

  private Action startDriving(TaskOracle oracle) {
    mode = Mode.DRIVING;
    counter = 0;
    onTrack = 0;
    interventions++;
    return ownAction(oracle);
  }

  private boolean wantsControl(Action proposed, TaskOracle oracle) {
    if (config.rule() instanceof StallRule s) {
      if (steps <= s.windowSteps()) {
        return false;
      }
      double now = progressHistory[(steps - 1) % progressHistory.length];
      double then = progressHistory[steps % progressHistory.length];
      return now >= 1.0 ? false : now - then < s.minProgress();
    }
    if (config.rule() instanceof ValueRule v) {
      badValueStreak = valueFraction(proposed, oracle) < v.fraction() ? badValueStreak + 1 : 0;
      return badValueStreak >= v.confirmSteps() && rng.nextDouble() < v.probability();
    }
    throw new IllegalStateException("unknown takeover rule " + config.rule());
  }

  /** Hand back when the policy's own proposal would now do at least as the rule demands. */
  private boolean policyWouldDoWell(Action proposed, TaskOracle oracle) {
    double threshold = config.rule() instanceof ValueRule v ? v.fraction() : 0.5;
    return valueFraction(proposed, oracle) >= threshold;
  }

  /**
   * The share of the expert's improvement over doing nothing that {@code action} achieves: 1 as
   * good as the expert, 0 no better than standing still, negative worse.
   */
  static double valueFraction(Action action, TaskOracle oracle) {
    Action expert = oracle.expertAction();
    double idle = oracle.actionValue(Action.zeros(expert.dim()));
    double best = oracle.actionValue(expert) - idle;
    if (best <= 1e-12) {
      return 1.0; // nothing to gain: any action is fine
    }
    return (oracle.actionValue(action) - idle) / best;
  }

  private Action ownAction(TaskOracle oracle) {
    float[] a = new float[actionSpec.dim()];
    if (rng.nextDouble() >= config.skill()) {
      for (int i = 0; i < a.length; i++) {
        a[i] =
            (float)
                (actionSpec.low()[i]
                    + rng.nextDouble() * (actionSpec.high()[i] - actionSpec.low()[i]));
      }
      return new Action(actionSpec.clip(a));
    }
    float[] e = oracle.expertAction().values();
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (e[i] + config.noise() * rng.nextGaussian() + config.bias());
    }
    return new Action(actionSpec.clip(a));
  }
}
