package dev.tandem.runtime.experiment;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.WeightingScheme;

/**
 * One compared method: how its training data is weighted and kept. {@code deploy: false} marks a
 * baseline that is never deployed or retrained (BC on the demos alone): it is evaluated once and
 * reported flat across rounds.
 */
public record MethodConfig(String name, WeightingScheme weighting, Memory memory, Boolean deploy) {
  public MethodConfig {
    ConfigChecks.required(name, "name");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "name: found '" + name + "', expected letters, digits, '-', '_' or '.'");
    }
    ConfigChecks.required(weighting, "weighting");
    memory = ConfigChecks.orDefault(memory, Memory.unlimited());
    deploy = ConfigChecks.orDefault(deploy, true);
  }
}
