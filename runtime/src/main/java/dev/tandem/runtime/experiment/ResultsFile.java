package dev.tandem.runtime.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.runtime.Json;
import dev.tandem.runtime.training.RlifSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's {@code results.json} (every figure, for programs) beside its {@code report.md} and plots
 * ({@link ExperimentReport}, for people): rewritten whole after each task and seed, so partial
 * results survive a crash, and read back by a resumed run for the segments it continues.
 */
final class ResultsFile {
  static final String NAME = "results.json";

  private final ExperimentConfig config;
  private final Path runDir;

  ResultsFile(ExperimentConfig config, Path runDir) {
    this.config = config;
    this.runDir = runDir;
  }

  /**
   * The segments an earlier, interrupted or finished, run in this directory reported (none for a
   * new run; a segment killed before its first task and seed finished left no results and is not
   * known). When the file cannot be read, says so in {@code notes}.
   */
  List<ExperimentResults.Segment> earlierSegments(List<String> notes) {
    Path file = runDir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      JsonNode json = Json.mapper().readTree(file.toFile());
      List<ExperimentResults.Segment> out = new ArrayList<>();
      JsonNode segments = json.get("segments");
      if (segments != null && segments.isArray()) {
        segments.forEach(n -> out.add(segment(n)));
      } else {
        out.add(segment(json)); // written before runs listed their segments
      }
      return out;
    } catch (IOException | RuntimeException e) {
      notes.add(
          "earlier segments of this resumed run are not known: "
              + file
              + " could not be read ("
              + e.getMessage()
              + ")");
      return List.of();
    }
  }

  private static ExperimentResults.Segment segment(JsonNode n) {
    return new ExperimentResults.Segment(
        Instant.parse(n.get("started_at").asText()),
        Instant.parse(n.get("finished_at").asText()),
        n.get("wall_seconds").asDouble());
  }

  /** Writes results.json (whole, then moved into place), the report and the plots. */
  void write(ExperimentResults r) {
    Path file = runDir.resolve(NAME);
    Path tmp = runDir.resolve(NAME + ".partial");
    try {
      Files.createDirectories(runDir);
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json(r));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    ExperimentReport.write(r, runDir);
  }

  private Map<String, Object> json(ExperimentResults r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("run_id", r.runId());
    m.put("started_at", r.startedAt().toString());
    m.put("finished_at", r.finishedAt().toString());
    m.put("wall_seconds", r.wallSeconds());
    m.put("resumed", r.resumed());
    m.put("segments", r.segments().stream().map(ResultsFile::segmentJson).toList());
    m.put("seeds", r.seeds());
    m.put("baseline_methods", r.baselineMethods());
    m.put(
        "operator_skills",
        r.rounds().stream()
            .map(RoundResult::operatorSkill)
            .filter(Objects::nonNull)
            .distinct()
            .sorted()
            .toList());
    m.put("methods", methodsJson());
    m.put("notes", r.notes());
    m.put("rounds", r.rounds());
    return m;
  }

  private static Map<String, Object> segmentJson(ExperimentResults.Segment g) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("started_at", g.startedAt().toString());
    e.put("finished_at", g.finishedAt().toString());
    e.put("wall_seconds", g.wallSeconds());
    return e;
  }

  /** How each method learns, for the reader of results.json. */
  private List<Map<String, Object>> methodsJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MethodConfig m : config.methods()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", m.name());
      e.put("deploy", m.deploy());
      if (m.learner() instanceof RlifSettings rs) {
        e.put("learner", "rlif");
        e.put("rlif", rs);
      } else {
        e.put("weighting", m.weighting().getClass().getSimpleName());
      }
      out.add(e);
    }
    return out;
  }
}
