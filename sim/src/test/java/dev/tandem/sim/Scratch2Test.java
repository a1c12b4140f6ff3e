package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.*;
import org.junit.jupiter.api.Test;

class Scratch2Test {
  @Test
  void scratch() {
    try (SimEnvironment env = SimEnvironment.create(ReachConfig.defaults())) {
      env.reset(0);
      String pattern = System.getProperty("pattern", "00000Z000000000000");
      for (char ch : pattern.toCharArray()) {
        float[] a =
            switch (ch) {
              case 'Z' -> new float[] {0, 0, -1};
              case 'X' -> new float[] {1, 0, 0};
              case 'U' -> new float[] {0, 0, 1};
              default -> new float[] {0, 0, 0};
            };
        Transition t = env.step(new Action(a));
        float[] s = t.observation().state();
        var c = env.workcellForTest();
        double[] qt = c.controller().positionTargets();
        StringBuilder err = new StringBuilder();
        for (int j = 0; j < 7; j++) err.append(String.format(" %+.4f", qt[j] - c.q()[j]));
        System.out.printf(
            "%c ee=(%.4f %.4f %.4f) v=(%.3f %.3f %.3f) sp-q:%s qd:%s%n",
            ch,
            s[7],
            s[8],
            s[9],
            s[10],
            s[11],
            s[12],
            err,
            java.util.Arrays.toString(
                java.util.Arrays.stream(c.qd())
                    .limit(7)
                    .mapToObj(d -> String.format("%.2f", d))
                    .toArray()));
        if (t.done()) break;
      }
    }
  }
}
