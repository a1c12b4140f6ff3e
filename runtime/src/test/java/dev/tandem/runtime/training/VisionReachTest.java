package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.PolicyEvaluation;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.sim.config.CameraConfig;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's learning check: behavior cloning on Reach from a 64x64 front camera plus the hand's
 * position and velocity only (the goal is not in what the policy reads: it has to find the goal's
 * marker in the image). Demonstrations by the scripted expert are recorded with their images in a
 * real episode store; training reads the frames from the mapped episode files. Seeds fixed: demos
 * from 10,000, evaluation on 50 unseen seeds from 50,000, training seed 7.
 *
 * <p>Measured on 2 cores (400 demos, 1,200 steps unless said): 0.94 in ~40 s; 0.92 with 200 demos
 * and 2,000 steps; 0.80 with 200 demos and 1,000 steps. With the goal drawn as before (a 2 cm
 * sphere at 30% opacity) 200 demos reached 0.22; an opaque 3 cm sphere without its post 0.80 (200
 * demos, 2,000 steps): the post's foot on the table resolves depth along the camera's ray. Override
 * with {@code -Dvision.demos}, {@code -Dvision.steps} in the surefire argLine.
 */
class VisionReachTest {
  @TempDir Path dir;

  static final List<String> PROPRIOCEPTION =
      List.of("ee.x", "ee.y", "ee.z", "ee.vx", "ee.vy", "ee.vz");

  @Test
  void reachFromTheFrontCameraAndProprioceptionReachesEightyPercent() {
    ReachConfig base = ReachConfig.defaults();
    ReachConfig task =
        new ReachConfig(
            base.sim().withCameras(List.of(CameraConfig.front(64, 64))),
            base.goalRangeMeters(),
            base.distanceThresholdMeters());
    int demos = Integer.getInteger("vision.demos", 400);
    int steps = Integer.getInteger("vision.steps", 1200);
    long t0 = System.nanoTime();
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.cpu());
    double success;
    try (var probe = task.create();
        EpisodeStore store =
            EpisodeStore.create(dir.resolve("reach"), DatasetSpec.of(probe.spec()))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < demos; i++) {
        ids.add(
            Demonstrations.record(
                probe, store, 10_000 + i, Map.of("i", "" + i), Clock.systemUTC()));
      }
      long t1 = System.nanoTime();
      var data =
          Training.dataset(store, ids, Segmenter.defaults(), new PlainBc(null), Memory.unlimited());
      var settings =
          new TrainingSettings(
              steps,
              64,
              null,
              List.of(256, 256),
              null,
              null,
              null,
              "cpu",
              null,
              PROPRIOCEPTION,
              new EncoderConfig(List.of("front"), 60, 60, 16, 16, 64));
      var bc = Training.config(settings, new PlainBc(null), 7);
      var result = Training.train(djl, data, probe.spec(), bc, Map.of());
      long t2 = System.nanoTime();
      PolicyRegistry registry = new PolicyRegistry(dir.resolve("policies"));
      var v = registry.publish(result.checkpoint());
      try (InferencePolicy p =
          InferencePolicy.start(djl, registry.load(v), probe.spec(), InferenceConfig.defaults())) {
        success =
            PolicyEvaluation.evaluate(p, task::create, PolicyEvaluation.seeds(50_000, 50))
                .successRate();
      }
      long t3 = System.nanoTime();
      System.out.printf(
          "vision reach: success %.2f; record %.1f s, train %.1f s (%d samples, best step %d),"
              + " evaluate %.1f s%n",
          success,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          data.size(),
          result.selectedStep(),
          (t3 - t2) / 1e9);
    }
    assertThat(success).isGreaterThanOrEqualTo(0.8);
  }
}
