package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.sim.config.ExpertConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A task's scripted expert as a {@link Policy}, made into an imperfect human by {@link
 * ExpertConfig}'s knobs. Each call takes the oracle's noise-free action for the current state and
 *
 * <ul>
 *   <li>delays it by {@code reactionDelaySteps} (acting on what it saw that many steps ago; before
 *       it has seen anything it holds still);
 *   <li>adds a per-episode bias of magnitude {@code bias} in a direction drawn at {@link #reset()},
 *       and Gaussian noise of standard deviation {@code noiseStd + 0.3·(1 - skill)} to the motion
 *       values (in action units scaled to half the action range);
 *   <li>below skill 1, sometimes hesitates (holds still 1-3 steps, probability {@code 0.15·(1 -
 *       skill)} per step) or makes a mistake (2-4 steps of a random motion, probability {@code
 *       0.08·(1 - skill)} per step).
 * </ul>
 *
 * The gripper value is passed through from the (delayed) expert action. Everything is drawn from
 * one seeded stream, so the same seed and call sequence give the same actions. The observation
 * argument is ignored: the expert reads the simulator's privileged state through the oracle.
 */
public final class ScriptedExpert implements Policy {

  static final double SKILL_NOISE = 0.3;
  static final double HESITATION_RATE = 0.15;
  static final double MISTAKE_RATE = 0.08;

  private final TaskOracle oracle;
  private final ActionSpec spec;
  private final Supplier<Action> hold;
  private final int motionDims;
  private final ExpertConfig knobs;
  private final SplittableRandom rng;
  private final Deque<Action> seen = new ArrayDeque<>();
  private final double[] biasDirection;
  private int hesitateSteps;
  private int mistakeSteps;
  private final float[] mistake;

  /**
   * @param oracle the task's oracle (noise-free expert)
   * @param spec the environment's action spec (for scaling and clipping)
   * @param hold the action that keeps the robot still
   * @param motionDims how many leading action values are motion (the rest: gripper)
   */
  public ScriptedExpert(
      TaskOracle oracle,
      ActionSpec spec,
      Supplier<Action> hold,
      int motionDims,
      ExpertConfig knobs,
      long seed) {
    this.oracle = Objects.requireNonNull(oracle, "oracle");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.hold = Objects.requireNonNull(hold, "hold");
    this.knobs = Objects.requireNonNull(knobs, "knobs");
    if (motionDims < 0 || motionDims > spec.dim()) {
      throw new IllegalArgumentException(
          "motionDims must be in [0, " + spec.dim() + "], found " + motionDims);
    }
    this.motionDims = motionDims;
    this.rng = new SplittableRandom(seed);
    this.biasDirection = new double[motionDims];
    this.mistake = new float[motionDims];
    reset();
  }

  /** The expert of a simulated environment with its configured knobs and seed. */
  public static ScriptedExpert of(SimEnvironment env) {
    return of(env, env.config().sim().expert(), env.config().sim().seed());
  }

  /** The expert of a simulated environment with the given knobs and seed. */
  public static ScriptedExpert of(SimEnvironment env, ExpertConfig knobs, long seed) {
    return new ScriptedExpert(
        env.oracle().orElseThrow(),
        env.spec().action(),
        env::holdAction,
        env.motionDims(),
        knobs,
        seed);
  }

  @Override
  public PolicyVersion version() {
    return PolicyVersion.NONE;
  }

  /** Clears the reaction-delay memory and draws a new bias direction; call at episode start. */
  @Override
  public void reset() {
    seen.clear();
    hesitateSteps = 0;
    mistakeSteps = 0;
    double norm = 0;
    for (int i = 0; i < motionDims; i++) {
      biasDirection[i] = rng.nextDouble(-1, 1);
      norm += biasDirection[i] * biasDirection[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < motionDims; i++) {
      biasDirection[i] = norm > 0 ? biasDirection[i] / norm : 0;
    }
  }

  @Override
  public Action act(Observation ignored) {
    if (knobs.isPerfect()) {
      return oracle.expertAction();
    }
    seen.addLast(oracle.expertAction());
    if (seen.size() <= knobs.reactionDelaySteps()) {
      return hold.get();
    }
    Action intended = seen.removeFirst();
    double clumsiness = 1 - knobs.skill();
    if (hesitateSteps == 0 && mistakeSteps == 0 && clumsiness > 0) {
      double u = rng.nextDouble();
      if (u < HESITATION_RATE * clumsiness) {
        hesitateSteps = 1 + rng.nextInt(3);
      } else if (u < (HESITATION_RATE + MISTAKE_RATE) * clumsiness) {
        mistakeSteps = 2 + rng.nextInt(3);
        for (int i = 0; i < motionDims; i++) {
          mistake[i] = (float) rng.nextDouble(-1, 1);
        }
      }
    }
    if (hesitateSteps > 0) {
      hesitateSteps--;
      return hold.get();
    }
    float[] out = intended.values().clone();
    double noise = knobs.noiseStd() + SKILL_NOISE * clumsiness;
    for (int i = 0; i < motionDims; i++) {
      double halfRange = (spec.high()[i] - spec.low()[i]) / 2;
      double v = mistakeSteps > 0 ? mistake[i] * halfRange : out[i];
      v += halfRange * (knobs.bias() * biasDirection[i] + noise * rng.nextGaussian());
      out[i] = (float) v;
    }
    if (mistakeSteps > 0) {
      mistakeSteps--;
    }
    return new Action(spec.clip(out));
  }
}
