package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.sim.config.*;
import org.junit.jupiter.api.Test;

class Scratch3Test {
  @Test
  void scratch() {
    ReachConfig cfg = ReachConfig.defaults();
    cfg = cfg.withSim(cfg.sim().withActionMode(ActionMode.JOINT_POSITION));
    try (SimEnvironment env = SimEnvironment.create(cfg)) {
      float[] s0 = env.reset(0).state();
      for (int i = 0; i < 8; i++) {
        Transition t = env.step(new Action(java.util.Arrays.copyOf(s0, 7)));
        var c = env.workcellForTest();
        System.out.printf(
            "qd:%s%n",
            java.util.Arrays.toString(
                java.util.Arrays.stream(c.qd())
                    .limit(7)
                    .mapToObj(d -> String.format("%.3f", d))
                    .toArray()));
      }
    }
  }
}
