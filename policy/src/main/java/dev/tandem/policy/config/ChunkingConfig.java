package dev.tandem.policy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tandem.core.config.YamlEnums;
import java.util.Objects;

/**
 * Action chunking (ACT): the network predicts the next {@code size} actions from one observation,
 * trained on the episode's next {@code size} recorded actions. {@code execution} says how the
 * chunks drive the robot: {@code temporal_ensemble} predicts a chunk at every step and applies, for
 * step t, the weighted mean of every chunk's prediction for t with weights {@code
 * exp(-ensembleDecay * i)}, i = 0 for the oldest chunk (ACT's rule: a larger decay trusts older
 * predictions more, 0 averages them evenly); {@code open_loop} predicts a chunk, applies its
 * actions one per step, and predicts the next one when it is used up. {@code size} 1 is a
 * single-step policy.
 */
public record ChunkingConfig(int size, Execution execution, double ensembleDecay) {

  /** How a policy's predicted chunks become one action per step. */
  public enum Execution {
    /** A chunk every step, the predictions for the current step averaged with ACT's weights. */
    TEMPORAL_ENSEMBLE,
    /** A chunk every {@code size} steps, its actions applied in order. */
    OPEN_LOOP;

    @JsonCreator
    public static Execution fromYaml(String yamlName) {
      return YamlEnums.parse(Execution.class, yamlName);
    }

    @Override
    @JsonValue
    public String toString() {
      return YamlEnums.name(this);
    }
  }

  public ChunkingConfig {
    if (size < 1 || size > 256) {
      throw new IllegalArgumentException("size: expected 1..256, found " + size);
    }
    Objects.requireNonNull(execution, "execution: expected temporal_ensemble or open_loop");
    if (!(ensembleDecay >= 0) || ensembleDecay > 100) {
      throw new IllegalArgumentException(
          "ensembleDecay: expected [0, 100], found " + ensembleDecay);
    }
  }

  /** Single-step actions: no chunking. */
  public static ChunkingConfig none() {
    return new ChunkingConfig(1, Execution.TEMPORAL_ENSEMBLE, 0.0);
  }

  public boolean chunked() {
    return size > 1;
  }
}
