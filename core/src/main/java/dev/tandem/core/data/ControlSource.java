package dev.tandem.core.data;

/** Who decided the action that was applied at a step. */
public enum ControlSource {
  /** The policy acted on its own. */
  POLICY,
  /** A person drove (takeover with a gamepad, keyboard, SpaceMouse, or a simulated operator). */
  HUMAN,
  /** The policy acted under a language correction that biased its action. */
  CORRECTED,
  /** A scripted expert or a recorded demonstration. */
  SCRIPTED,
  /**
   * An operator's emergency stop held the robot in place. Not a demonstration: BC-family training
   * leaves these steps out (RL keeps them as transitions).
   */
  STOPPED;

  /** True where a person was in charge of the motion (takeover or language correction). */
  public boolean isHumanCorrection() {
    return this == HUMAN || this == CORRECTED;
  }
}
