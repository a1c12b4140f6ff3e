package dev.tandem.teleop;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;

/**
 * An operator input device (keyboard, gamepad, SpaceMouse, or a synthetic one in tests). The engine
 * behind it (GLFW) never shows in this interface: a device maps the latest raw state of its
 * hardware to an {@link Action} and the deadman state.
 *
 * <p>The action spec is known when the device is made, before any hardware connects. {@link #read}
 * never throws and never blocks: a device that is unplugged or whose input went stale reads as not
 * connected, with the reason.
 */
public interface TeleopDevice {
  /** Short name used in claims and logs: "keyboard", "gamepad", "spacemouse". */
  String name();

  /** The actions this device produces (the environment's EE-delta spec). */
  ActionSpec actionSpec();

  /**
   * The device's state now. Called by one thread (the session's ticker).
   *
   * @param nowNanos {@link System#nanoTime()} of the tick, used to tell stale input
   */
  DeviceReading read(long nowNanos);

  /**
   * The action that was last applied to the robot, while this device is not driving: a takeover
   * continues from it (the gripper keeps its state) rather than from the device's own idea.
   */
  void followApplied(Action applied);

  /** The command that holds position: no motion, the gripper as last commanded or applied. */
  Action hold();
}
