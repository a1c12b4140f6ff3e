package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.VerifyReport;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner SIGKILLed after publishing version 2 and started again on the same folder and port
 * resumes at version 2 (its demos, store and versions stand, version 1 is not trained again). Its
 * actor either dies with it (a machine lost) and is started again on its folder, or keeps running:
 * downed when the learner vanished, it lets its episode end, closes its store and joins the new
 * learner by itself (before session 8 it stopped there: its rollouts were closed under the running
 * episode, which then never ended). Either way it ships what the learner had not imported, runs
 * version 3, and the session ends there with every imported episode once and the store clean.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ActorLearnerResumeTest {
  @TempDir Path dir;

  @Test
  void aLearnerAndItsActorKilledAndStartedAgainFinishTheSession() throws Exception {
    session(true);
  }

  @Test
  void anActorJoinsTheLearnerStartedAgainByItself() throws Exception {
    session(false);
  }

  private void session(boolean actorKilledToo) throws Exception {
    Path cfgFile = dir.resolve("actors.yaml");
    Files.writeString(cfgFile, ActorLearnerTest.CONFIG);
    int port = ClusterProcesses.freePort();
    Path out = dir.resolve("learner");
    String join = "127.0.0.1:" + port;
    Path work = dir.resolve("w1");
    try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
      var first = ActorLearnerTest.learner(cluster, "learner-first", cfgFile, out, port, 1);
      var actor = ActorLearnerTest.actor(cluster, "arm1-first", join, "arm1", work);
      first.awaitLine(l -> l.contains("version 2 published"), Duration.ofSeconds(120));
      first.process().destroyForcibly(); // SIGKILL
      first.process().waitFor();
      if (actorKilledToo) {
        actor.process().destroyForcibly();
        actor.process().waitFor();
      }
      var again = ActorLearnerTest.learner(cluster, "learner-again", cfgFile, out, port, 1);
      again.awaitLine(l -> l.contains("resumed at version 2"), Duration.ofSeconds(60));
      if (actorKilledToo) {
        actor = ActorLearnerTest.actor(cluster, "arm1-again", join, "arm1", work);
      }
      int exit;
      try {
        exit = again.awaitExit(Duration.ofSeconds(120));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n--- actor:\n" + actor.text(), e);
      }
      assertThat(exit).as(again.text()).isZero();
      assertThat(actor.awaitExit(Duration.ofSeconds(60))).as(actor.text()).isZero();
      assertThat(again.text()).contains("version 3 published (3 of 3").doesNotContain("version 1");
      assertThat(actor.text())
          .contains(actorKilledToo ? "reopened its store" : "joining again")
          .contains("running version 3");
    }
    assertThat(new PolicyRegistry(registryDir(out)).list()).hasSize(3);
    Path data = out.resolve("data").resolve("Reach-seed3");
    VerifyReport verify = DatasetVerifier.verify(data);
    assertThat(verify.ok()).as(verify.toString()).isTrue();
    List<String> imported = new ArrayList<>();
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      for (EpisodeSummary e : s.episodes()) {
        var tags = e.meta().orElseThrow().tags();
        if (tags.containsKey("actor")) {
          imported.add(tags.get("actor") + "#" + tags.get("index"));
        }
      }
    }
    assertThat(imported).isNotEmpty().doesNotHaveDuplicates();
  }

  private static Path registryDir(Path out) throws Exception {
    try (var walk = Files.walk(out.resolve("policies"))) {
      return walk.filter(p -> p.getFileName().toString().startsWith("actor-learner-"))
          .findFirst()
          .orElseThrow();
    }
  }
}
