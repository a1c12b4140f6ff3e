package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arbiter and a real recorder over a real episode store. */
class RecorderActorTest {
  static final ActorTestKit kit = ActorTestKit.create(com.typesafe.config.ConfigFactory.load());

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @TempDir Path dir;

  @Test
  void aCrashedEnvironmentLosesNoRecordedStepAndTheEpisodeSaysWhy() {
    EpisodeStore store =
        EpisodeStore.create(dir.resolve("ds"), DatasetSpec.of(LineEnvironment.SPEC));
    var recorder = kit.spawn(RecorderActor.create(store), "recorder");
    AtomicInteger crashAt = new AtomicInteger(4); // crashes once, at step 4 of the first episode
    var env = kit.spawn(EnvironmentActor.create(() -> new LineEnvironment(crashAt)), "env");
    var policy = kit.spawn(PolicyActor.create(ArbiterActorTest.constant(1f)), "policy");
    var arbiter =
        kit.spawn(
            ArbiterActor.create(
                new ArbiterActor.Wiring(
                    "arm",
                    LineEnvironment.SPEC,
                    env,
                    policy,
                    Optional.empty(),
                    recorder,
                    "test",
                    true),
                Clock.systemUTC()),
            "arbiter");
    TestProbe<ArbiterActor.EpisodeDone> done = kit.createTestProbe();
    arbiter.tell(new ArbiterActor.RunEpisode(0, Map.of("phase", "deploy"), done.getRef()));
    assertThat(done.receiveMessage(Duration.ofSeconds(5)).outcome().reason())
        .isEqualTo(EndReason.ABORTED);
    arbiter.tell(new ArbiterActor.RunEpisode(1, Map.of("phase", "deploy"), done.getRef()));
    assertThat(done.receiveMessage(Duration.ofSeconds(5)).success()).isTrue();
    TestProbe<RecorderActor.Flushed> flushed = kit.createTestProbe();
    recorder.tell(new RecorderActor.Flush(flushed.getRef()));
    assertThat(flushed.receiveMessage(Duration.ofSeconds(5)).episodesRecorded()).isEqualTo(2);
    kit.stop(recorder);
    store.close();

    try (EpisodeStore reopened = EpisodeStore.open(dir.resolve("ds"))) {
      List<Long> ids = reopened.readableEpisodeIds();
      assertThat(ids).hasSize(2);
      Episode aborted = reopened.readEpisode(ids.get(0));
      assertThat(aborted.steps()).hasSize(4);
      assertThat(aborted.outcome().reason()).isEqualTo(EndReason.ABORTED);
      assertThat(aborted.outcome().detail()).contains("simulated driver fault");
      assertThat(aborted.meta().tags()).containsEntry("phase", "deploy");
      Episode ok = reopened.readEpisode(ids.get(1));
      assertThat(ok.outcome().success()).as("outcome %s", ok.outcome()).isTrue();
      assertThat(ok.steps())
          .allSatisfy(s -> assertThat(s.source()).isEqualTo(ControlSource.POLICY));
      assertThat(ok.finalObservation()).isPresent();
    }
  }
}
