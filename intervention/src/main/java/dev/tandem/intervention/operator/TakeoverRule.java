package dev.tandem.intervention.operator;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import java.util.SplittableRandom;

/**
 * When a simulated operator decides the policy is going wrong. Selected by {@code type:} ({@code
 * stall}, {@code value}, {@code always}). The config record is the rule: it makes a {@link Watcher}
 * per episode that keeps whatever the rule remembers between ticks.
 */
public interface TakeoverRule {

  /** A fresh watcher for one episode. */
  Watcher newEpisode();

  /** False when the operator, once in control, keeps it to the end of the episode. */
  default boolean handsBack() {
    return true;
  }

  /**
   * The share of the expert's improvement ({@link SimulatedOperator#valueFraction}) the policy's
   * own proposal must reach, {@code onTrackSteps} ticks in a row, for the operator to hand back.
   */
  default double handBackFraction() {
    return 0.5;
  }

  /** One episode's judgement. Every random draw comes from the operator's seeded stream. */
  interface Watcher {

    /** Sees the task progress of every tick, whether the operator watches, drives or waits. */
    default void observe(double progress) {}

    /** Whether the operator, watching, wants control this tick. */
    boolean wantsControl(Action proposed, TaskOracle oracle, SplittableRandom rng);

    /** The operator has intervened (handed back, or spoken): evidence gathered so far is spent. */
    default void restart() {}
  }
}
