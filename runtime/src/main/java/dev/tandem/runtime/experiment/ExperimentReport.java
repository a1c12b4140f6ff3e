package dev.tandem.runtime.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code report.md} and the PNG plots of an experiment: success rate per round, and
 * interventions and human steps per deployed episode per round, each as the mean over seeds with
 * the standard deviation as error bars, one line per method, one chart per task.
 */
public final class ExperimentReport {
  private ExperimentReport() {}

  /** The plots written, by file name. */
  public static List<Path> write(ExperimentResults results, Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> plots = new ArrayList<>();
      for (String task : results.tasks()) {
        for (Double group : results.groups(task)) {
          String slug = slug(task, group);
          plots.add(
              plot(
                  results,
                  task,
                  group,
                  "success rate (evaluation, no operator)",
                  r -> r.evalSuccessRate(),
                  false,
                  dir.resolve("success_" + slug + ".png")));
          plots.add(
              plot(
                  results,
                  task,
                  group,
                  "interventions per deployed episode",
                  RoundResult::interventionsPerEpisode,
                  true,
                  dir.resolve("interventions_" + slug + ".png")));
          plots.add(
              plot(
                  results,
                  task,
                  group,
                  "human steps per deployed episode",
                  RoundResult::humanStepsPerEpisode,
                  true,
                  dir.resolve("human_steps_" + slug + ".png")));
        }
      }
      Files.writeString(dir.resolve("report.md"), markdown(results, dir, plots));
      return plots;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** File-name part of a task and skill group: {@code Reach} or {@code Reach_skill0.5}. */
  static String slug(String task, Double group) {
    String t = task.replaceAll("[^A-Za-z0-9]+", "_");
    return group == null ? t : t + "_skill" + group;
  }

  /** Heading part of a group: empty, or {@code , operator skill 0.5}. */
  static String groupLabel(Double group) {
    return group == null ? "" : ", operator skill " + group;
  }

  private static Path plot(
      ExperimentResults results,
      String task,
      Double group,
      String title,
      ToDoubleFunction<RoundResult> figure,
      boolean deployedRoundsOnly,
      Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(task + groupLabel(group) + ": " + title)
            .xAxisTitle("round")
            .yAxisTitle(title)
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("0");
    for (String method : results.methods(task)) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> es = new ArrayList<>();
      for (int round : results.rounds(task)) {
        if (deployedRoundsOnly && round == 0) {
          continue;
        }
        List<Double> values =
            results.select(task, method, round, group).stream()
                .filter(r -> !deployedRoundsOnly || r.deployEpisodes() > 0)
                .map(figure::applyAsDouble)
                .toList();
        if (values.isEmpty()) {
          continue;
        }
        Stats s = Stats.of(values);
        xs.add((double) round);
        ys.add(s.mean());
        es.add(s.std());
      }
      if (!xs.isEmpty()) {
        XYSeries series = chart.addSeries(method, xs, ys, es);
        series.setMarker(SeriesMarkers.CIRCLE);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  static String markdown(ExperimentResults results, Path dir, List<Path> plots) {
    StringBuilder md = new StringBuilder();
    md.append("# Experiment ").append(results.name()).append("\n\n");
    if (results.resumed()) {
      md.append(
          String.format(
              Locale.ROOT,
              "Run `%s`, resumed: it ran in %d segments, %.0f s in all. Seeds %s.%n%n",
              results.runId(),
              results.segments().size(),
              results.wallSeconds(),
              results.seeds()));
      for (ExperimentResults.Segment g : results.segments()) {
        md.append(
            String.format(
                Locale.ROOT,
                "- %s to %s (%.0f s)%n",
                g.startedAt(),
                g.finishedAt(),
                g.wallSeconds()));
      }
      md.append('\n');
    } else {
      md.append(
          String.format(
              Locale.ROOT,
              "Run `%s`, %s to %s (%.0f s). Seeds %s.%n%n",
              results.runId(),
              results.startedAt(),
              results.finishedAt(),
              results.wallSeconds(),
              results.seeds()));
    }
    if (!results.notes().isEmpty()) {
      results.notes().forEach(n -> md.append("- ").append(n).append('\n'));
      md.append('\n');
    }
    for (String task : results.tasks()) {
      for (Double group : results.groups(task)) {
        taskSection(md, results, task, group, dir, plots);
      }
    }
    return md.toString();
  }

  private static void taskSection(
      StringBuilder md,
      ExperimentResults results,
      String task,
      Double group,
      Path dir,
      List<Path> plots) {
    {
      md.append("## ").append(task).append(groupLabel(group)).append("\n\n");
      md.append(
          "Mean ± standard deviation over seeds. Success is measured without the operator;"
              + " interventions (takeovers and spoken corrections) and human steps (steps the"
              + " operator drove or corrected) are those of the deployed episodes of that round.\n\n");
      md.append(
          "| method | round | success | interventions / episode | human steps / episode | human share |\n");
      md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
      for (String method : results.methods(task)) {
        for (int round : results.rounds(task)) {
          List<RoundResult> rs = results.select(task, method, round, group);
          if (rs.isEmpty() || (method.equals(ExperimentResults.OPERATOR_ALONE) && round > 0)) {
            continue; // the operator alone is one figure, shown once
          }
          md.append("| ")
              .append(method)
              .append(" | ")
              .append(round)
              .append(" | ")
              .append(
                  Stats.of(rs.stream().map(RoundResult::evalSuccessRate).toList()).format("%.2f"))
              .append(" | ");
          if (round == 0 || rs.stream().allMatch(x -> x.deployEpisodes() == 0)) {
            md.append("– | – | – |\n");
          } else {
            md.append(
                    Stats.of(rs.stream().map(RoundResult::interventionsPerEpisode).toList())
                        .format("%.2f"))
                .append(" | ")
                .append(
                    Stats.of(rs.stream().map(RoundResult::humanStepsPerEpisode).toList())
                        .format("%.1f"))
                .append(" | ")
                .append(
                    Stats.of(rs.stream().map(RoundResult::humanStepShare).toList()).format("%.2f"))
                .append(" |\n");
          }
        }
      }
      md.append('\n');
      for (Path p : plots) {
        String name = p.getFileName().toString();
        if (name.endsWith("_" + slug(task, group) + ".png")) {
          md.append("![").append(name).append("](").append(dir.relativize(p)).append(")\n\n");
        }
      }
      md.append(comparison(results, task, group));
    }
  }

  /** Final-round success of every method against the demos-only baseline, stated as measured. */
  static String comparison(ExperimentResults results, String task) {
    return comparison(results, task, null);
  }

  static String comparison(ExperimentResults results, String task, Double group) {
    List<Integer> rounds = results.rounds(task);
    if (rounds.isEmpty()) {
      return "";
    }
    int last = rounds.get(rounds.size() - 1);
    StringBuilder sb =
        new StringBuilder("### Final round (" + last + ")" + groupLabel(group) + "\n\n");
    Set<String> methods = new LinkedHashSet<>(results.methods(task));
    Double baseline = null;
    for (String m : methods) {
      if (results.isBaseline(m)) {
        baseline =
            Stats.of(
                    results.select(task, m, last, group).stream()
                        .map(RoundResult::evalSuccessRate)
                        .toList())
                .mean();
      }
    }
    List<RoundResult> aloneRows =
        results.select(task, ExperimentResults.OPERATOR_ALONE, last, group);
    Double alone =
        aloneRows.isEmpty()
            ? null
            : Stats.of(aloneRows.stream().map(RoundResult::evalSuccessRate).toList()).mean();
    for (String m : methods) {
      Stats s =
          Stats.of(
              results.select(task, m, last, group).stream()
                  .map(RoundResult::evalSuccessRate)
                  .toList());
      if (m.equals(ExperimentResults.OPERATOR_ALONE)) {
        sb.append(
            String.format(
                Locale.ROOT, "- %s (the operator driving every step): %s%n", m, s.format("%.2f")));
        continue;
      }
      Stats first =
          Stats.of(
              results.select(task, m, 0, group).stream()
                  .map(RoundResult::evalSuccessRate)
                  .toList());
      sb.append(
          String.format(
              Locale.ROOT, "- %s: %s (round 0: %.2f)", m, s.format("%.2f"), first.mean()));
      if (baseline != null && !results.isBaseline(m)) {
        sb.append(
            String.format(
                Locale.ROOT,
                ", %+.0f points vs the demos-only baseline",
                100 * (s.mean() - baseline)));
      }
      if (alone != null && !results.isBaseline(m)) {
        sb.append(
            String.format(
                Locale.ROOT, ", %+.0f points vs the operator alone", 100 * (s.mean() - alone)));
      }
      sb.append('\n');
    }
    return sb.append('\n').toString();
  }
}
