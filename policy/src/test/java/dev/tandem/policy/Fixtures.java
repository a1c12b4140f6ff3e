package dev.tandem.policy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.env.Transition;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.data.ArraySampleView;

/** Shared test data and the one DJL runtime of the test JVM. */
final class Fixtures {
  private Fixtures() {}

  private static DjlRuntime runtime;

  static synchronized DjlRuntime runtime() {
    if (runtime == null) {
      runtime = DjlRuntime.start(RuntimeConfig.cpu());
    }
    return runtime;
  }

  /** Scripted-expert demonstrations on PointReach, one episode per seed from {@code firstSeed}. */
  static ArraySampleView reachDemos(int episodes, long firstSeed) {
    ArraySampleView.Builder b = ArraySampleView.builder(4, 2);
    try (PointReachEnv env = new PointReachEnv()) {
      for (int e = 0; e < episodes; e++) {
        Observation o = env.reset(firstSeed + e);
        for (int t = 0; t < PointReachEnv.MAX_STEPS; t++) {
          float[] a = PointReachEnv.expert(o.state());
          Transition tr = env.step(new Action(a));
          b.add(
              o.state(),
              a,
              tr.observation().state(),
              (float) tr.reward(),
              tr.terminated(),
              1f,
              SampleClass.DEMO);
          o = tr.observation();
          if (tr.done()) {
            break;
          }
        }
        b.endEpisode();
      }
    }
    return b.build();
  }
}
