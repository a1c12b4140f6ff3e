package dev.tandem.teleop;

import java.util.Objects;

/**
 * Receives {@link OperatorEvent}s. Called from the thread that ticks the {@link TeleopSession} (for
 * takeover, commands, release, device loss) and from the viewer's thread (typed corrections): an
 * implementation must be thread-safe (an actor's {@code tell} is). It must not block or throw: the
 * caller is a control loop (an exception is logged and dropped).
 */
@FunctionalInterface
public interface OperatorListener {
  void onEvent(OperatorEvent event);

  /** This listener, then {@code next}. */
  default OperatorListener andThen(OperatorListener next) {
    Objects.requireNonNull(next, "next");
    return e -> {
      onEvent(e);
      next.onEvent(e);
    };
  }

  /** Ignores everything. */
  static OperatorListener none() {
    return e -> {};
  }
}
