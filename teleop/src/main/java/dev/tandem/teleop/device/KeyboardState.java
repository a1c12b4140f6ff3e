package dev.tandem.teleop.device;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The driving keys held now and, per {@link Key}, how often each went down (indexed by ordinal), so
 * a tap between ticks is not lost.
 */
public record KeyboardState(
    Set<Key> held, long[] pressCounts, boolean connected, String problem, long sampledAtNanos)
    implements RawState {

  public KeyboardState {
    held = held.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(held));
    pressCounts = pressCounts.clone();
    problem = problem == null ? "" : problem;
    if (pressCounts.length != Key.values().length) {
      throw new IllegalArgumentException(
          "press counts for " + pressCounts.length + " keys, expected " + Key.values().length);
    }
  }

  /** Nothing held, nothing pressed yet. */
  public static KeyboardState idle(long nowNanos) {
    return new KeyboardState(Set.of(), new long[Key.values().length], true, "", nowNanos);
  }

  public static KeyboardState absent(String problem, long nowNanos) {
    return new KeyboardState(Set.of(), new long[Key.values().length], false, problem, nowNanos);
  }

  /** This state with {@code key} down (counted as a press if it was up). */
  public KeyboardState press(Key key, long nowNanos) {
    EnumSet<Key> h = held.isEmpty() ? EnumSet.noneOf(Key.class) : EnumSet.copyOf(held);
    long[] counts = pressCounts.clone();
    if (h.add(key)) {
      counts[key.ordinal()]++;
    }
    return new KeyboardState(h, counts, true, "", nowNanos);
  }

  /** This state with {@code key} up. */
  public KeyboardState release(Key key, long nowNanos) {
    EnumSet<Key> h = held.isEmpty() ? EnumSet.noneOf(Key.class) : EnumSet.copyOf(held);
    h.remove(key);
    return new KeyboardState(h, pressCounts, true, "", nowNanos);
  }

  /** No key held (the window lost the focus); press counts kept. */
  public KeyboardState releaseAll(long nowNanos) {
    return new KeyboardState(Set.of(), pressCounts, true, "", nowNanos);
  }

  /** The same keys, polled again at {@code nowNanos}. */
  public KeyboardState at(long nowNanos) {
    return new KeyboardState(held, pressCounts, connected, problem, nowNanos);
  }

  public boolean isHeld(Key key) {
    return held.contains(key);
  }

  public long pressCount(Key key) {
    return pressCounts[key.ordinal()];
  }

  @Override
  public long[] pressCounts() {
    return pressCounts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyboardState s
        && held.equals(s.held)
        && Arrays.equals(pressCounts, s.pressCounts)
        && connected == s.connected
        && problem.equals(s.problem)
        && sampledAtNanos == s.sampledAtNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(held, Arrays.hashCode(pressCounts), connected, problem, sampledAtNanos);
  }

  @Override
  public String toString() {
    return "KeyboardState" + held;
  }
}
