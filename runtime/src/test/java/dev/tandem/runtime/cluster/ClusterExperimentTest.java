package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.VerifyReport;
import dev.tandem.runtime.experiment.Experiment;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on 127.0.0.1: a coordinator ({@code tandem experiment --cluster}) and two worker
 * JVMs ({@code tandem worker}) run a small Reach experiment; one worker is killed with SIGKILL
 * while it runs a method cell. The coordinator notices, the cell reruns on the other worker, and
 * the run ends with the same figures as the same experiment run in one JVM, every episode once in
 * the store and {@code dataset verify} clean.
 */
// a cluster that never converges (a worker downed by a starved failure detector) must fail the
// test, not hang the build
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterExperimentTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      type: experiment
      name: tiny
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 2
      rounds: 1
      deployEpisodes: 2
      evalEpisodes: 2
      parallelEnvironments: 2
      operator: {rule: {type: stall, windowSteps: 4}}
      methods:
        - name: bc-demos
          weighting: {type: bc, include: [DEMO]}
          deploy: false
        - name: sirius
          weighting: sirius
        - name: iwr
          weighting: iwr
      training: {steps: 120, batchSize: 64, device: cpu}
      """;

  @Test
  void aWorkerKilledMidCellLosesNothingAndTheRunMatchesOneJvm() throws Exception {
    Path cfgFile = dir.resolve("tiny.yaml");
    Files.writeString(cfgFile, CONFIG);
    // the same experiment in this JVM, while the cluster's JVMs start
    ExperimentConfig cfg = (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of());
    Path single = dir.resolve("single");
    CompletableFuture<?> reference =
        CompletableFuture.runAsync(
            () -> new Experiment(cfg, single, true, Clock.systemUTC()).run());
    int port = ClusterProcesses.freePort();
    Path runs = dir.resolve("runs");
    String join = "127.0.0.1:" + port;
    try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
      var coordinator = cluster.coordinator(cfgFile, port, runs);
      var w1 =
          cluster.start(
              "worker1",
              Map.of(),
              "worker",
              "--join",
              join,
              "--work",
              dir.resolve("w1").toString());
      var w2 =
          cluster.start(
              "worker2",
              Map.of(),
              "worker",
              "--join",
              join,
              "--work",
              dir.resolve("w2").toString());
      // the first method cell handed out: kill its worker while it runs it
      String handed =
          coordinator.awaitLine(
              l ->
                  l.contains("cell Reach-seed3-sirius (attempt 1) to")
                      || l.contains("cell Reach-seed3-iwr (attempt 1) to"),
              Duration.ofSeconds(90));
      String victimAddress = handed.substring(handed.lastIndexOf(' ') + 1);
      String cellName = handed.replaceAll(".*cell (\\S+) .*", "$1");
      var victim = w1.text().contains("up at " + victimAddress) ? w1 : w2;
      victim.awaitLine(l -> l.contains("attempt 1"), Duration.ofSeconds(30));
      // into its training (120 steps, about a second here); a quiet machine ran the whole cell of
      // 40 steps within the 1.5 s this waited before, and nothing was left to kill
      Thread.sleep(200);
      victim.process().destroyForcibly(); // SIGKILL
      assertThat(victim.text()).as("killed before it finished").doesNotContain(cellName + " done");
      assertThat(coordinator.awaitExit(Duration.ofSeconds(120))).as(coordinator.text()).isZero();
      assertThat(coordinator.text())
          .contains("its cell " + cellName + " goes back to the queue")
          .contains("cell " + cellName + " (attempt 2)");
    }
    Path run;
    try (Stream<Path> s = Files.list(runs)) {
      run = s.findFirst().orElseThrow();
    }

    reference.get(120, TimeUnit.SECONDS);

    assertThat(figures(run)).isEqualTo(figures(single));
    Path data = run.resolve("data").resolve("Reach-seed3");
    VerifyReport verify = DatasetVerifier.verify(data);
    assertThat(verify.ok()).as(verify.toString()).isTrue();
    assertThat(episodeTags(data)).hasSameSizeAs(new HashSet<>(episodeTags(data)));
    assertThat(episodeTags(data))
        .hasSameSizeAs(episodeTags(single.resolve("data").resolve("Reach-seed3")));
  }

  /** results.json's rows and notes without timings and policy content hashes. */
  static JsonNode figures(Path run) throws Exception {
    JsonNode json = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.set("notes", json.get("notes"));
    out.set("methods", json.get("methods"));
    var rows = out.putArray("rounds");
    for (JsonNode r : json.get("rounds")) {
      ObjectNode row = ((ObjectNode) r).deepCopy();
      row.remove(List.of("trainSeconds", "roundSeconds"));
      row.put("policyVersion", r.get("policyVersion").asText().replaceAll("@.*", ""));
      rows.add(row);
    }
    return out;
  }

  private static List<Map<String, String>> episodeTags(Path data) {
    List<Map<String, String>> tags = new ArrayList<>();
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      for (EpisodeSummary e : s.episodes()) {
        tags.add(e.meta().orElseThrow().tags());
      }
    }
    return tags;
  }
}
