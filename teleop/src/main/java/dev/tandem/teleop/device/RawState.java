package dev.tandem.teleop.device;

/**
 * The raw state of an input device as last sampled by whoever polls the hardware (the viewer's GLFW
 * thread, or a test). {@code sampledAtNanos} is when it was last polled, not when it last changed:
 * a poller that stops polling makes its devices stale.
 */
public interface RawState {
  boolean connected();

  /** Why the device is not connected; empty when it is. */
  String problem();

  /** {@link System#nanoTime()} of the last poll. */
  long sampledAtNanos();
}
