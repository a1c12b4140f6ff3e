package dev.tandem.sim.config;

/**
 * Knobs that turn a task's scripted expert into an imperfect human operator (see {@code
 * dev.tandem.sim.ScriptedExpert}).
 *
 * @param noiseStd standard deviation of Gaussian noise added to every motion dimension of the
 *     action, in action units ([-1, 1] for end-effector deltas)
 * @param bias magnitude of a constant offset added to the motion dimensions, in action units; its
 *     direction is drawn at every episode start
 * @param reactionDelaySteps the expert acts on what it saw this many control steps ago
 * @param skill 1 is the perfect expert; lower skill adds more noise, hesitations (standing still
 *     for a few steps) and mistakes (a few steps in a wrong direction)
 */
public record ExpertConfig(double noiseStd, double bias, int reactionDelaySteps, double skill) {

  public ExpertConfig {
    Checks.inRange("noiseStd", noiseStd, 0, 2);
    Checks.inRange("bias", bias, 0, 1);
    Checks.inRange("reactionDelaySteps", reactionDelaySteps, 0, 50);
    Checks.inRange("skill", skill, 0, 1);
  }

  /** The noise-free scripted expert. */
  public static ExpertConfig perfect() {
    return new ExpertConfig(0, 0, 0, 1);
  }

  /** A plausible human: some noise and bias, 2 steps of reaction delay, skill 0.8. */
  public static ExpertConfig human() {
    return new ExpertConfig(0.1, 0.05, 2, 0.8);
  }

  public boolean isPerfect() {
    return noiseStd == 0 && bias == 0 && reactionDelaySteps == 0 && skill == 1;
  }
}
