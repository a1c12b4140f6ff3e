package dev.tandem.teleop.device;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link RawInput} that a poller (or a test) publishes into; safe across threads. */
public final class LatestState<S extends RawState> implements RawInput<S> {
  private final AtomicReference<S> latest = new AtomicReference<>();

  public void publish(S state) {
    latest.set(Objects.requireNonNull(state, "state"));
  }

  @Override
  public S latest() {
    return latest.get();
  }
}
