package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM paused (SIGSTOP) in the middle of a cell for longer than the failure detector
 * allows: the coordinator downs it and puts the cell back in the queue; resumed, the worker finds
 * itself removed, waits for its cell's thread to stop and joins again as a new node, which runs the
 * cell's second attempt and the rest. Before, a downed worker only stopped, and a run with no other
 * worker waited for ever.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterRejoinTest {
  @TempDir Path dir;

  @Test
  void aDownedWorkerJoinsAgainAndTheRunFinishes() throws Exception {
    Path cfgFile = dir.resolve("tiny.yaml");
    Files.writeString(cfgFile, ClusterExperimentTest.CONFIG);
    int port = ClusterProcesses.freePort();
    Path runs = dir.resolve("runs");
    try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
      var coordinator = cluster.coordinator(cfgFile, port, runs);
      var worker =
          cluster.start(
              "worker",
              Map.of(),
              "worker",
              "--join",
              "127.0.0.1:" + port,
              "--work",
              dir.resolve("w").toString());
      String handed =
          coordinator.awaitLine(l -> l.contains("(attempt 1) to"), Duration.ofSeconds(90));
      String cell = handed.replaceAll(".*cell (\\S+) .*", "$1");
      worker.awaitLine(l -> l.contains("attempt 1"), Duration.ofSeconds(30));
      signal(worker.process(), "STOP");
      try {
        coordinator.awaitLine(l -> l.contains("unreachable"), Duration.ofSeconds(60));
        Thread.sleep(8000); // the split-brain resolver decides after 4 s, then the removal
      } finally {
        signal(worker.process(), "CONT");
      }
      try {
        worker.awaitLine(l -> l.contains("joining again"), Duration.ofSeconds(60));
        assertThat(coordinator.awaitExit(Duration.ofSeconds(180))).as(coordinator.text()).isZero();
        assertThat(worker.awaitExit(Duration.ofSeconds(60))).as(worker.text()).isZero();
      } finally {
        // kept for whoever looks into a cell that did not stop (the worker logs its stack then)
        Path logs = Files.createDirectories(Path.of("target", "cluster-rejoin"));
        Files.writeString(
            logs.resolve("worker-" + System.currentTimeMillis() + ".log"), worker.text());
      }
      assertThat(coordinator.text())
          .contains("its cell " + cell + " goes back to the queue")
          .contains("cell " + cell + " (attempt 2)");
      // the second incarnation is another node
      assertThat(worker.text().split("worker: up at ", -1)).hasSize(3);
    }
    Path run;
    try (Stream<Path> s = Files.list(runs)) {
      run = s.findFirst().orElseThrow();
    }
    assertThat(run.resolve("results.json")).exists();
    VerifyReport verify = DatasetVerifier.verify(run.resolve("data").resolve("Reach-seed3"));
    assertThat(verify.ok()).as(verify.toString()).isTrue();
  }

  private static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }
}
