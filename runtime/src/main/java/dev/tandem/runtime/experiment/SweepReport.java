package dev.tandem.runtime.experiment;

import dev.tandem.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison of a sweep's combinations: {@code sweep.md} (a table, each combination named by
 * its overrides) and {@code sweep.json} (the same figures for programs): per task, method and
 * operator-skill group, the evaluation success of round 0 and of the last round, mean and standard
 * deviation over seeds.
 */
public final class SweepReport {
  private SweepReport() {}

  /** One combination: its overrides, its run directory (relative to the sweep), its results. */
  public record Combination(List<String> overrides, String run, ExperimentResults results) {}

  /** Writes sweep.md and sweep.json into {@code dir}. */
  public static void write(Path dir, String name, SweepGrid grid, List<Combination> combos) {
    try {
      Files.createDirectories(dir);
      Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve("sweep.json").toFile(), json(name, grid, combos));
      Files.writeString(dir.resolve("sweep.md"), markdown(name, grid, combos));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep report in " + dir, e);
    }
  }

  /** The figures of a combination's rows: one per task, method and group. */
  private record Row(
      String task, String method, Double group, int lastRound, Stats first, Stats last) {}

  private static List<Row> rows(ExperimentResults r) {
    List<Row> out = new ArrayList<>();
    for (String task : r.tasks()) {
      List<Integer> rounds = r.rounds(task);
      int last = rounds.get(rounds.size() - 1);
      for (Double group : r.groups(task)) {
        for (String m : r.methods(task)) {
          out.add(
              new Row(
                  task,
                  m,
                  group,
                  last,
                  success(r.select(task, m, 0, group)),
                  success(r.select(task, m, last, group))));
        }
      }
    }
    return out;
  }

  private static Stats success(List<RoundResult> rows) {
    return Stats.of(rows.stream().map(RoundResult::evalSuccessRate).toList());
  }

  private static Map<String, Object> json(String name, SweepGrid grid, List<Combination> combos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    Map<String, Object> axes = new LinkedHashMap<>();
    grid.axes().forEach(a -> axes.put(a.key(), a.values()));
    m.put("grid", axes);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Combination c : combos) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("overrides", c.overrides());
      e.put("run", c.run());
      e.put("wall_seconds", c.results().wallSeconds());
      List<Map<String, Object>> figures = new ArrayList<>();
      for (Row row : rows(c.results())) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("task", row.task());
        f.put("method", row.method());
        f.put("operator_skill", row.group());
        f.put("round0_success_mean", row.first().mean());
        f.put("last_round", row.lastRound());
        f.put("last_success_mean", row.last().mean());
        f.put("last_success_std", row.last().std());
        f.put("seeds", row.last().n());
        figures.add(f);
      }
      e.put("figures", figures);
      list.add(e);
    }
    m.put("combinations", list);
    return m;
  }

  private static String markdown(String name, SweepGrid grid, List<Combination> combos) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Sweep ")
        .append(name)
        .append(": ")
        .append(combos.size())
        .append(" combinations\n\n");
    for (SweepGrid.Axis a : grid.axes()) {
      sb.append("- `")
          .append(a.key())
          .append("`: ")
          .append(String.join(", ", a.values()))
          .append('\n');
    }
    sb.append("\nEvaluation success, mean ± std over seeds, round 0 and the last round.\n\n");
    sb.append("| combination | task | method | round 0 | last round | run |\n");
    sb.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Combination c : combos) {
      String label = "`" + String.join("`, `", c.overrides()) + "`";
      for (Row row : rows(c.results())) {
        String method =
            row.group() == null ? row.method() : row.method() + " (skill " + row.group() + ")";
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.2f ± %.2f (round %d) | [%s](%s/report.md) |%n",
                label,
                row.task(),
                method,
                row.first().mean(),
                row.last().mean(),
                row.last().std(),
                row.lastRound(),
                c.run(),
                c.run()));
      }
    }
    return sb.toString();
  }
}
