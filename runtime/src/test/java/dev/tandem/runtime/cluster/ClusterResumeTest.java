package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.VerifyReport;
import dev.tandem.runtime.experiment.Experiment;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator that stopped after importing a cell's episodes but before recording the cell as
 * done: a new coordinator resuming the run (what {@code tandem experiment --cluster --resume} does)
 * reruns that cell only, and its episodes, shipped a second time, are stored once. Nodes run in
 * this JVM (a cluster of two actor systems on 127.0.0.1) to keep the test short; {@link
 * ClusterExperimentTest} covers separate JVMs.
 */
// a cluster that never converges (a worker downed by a starved failure detector) must fail the
// test, not hang the build
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterResumeTest {
  @TempDir Path dir;

  @Test
  void aResumedRunRerunsOnlyUnrecordedCellsAndStoresEachEpisodeOnce() throws Exception {
    String yaml = ClusterExperimentTest.CONFIG.replace("seeds: [3]", "seeds: [4]");
    Path cfgFile = Files.writeString(dir.resolve("tiny.yaml"), yaml);
    ExperimentConfig cfg = (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of());
    Path run = dir.resolve("run");

    String first = runOnCluster(cfg, yaml, run);
    assertThat(first)
        .contains("cell Reach-seed4-round0 (attempt 1)")
        .contains("cell Reach-seed4-sirius (attempt 1)");
    var figures = ClusterExperimentTest.figures(run);
    Path data = run.resolve("data").resolve("Reach-seed4");
    int episodes = episodeTags(data).size();

    Files.delete(run.resolve("cells").resolve("Reach-seed4-sirius.json"));
    String resumed = runOnCluster(cfg, yaml, run);

    assertThat(resumed)
        .contains("cell Reach-seed4-sirius (attempt 1)")
        .doesNotContain("cell Reach-seed4-iwr (attempt")
        .doesNotContain("cell Reach-seed4-round0 (attempt");
    assertThat(ClusterExperimentTest.figures(run)).isEqualTo(figures);
    List<Map<String, String>> tags = episodeTags(data);
    assertThat(tags).hasSize(episodes).hasSameSizeAs(new HashSet<>(tags));
    VerifyReport verify = DatasetVerifier.verify(data);
    assertThat(verify.ok()).as(verify.toString()).isTrue();
  }

  /** Runs (or resumes) {@code cfg} in {@code run} on a new coordinator and one worker; its log. */
  private String runOnCluster(ExperimentConfig cfg, String yaml, Path run) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int port = ClusterProcesses.freePort();
    Path work = Files.createTempDirectory(dir, "worker");
    CompletableFuture<Boolean> worker;
    try (ClusterCoordinator coordinator =
        new ClusterCoordinator(
            new ClusterSettings("127.0.0.1", port, Optional.empty(), Optional.empty()), log)) {
      worker =
          CompletableFuture.supplyAsync(
              () ->
                  ClusterWorker.run(
                      new ClusterSettings(
                          "127.0.0.1", 0, Optional.of("127.0.0.1:" + port), Optional.empty()),
                      work,
                      Optional.empty(),
                      Duration.ofSeconds(60),
                      log));
      coordinator.awaitWorkers(1, Duration.ofSeconds(60));
      new Experiment(cfg, run, ExperimentProgress.NONE, Clock.systemUTC())
          .run(coordinator.cells(cfg, yaml, List.of(), run));
    }
    assertThat(worker.get(60, TimeUnit.SECONDS)).as("the worker joined, then stopped").isTrue();
    return bytes.toString(StandardCharsets.UTF_8);
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
