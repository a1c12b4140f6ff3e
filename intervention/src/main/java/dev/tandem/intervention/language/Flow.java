package dev.tandem.intervention.language;

/** Stop / continue commands in a correction. */
public enum Flow {
  NONE,
  /** "stop", "wait", "hold on": hold position for a while. */
  STOP,
  /** "continue", "keep going": let the policy go on (ends a hold). */
  CONTINUE
}
