package dev.tandem.teleop.viewer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The episode so far as the timeline strip draws it: who drove each step (one {@link Mark} per
 * step), where corrections were typed and where the safety filter changed an action, the step
 * limit, and the outcomes of the last few episodes. A value: {@link #append} makes a new one.
 *
 * @param stepLimit the episode's step limit (0: unknown)
 * @param marks who drove each step so far, in order
 * @param corrections the steps where a correction was typed
 * @param safety the steps where the safety filter changed the applied action
 * @param recent how the last episodes ended, oldest first (at most {@link #RECENT})
 */
public record Timeline(
    int stepLimit, Mark[] marks, int[] corrections, int[] safety, List<Outcome> recent) {
  /** How many past episodes the strip shows. */
  public static final int RECENT = 10;

  /** Who drove a step. */
  public enum Mark {
    POLICY,
    HUMAN,
    CORRECTED,
    STOPPED
  }

  /** How an episode ended: success or not, and why in a few words ("object fell off"). */
  public record Outcome(int episode, boolean success, String reason) {
    public Outcome {
      reason = reason == null ? "" : reason;
    }
  }

  public Timeline {
    if (stepLimit < 0) {
      throw new IllegalArgumentException("stepLimit must be >= 0, found " + stepLimit);
    }
    marks = marks == null ? new Mark[0] : marks.clone();
    corrections = corrections == null ? new int[0] : corrections.clone();
    safety = safety == null ? new int[0] : safety.clone();
    recent = List.copyOf(Objects.requireNonNullElse(recent, List.of()));
  }

  public static Timeline empty() {
    return new Timeline(0, null, null, null, List.of());
  }

  /** Steps so far. */
  public int steps() {
    return marks.length;
  }

  /** A new episode of at most {@code limit} steps (0: unknown); the past outcomes stay. */
  public Timeline begin(int limit) {
    return new Timeline(limit, null, null, null, recent);
  }

  /** One more step. */
  public Timeline append(Mark mark, boolean corrected, boolean safetyChanged) {
    Mark[] m = Arrays.copyOf(marks, marks.length + 1);
    m[marks.length] = Objects.requireNonNull(mark, "mark");
    int step = marks.length;
    return new Timeline(
        stepLimit,
        m,
        corrected ? plus(corrections, step) : corrections,
        safetyChanged ? plus(safety, step) : safety,
        recent);
  }

  /** The episode ended so; kept with the last {@link #RECENT}. */
  public Timeline end(Outcome outcome) {
    List<Outcome> r = new ArrayList<>(recent);
    r.add(Objects.requireNonNull(outcome, "outcome"));
    while (r.size() > RECENT) {
      r.remove(0);
    }
    return new Timeline(stepLimit, marks, corrections, safety, r);
  }

  @Override
  public Mark[] marks() {
    return marks.clone();
  }

  @Override
  public int[] corrections() {
    return corrections.clone();
  }

  @Override
  public int[] safety() {
    return safety.clone();
  }

  /** The mark of step {@code i}. */
  public Mark mark(int i) {
    return marks[i];
  }

  private static int[] plus(int[] a, int v) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}
