package dev.tandem.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the safety layer's interventions happened at which steps of an episode, kept as runs of
 * step indices (0-based, as the recorded steps are numbered) per kind, and said in one line for the
 * episode's outcome: "safety by step: step-limited 4-6, 9; held ticks 60-75".
 */
final class SafetyByStep {
  /** Runs shown per kind; more are counted ("+3 more"). */
  static final int MAX_RUNS = 6;

  private final List<String> names;
  private final long[] last;
  private final List<List<int[]>> runs = new ArrayList<>();

  SafetyByStep(List<String> names) {
    this.names = List.copyOf(names);
    this.last = new long[names.size()];
    for (int i = 0; i < names.size(); i++) {
      runs.add(new ArrayList<>());
    }
  }

  /** Starts an episode at these totals. */
  void reset(long[] counts) {
    System.arraycopy(counts, 0, last, 0, last.length);
    runs.forEach(List::clear);
  }

  /** Step {@code index} ended with these totals: every kind that rose happened at it. */
  void step(int index, long[] counts) {
    for (int k = 0; k < last.length; k++) {
      if (counts[k] > last[k]) {
        List<int[]> r = runs.get(k);
        int[] tail = r.isEmpty() ? null : r.get(r.size() - 1);
        if (tail != null && tail[1] == index - 1) {
          tail[1] = index;
        } else if (tail == null || tail[1] != index) {
          r.add(new int[] {index, index});
        }
      }
      last[k] = counts[k];
    }
  }

  /** The line for the outcome, or "" when nothing happened. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < names.size(); k++) {
      List<int[]> r = runs.get(k);
      if (r.isEmpty()) {
        continue;
      }
      sb.append(sb.length() == 0 ? "" : "; ").append(names.get(k)).append(' ');
      for (int i = 0; i < Math.min(MAX_RUNS, r.size()); i++) {
        int[] run = r.get(i);
        sb.append(i == 0 ? "" : ", ").append(run[0]);
        if (run[1] != run[0]) {
          sb.append('-').append(run[1]);
        }
      }
      if (r.size() > MAX_RUNS) {
        sb.append(" (+").append(r.size() - MAX_RUNS).append(" more)");
      }
    }
    return sb.length() == 0 ? "" : "safety by step: " + sb;
  }
}
