package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real actor/learner session on 127.0.0.1: a learner JVM ({@code tandem learner}) and two actor
 * JVMs ({@code tandem worker --actor}) on a small Reach task under the simulated operator. One
 * actor is SIGKILLed once it has recorded episodes and started again on the same folder. Every
 * version reaches the actor that lived through the session, the restarted one runs the last one,
 * each durable episode of either actor is in the learner's store exactly once (those recorded
 * before the kill too), and {@code dataset verify} is clean.
 */
// a cluster that never converges must fail the test, not hang the build
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ActorLearnerTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      type: experiment
      name: actors
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 2
      parallelEnvironments: 1
      operator: {rule: {type: stall, windowSteps: 4}}
      methods:
        - name: sirius
          weighting: sirius
      training: {steps: 40, batchSize: 64, device: cpu}
      """;

  private static final Pattern DURABLE = Pattern.compile("actor arm1: episode (\\d+) durable");

  @Test
  void everyActorGetsTheVersionsAndAKilledActorsEpisodesArriveOnce() throws Exception {
    Path cfgFile = dir.resolve("actors.yaml");
    Files.writeString(cfgFile, CONFIG);
    int port = ClusterProcesses.freePort();
    String join = "127.0.0.1:" + port;
    Path out = dir.resolve("learner");
    Path w1 = dir.resolve("w1");
    Path w2 = dir.resolve("w2");
    Set<String> beforeKill = new HashSet<>();
    String restartedLog;
    long backlog;
    long durableAtKill;
    String survivorLog;
    try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
      var learner = learner(cluster, "learner", cfgFile, out, port, 2);
      var a1 = actor(cluster, "arm1-first", join, "arm1", w1);
      var a2 = actor(cluster, "arm2", join, "arm2", w2);
      // two episodes of arm1 durable: kill it (what it has not shipped yet waits on its disk)
      a1.awaitLine(l -> l.contains("actor arm1: episode 1 durable"), Duration.ofSeconds(60));
      a1.process().destroyForcibly(); // SIGKILL
      a1.process().waitFor();
      Matcher m = DURABLE.matcher(a1.text());
      while (m.find()) {
        beforeKill.add(m.group(1));
      }
      // what the killed actor holds and has not written down as imported: the restart ships it
      List<String> atKill = completeEpisodes(w1, "arm1");
      Path ackFile = w1.resolve("shipped.txt");
      Set<String> acked = new HashSet<>();
      if (Files.exists(ackFile)) {
        Files.readAllLines(ackFile).forEach(i -> acked.add("arm1#" + i.trim()));
      }
      backlog = atKill.stream().filter(e -> !acked.contains(e)).count();
      durableAtKill = atKill.size();
      var again = actor(cluster, "arm1-again", join, "arm1", w1);
      assertThat(learner.awaitExit(Duration.ofSeconds(120))).as(learner.text()).isZero();
      assertThat(a2.awaitExit(Duration.ofSeconds(30))).as(a2.text()).isZero();
      assertThat(again.awaitExit(Duration.ofSeconds(30)))
          .as(again.text() + "\n--- learner:\n" + learner.text())
          .isZero();
      assertThat(learner.text()).contains("version 3 published (3 of 3");
      survivorLog = a2.text();
      restartedLog = again.text();
    }
    // the actor that lived through the session ran every version, in order
    assertThat(versionsRun(survivorLog)).as(survivorLog).containsExactly(1L, 2L, 3L);
    // the restarted one ran the last version (those published while it was down never reach it)
    assertThat(versionsRun(restartedLog)).as(restartedLog).contains(3L);
    assertThat(beforeKill).contains("0", "1");
    assertThat(restartedLog)
        .contains(
            "actor arm1: reopened its store: "
                + durableAtKill
                + " durable episodes, "
                + backlog
                + " not shipped yet");

    Path data = out.resolve("data").resolve("Reach-seed3");
    VerifyReport verify = DatasetVerifier.verify(data);
    assertThat(verify.ok()).as(verify.toString()).isTrue();
    List<String> imported = new ArrayList<>();
    long operatorSteps = 0;
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      for (EpisodeSummary e : s.episodes()) {
        Map<String, String> tags = e.meta().orElseThrow().tags();
        if (tags.containsKey("actor")) {
          assertThat(e.status()).isEqualTo(EpisodeStatus.COMPLETE);
          imported.add(tags.get("actor") + "#" + tags.get("index"));
          operatorSteps += e.stepsBySource().getOrDefault(ControlSource.HUMAN, 0L);
        }
      }
    }
    // each once, and exactly the durable episodes of both actors
    assertThat(imported).doesNotHaveDuplicates();
    Set<String> durable = new HashSet<>(completeEpisodes(w1, "arm1"));
    durable.addAll(completeEpisodes(w2, "arm2"));
    assertThat(new HashSet<>(imported)).isEqualTo(durable);
    for (String index : beforeKill) {
      assertThat(imported).contains("arm1#" + index);
    }
    assertThat(operatorSteps).as("the simulated operator took over in some episodes").isPositive();
  }

  /**
   * Starts {@code tandem learner} (3 versions, one per 3 new episodes, waiting for {@code actors})
   * as {@code node} and waits until it listens.
   */
  static ClusterProcesses.Node learner(
      ClusterProcesses cluster, String node, Path config, Path out, int port, int actors)
      throws Exception {
    ClusterProcesses.Node learner =
        cluster.start(
            node,
            Map.of(),
            "learner",
            config.toString(),
            "--out",
            out.toString(),
            "--port",
            Integer.toString(port),
            "--versions",
            "3",
            "--episodes-per-version",
            "3",
            "--actors",
            Integer.toString(actors));
    learner.awaitLine(l -> l.contains("learner: at 127.0.0.1"), Duration.ofSeconds(30));
    return learner;
  }

  static ClusterProcesses.Node actor(
      ClusterProcesses cluster, String node, String join, String name, Path work) throws Exception {
    return cluster.start(
        node, Map.of(), "worker", "--join", join, "--actor", name, "--work", work.toString());
  }

  private static List<Long> versionsRun(String log) {
    List<Long> out = new ArrayList<>();
    Matcher m = Pattern.compile("running version (\\d+)").matcher(log);
    while (m.find()) {
      out.add(Long.parseLong(m.group(1)));
    }
    return out;
  }

  private static List<String> completeEpisodes(Path work, String actor) {
    List<String> out = new ArrayList<>();
    try (EpisodeStore s = EpisodeStore.openReadOnly(work.resolve("data").resolve("Reach-seed3"))) {
      for (EpisodeSummary e : s.episodes()) {
        if (e.status() == EpisodeStatus.COMPLETE) {
          out.add(actor + "#" + e.meta().orElseThrow().tags().get("index"));
        }
      }
    }
    return out;
  }
}
