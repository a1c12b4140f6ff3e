package dev.tandem.runtime.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every figure of an experiment run, as written to {@code results.json}. */
public record ExperimentResults(
    String name,
    String runId,
    Instant startedAt,
    Instant finishedAt,
    double wallSeconds,
    List<Long> seeds,
    List<String> baselineMethods,
    List<String> notes,
    List<RoundResult> rounds) {

  public ExperimentResults {
    seeds = List.copyOf(seeds);
    baselineMethods = List.copyOf(baselineMethods);
    notes = List.copyOf(notes);
    rounds = List.copyOf(rounds);
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

  public boolean isBaseline(String method) {
    return baselineMethods.contains(method);
  }
}
