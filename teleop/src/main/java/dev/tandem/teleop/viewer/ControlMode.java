package dev.tandem.teleop.viewer;

/**
 * What the banner shows, each with its colour: who drives (the arbiter's mode), or why nothing does
 * (no episode runs, a policy is being trained).
 */
public enum ControlMode {
  /** The policy drives: green. */
  AUTONOMOUS(0.13f, 0.55f, 0.22f),
  /** A person took over: orange-red. */
  HUMAN(0.90f, 0.33f, 0.08f),
  /** A language correction biases the policy: blue. */
  CORRECTING(0.16f, 0.36f, 0.88f),
  /** An operator's emergency stop holds the robot until they resume it: red. */
  STOPPED(0.80f, 0.04f, 0.06f),
  /** No episode runs and nothing trains (starting up, between episodes, finished): grey. */
  IDLE(0.38f, 0.38f, 0.42f),
  /** The starting policy is being trained; no episode runs yet: purple. */
  TRAINING(0.47f, 0.22f, 0.62f),
  /** The policy is being retrained between episodes; nothing runs until it is done: magenta. */
  RETRAINING(0.66f, 0.16f, 0.50f);

  private final float[] rgb;

  ControlMode(float r, float g, float b) {
    this.rgb = new float[] {r, g, b};
  }

  /** The banner colour, RGB in [0, 1]. */
  public float[] rgb() {
    return rgb.clone();
  }
}
