package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records from a child JVM, kills it with SIGKILL mid-episode, and checks that reopening recovers
 * every step the child was told was durable, with every recovered step whole and equal to what the
 * child wrote.
 */
class EpisodeStoreCrashTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"buffered", "write-through"})
  void sigkillMidEpisodeLosesNoDurableStep(String mode) throws Exception {
    Path dir = tmp.resolve("crash");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBin.toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            StoreCrashChild.class.getName(),
            dir.toString(),
            mode);
    pb.redirectError(tmp.resolve("child-stderr.txt").toFile());
    Process child = pb.start();
    Map<Long, Integer> durable = new ConcurrentHashMap<>();
    Map<Long, Boolean> ended = new ConcurrentHashMap<>();
    Map<Long, Integer> appended = new ConcurrentHashMap<>();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                  String[] p = line.split(" ");
                  if (p.length == 3 && p[0].equals("APPENDED")) {
                    appended.merge(Long.parseLong(p[1]), Integer.parseInt(p[2]), Math::max);
                  }
                  if (p.length == 4 && p[0].equals("DURABLE")) {
                    long id = Long.parseLong(p[1]);
                    durable.merge(id, Integer.parseInt(p[2]), Math::max);
                    if (Boolean.parseBoolean(p[3])) {
                      ended.put(id, true);
                    }
                  }
                }
              } catch (IOException e) {
                // Child killed.
              }
            });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (durable.getOrDefault(1L, 0) < 1500 || durable.getOrDefault(2L, 0) < 1500) {
      if (!child.isAlive()) {
        fail(
            "child exited early with "
                + child.exitValue()
                + ": "
                + lines
                + " "
                + Files.readString(tmp.resolve("child-stderr.txt")));
      }
      if (System.nanoTime() > deadline) {
        child.destroyForcibly();
        fail("child did not report 1500 durable steps in 60 s: " + durable);
      }
      Thread.sleep(5);
    }
    // Snapshot what the child was told before the kill; anything reported is durable.
    Map<Long, Integer> promised = Map.copyOf(durable);
    Map<Long, Integer> handedOver = Map.copyOf(appended);
    child.destroyForcibly(); // SIGKILL on Linux
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
    reader.join(10_000);
    assertThat(ended).containsEntry(0L, true);

    // A read-only verify first: it reports without changing anything.
    VerifyReport before = DatasetVerifier.verify(dir);
    assertThat(before.episodes()).hasSize(3);
    assertThat(before.episodes().get(0).result()).isEqualTo(VerifyReport.Result.OK);
    for (int e = 1; e <= 2; e++) {
      VerifyReport.EpisodeCheck c = before.episodes().get(e);
      assertThat(c.result()).isIn(VerifyReport.Result.INCOMPLETE, VerifyReport.Result.TORN_TAIL);
      assertThat(c.readableSteps()).isGreaterThanOrEqualTo(promised.get((long) e));
    }

    try (EpisodeStore store = EpisodeStore.open(dir)) {
      RecoveryReport report = store.recoveryReport();
      report.actions().forEach(a -> System.out.println("recovery: " + a));
      System.out.println(mode + ": promised durable " + promised + ", appended " + handedOver);
      assertThat(report.actions())
          .filteredOn(a -> a.kind() == RecoveryReport.Kind.SEALED_INCOMPLETE)
          .extracting(RecoveryReport.Action::episodeId)
          .containsExactlyInAnyOrder(1L, 2L);
      Episode first = store.readEpisode(0);
      assertThat(first.outcome().reason()).isEqualTo(EndReason.SUCCESS);
      assertThat(first.length()).isEqualTo(100);
      for (long id = 1; id <= 2; id++) {
        Episode ep = store.readEpisode(id);
        assertThat(store.episode(id).orElseThrow().status()).isEqualTo(EpisodeStatus.INCOMPLETE);
        assertThat(ep.outcome().reason()).isEqualTo(EndReason.INCOMPLETE);
        assertThat(ep.length())
            .as("episode %d recovered steps vs. promised durable", id)
            .isGreaterThanOrEqualTo(promised.get(id));
        if (mode.equals("write-through")) {
          // Every append that returned was in the OS's hands: a killed process loses none.
          assertThat(handedOver).containsKey(id);
          assertThat(ep.length())
              .as("episode %d recovered steps vs. appends that returned", id)
              .isGreaterThanOrEqualTo(handedOver.get(id));
        }
        for (int i = 0; i < ep.length(); i++) {
          assertThat(ep.steps().get(i))
              .isEqualTo(
                  StoreFixtures.step(
                      id,
                      i,
                      StoreCrashChild.STATE,
                      StoreCrashChild.ACTION,
                      StoreCrashChild.CAMS,
                      StoreCrashChild.H,
                      StoreCrashChild.W));
        }
      }
      // Recovered steps are usable for training right away (no episode here has a final
      // observation, so each one's last step has no next state and is not a sample).
      StoreSampleView view = store.sampleView();
      assertThat(view.size())
          .isEqualTo(99 + store.readEpisode(1).length() - 1 + store.readEpisode(2).length() - 1);
    }
    // After recovery every file verifies clean, and a second open has nothing to repair.
    assertThat(DatasetVerifier.verify(dir).ok()).isTrue();
    assertThat(DatasetVerifier.verify(dir).count(VerifyReport.Result.OK)).isEqualTo(3);
    try (EpisodeStore again = EpisodeStore.open(dir)) {
      assertThat(again.recoveryReport().clean()).isTrue();
      assertThat(again.beginEpisode(StoreFixtures.meta(9)).id()).isEqualTo(3);
    }
  }
}
