package dev.tandem.web;

/**
 * One robot (or simulation) as the web console drives it: the seam between the console, which knows
 * browsers, seats and deadmen, and the runtime, which knows the arbiter. Every method is called
 * from the console's threads and must not block (an actor {@code tell}, a parse).
 */
public interface ConsoleRobot {

  /** What the page needs to draw and drive this robot, sent when a browser connects. */
  RobotInfo info();

  /** A person claims control ({@code claim} names them, e.g. "web operator c2 (keyboard)"). */
  void takeOver(String claim);

  /**
   * The driver's latest command: one value per action element, each in [-1, 1] (validated by the
   * console); {@code seq} identifies it in the frames that report it applied.
   */
  void drive(double[] command, long seq);

  /** The driver let go, or their input stopped arriving ({@code reason} says which). */
  void handBack(String reason);

  /** A typed correction: parsed, sent to the arbiter, and answered with how it was understood. */
  CorrectionReply correct(String text, String by);

  /** Latch an emergency stop: the robot holds position until {@link #resume}. */
  void emergencyStop(String by);

  /** Release the emergency stop: the policy drives again. */
  void resume(String by);
}
