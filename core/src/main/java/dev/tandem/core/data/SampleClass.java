package dev.tandem.core.data;

/**
 * The class of a recorded sample for intervention-aware training, with robomimic's {@code
 * intv_labels} values (demo -1, robot 0, intervention 1, pre-intervention -10).
 */
public enum SampleClass {
  DEMO(-1),
  ROBOT(0),
  INTERVENTION(1),
  PRE_INTERVENTION(-10);

  private final int robomimicLabel;

  SampleClass(int robomimicLabel) {
    this.robomimicLabel = robomimicLabel;
  }

  public int robomimicLabel() {
    return robomimicLabel;
  }

  public static SampleClass fromRobomimicLabel(int label) {
    for (SampleClass c : values()) {
      if (c.robomimicLabel == label) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown intervention label " + label + ", expected one of -1, 0, 1, -10");
  }
}
