package dev.tandem.runtime.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every figure of an experiment run, as written to {@code results.json}. {@code segments} are the
 * times the run ran, in order: one for a run that was never interrupted, one more for each resume
 * (the last is the one that wrote these results).
 */
public record ExperimentResults(
    String name,
    String runId,
    List<Segment> segments,
    List<Long> seeds,
    List<String> baselineMethods,
    List<String> notes,
    List<RoundResult> rounds) {

  /**
   * One uninterrupted stretch of a run: when it started, when it last wrote results (its end, or
   * for a segment that was killed, its last completed task and seed) and its wall time until then.
   */
  public record Segment(Instant startedAt, Instant finishedAt, double wallSeconds) {}

  public ExperimentResults {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("segments: a run has at least one");
    }
    seeds = List.copyOf(seeds);
    baselineMethods = List.copyOf(baselineMethods);
    notes = List.copyOf(notes);
    rounds = List.copyOf(rounds);
  }

  /** When the run first started. */
  public Instant startedAt() {
    return segments.get(0).startedAt();
  }

  /** When the last segment wrote these results. */
  public Instant finishedAt() {
    return segments.get(segments.size() - 1).finishedAt();
  }

  /** Wall time of all segments together. */
  public double wallSeconds() {
    return segments.stream().mapToDouble(Segment::wallSeconds).sum();
  }

  /** Wall time of the segment that wrote these results. */
  public double lastSegmentSeconds() {
    return segments.get(segments.size() - 1).wallSeconds();
  }

  /** True when the run was continued with {@code --resume} (more than one segment). */
  public boolean resumed() {
    return segments.size() > 1;
  }

  public List<String> tasks() {
    return rounds.stream().map(RoundResult::task).distinct().toList();
  }

  public List<String> methods(String task) {
    return rounds.stream()
        .filter(r -> r.task().equals(task))
        .map(RoundResult::method)
        .distinct()
        .toList();
  }

  public List<Integer> rounds(String task) {
    return rounds.stream()
        .filter(r -> r.task().equals(task))
        .map(RoundResult::round)
        .distinct()
        .sorted()
        .toList();
  }

  public List<RoundResult> select(String task, String method, int round) {
    List<RoundResult> out = new ArrayList<>();
    for (RoundResult r : rounds) {
      if (r.task().equals(task) && r.method().equals(method) && r.round() == round) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The operator-skill groups of a task, sorted; a single {@code null} group when the experiment
   * used one operator.
   */
  public List<Double> groups(String task) {
    List<Double> g =
        rounds.stream()
            .filter(r -> r.task().equals(task) && r.operatorSkill() != null)
            .map(RoundResult::operatorSkill)
            .distinct()
            .sorted()
            .toList();
    return g.isEmpty() ? java.util.Collections.singletonList(null) : g;
  }

  /**
   * The rows of one method and round in one skill group: rows of that skill and rows shared by
   * every group (skill {@code null}: round 0, baselines). {@code group == null}: all rows.
   */
  public List<RoundResult> select(String task, String method, int round, Double group) {
    List<RoundResult> out = new ArrayList<>();
    for (RoundResult r : select(task, method, round)) {
      if (group == null || r.operatorSkill() == null || group.equals(r.operatorSkill())) {
        out.add(r);
      }
    }
    return out;
  }

  /** The method name of the operator-alone rows ({@code operatorBaseline: true}). */
  public static final String OPERATOR_ALONE = "operator-alone";

  public boolean isBaseline(String method) {
    return baselineMethods.contains(method);
  }
}
