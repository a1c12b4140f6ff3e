package dev.tandem.teleop.device;

/**
 * The latest raw state of one device, published by a poller on one thread and read by the session's
 * ticker on another. {@link #latest()} is null until the first poll.
 */
@FunctionalInterface
public interface RawInput<S extends RawState> {
  S latest();
}
