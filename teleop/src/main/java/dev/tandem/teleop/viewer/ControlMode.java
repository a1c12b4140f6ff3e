package dev.tandem.teleop.viewer;

/** Who drives, as the viewer shows it (the arbiter's mode); each with its banner colour. */
public enum ControlMode {
  /** The policy drives: green. */
  AUTONOMOUS(0.13f, 0.55f, 0.22f),
  /** A person took over: orange-red. */
  HUMAN(0.90f, 0.33f, 0.08f),
  /** A language correction biases the policy: blue. */
  CORRECTING(0.16f, 0.36f, 0.88f);

  private final float[] rgb;

  ControlMode(float r, float g, float b) {
    this.rgb = new float[] {r, g, b};
  }

  /** The banner colour, RGB in [0, 1]. */
  public float[] rgb() {
    return rgb.clone();
  }
}
