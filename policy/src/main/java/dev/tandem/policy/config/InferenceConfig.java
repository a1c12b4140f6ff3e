package dev.tandem.policy.config;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Objects;

/**
 * How a policy serves actions: {@code engine} ({@code auto} uses the pure-Java dense engine for
 * state-only networks on CPU and DJL otherwise), the largest batch one forward pass takes ({@code
 * maxBatch}; requests queued together by concurrent callers are merged up to it), and whether
 * actions are drawn from the head's distribution ({@code sampleActions}, seeded by {@code seed}).
 */
@RecordBuilder
public record InferenceConfig(Engine engine, int maxBatch, boolean sampleActions, long seed)
    implements InferenceConfigBuilder.With {

  /** Which implementation runs the network. */
  public enum Engine {
    AUTO,
    DJL,
    JAVA
  }

  public InferenceConfig {
    Objects.requireNonNull(engine, "inference.engine: expected auto, djl or java");
    if (maxBatch < 1 || maxBatch > 1 << 16) {
      throw new IllegalArgumentException(
          "inference.maxBatch: expected 1..65536, found " + maxBatch);
    }
  }

  public static InferenceConfig defaults() {
    return new InferenceConfig(Engine.AUTO, 1024, false, 0L);
  }

  public InferenceConfig withSampling(boolean sample, long newSeed) {
    return with(b -> b.sampleActions(sample).seed(newSeed));
  }
}
