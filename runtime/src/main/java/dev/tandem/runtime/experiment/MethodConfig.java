package dev.tandem.runtime.experiment;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.runtime.training.LearnerSettings;

/**
 * One compared method: how its training data is weighted and kept ({@code weighting}, {@code
 * memory}: behavior cloning), or, with {@code learner} (e.g. {@code {type: rlif, ...}}), an
 * off-policy learner that continues from round to round instead of retraining BC (weighting and
 * memory are then not used). {@code deploy: false} marks a baseline that is never deployed or
 * retrained (BC on the demos alone): it is evaluated once and reported flat across rounds.
 */
public record MethodConfig(
    String name,
    WeightingScheme weighting,
    Memory memory,
    Boolean deploy,
    LearnerSettings learner) {
  public MethodConfig {
    ConfigChecks.required(name, "name");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "name: found '" + name + "', expected letters, digits, '-', '_' or '.'");
    }
    if (learner == null) {
      ConfigChecks.required(weighting, "weighting");
    } else if (weighting != null) {
      throw new IllegalArgumentException(
          "method '"
              + name
              + "': give either weighting (behavior cloning) or learner (e.g. rlif), not both");
    }
    memory = ConfigChecks.orDefault(memory, Memory.unlimited());
    deploy = ConfigChecks.orDefault(deploy, true);
    if (learner != null && !deploy) {
      throw new IllegalArgumentException(
          "method '" + name + "': a learner needs deployed data (deploy: false makes no sense)");
    }
  }

  public MethodConfig(String name, WeightingScheme weighting, Memory memory, Boolean deploy) {
    this(name, weighting, memory, deploy, null);
  }
}
