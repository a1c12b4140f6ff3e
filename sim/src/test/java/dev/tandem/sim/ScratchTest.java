package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void scratch() {
    String which = System.getProperty("task", "Reach");
    int n = Integer.getInteger("episodes", 20);
    boolean verbose = Boolean.getBoolean("verbose");
    TaskConfig cfg =
        switch (which) {
          case "Push" -> PushConfig.defaults();
          case "PickAndPlace" -> PickAndPlaceConfig.defaults();
          case "PegInsertion" -> PegInsertionConfig.defaults();
          default -> ReachConfig.defaults();
        };
    int sub = Integer.getInteger("substeps", 20);
    cfg = cfg.withSim(cfg.sim().withSubsteps(sub));
    try (SimEnvironment env = SimEnvironment.create(cfg)) {
      int ok = 0;
      long steps = 0;
      long t0 = System.nanoTime();
      int start = Integer.getInteger("start", 0);
      for (int ep = start; ep < start + n; ep++) {
        env.reset(ep);
        Transition t = null;
        int k = 0;
        while (t == null || !t.done()) {
          Action a = env.oracle().get().expertAction();
          t = env.step(a);
          k++;
          if (verbose) {
            float[] s = t.observation().state();
            System.out.printf(
                "ep %d step %d a=%s ee=(%.3f %.3f %.3f) w=%.4f obj=(%.3f %.3f %.3f) prog=%.2f%n",
                ep,
                k,
                a,
                s[7],
                s[8],
                s[9],
                s[13],
                s[14],
                s[15],
                s[16],
                env.oracle().get().progress());
          }
        }
        steps += k;
        if (t.success()) ok++;
        System.out.printf(
            "episode %d: %s after %d steps %s dist=%s%n",
            ep, t.endReason().get(), k, t.detail(), "");
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s: success %d/%d, %.0f env steps/s%n", which, ok, n, steps / secs);
    }
  }
}
