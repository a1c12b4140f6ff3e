package dev.tandem.policy.config;

import java.util.Objects;

/**
 * How a policy serves actions: {@code engine} ({@code auto} uses the pure-Java dense engine for
 * state-only networks on CPU and DJL otherwise), the largest batch one forward pass takes ({@code
 * maxBatch}; queued single requests are merged up to it), and how long the inference thread spins
 * waiting for the next request before it parks ({@code spinMicros}; spinning trades a core for
 * latency; worth it only with a core to spare).
 */
public record InferenceConfig(
    Engine engine, int maxBatch, long spinMicros, boolean sampleActions, long seed) {

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
    if (spinMicros < 0 || spinMicros > 1_000_000) {
      throw new IllegalArgumentException(
          "inference.spinMicros: expected 0..1000000, found " + spinMicros);
    }
  }

  public static InferenceConfig defaults() {
    // No spinning by default: on a shared 2-core machine a spinning caller steals the core the
    // inference thread needs (measured: p50 26 us without spin, 60-470 us with 20-200 us spins).
    return new InferenceConfig(Engine.AUTO, 1024, 0, false, 0L);
  }

  public InferenceConfig withEngine(Engine e) {
    return new InferenceConfig(e, maxBatch, spinMicros, sampleActions, seed);
  }

  public InferenceConfig withSampling(boolean sample, long newSeed) {
    return new InferenceConfig(engine, maxBatch, spinMicros, sample, newSeed);
  }

  public InferenceConfig withSpinMicros(long spin) {
    return new InferenceConfig(engine, maxBatch, spin, sampleActions, seed);
  }
}
