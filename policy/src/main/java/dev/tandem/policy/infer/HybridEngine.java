package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import java.util.List;

/**
 * For state-only networks on CPU: small requests go to the pure-Java engine (no JNI, lowest
 * latency), batches of {@code threshold} or more to DJL. Measured per CPU-second of the calling
 * thread on the AVX-512 development machine (2x256 MLP, one intra-op thread): Java 300 k vs DJL 150
 * k observations at batch 8, 310 k vs 220 k at 16, about even at 32 (310-335 k vs 320-350 k), 330 k
 * vs 410 k at 64 (DJL's per-call overhead, ~25 us, is paid once per batch).
 */
public final class HybridEngine extends PolicyEngine {

  /** Batch size from which DJL is used. */
  public static final int DEFAULT_THRESHOLD = 32;

  private final JavaMlpEngine small;
  private final DjlEngine large;
  private final int threshold;

  public HybridEngine(JavaMlpEngine small, DjlEngine large, int threshold) {
    super(small.checkpoint());
    this.small = small;
    this.large = large;
    this.threshold = threshold;
  }

  @Override
  public Action[][] chunks(List<Observation> observations) {
    return observations.size() >= threshold
        ? large.chunks(observations)
        : small.chunks(observations);
  }

  @Override
  public void sampleActions(long seed) {
    small.sampleActions(seed);
    large.sampleActions(seed + 1);
  }

  @Override
  public void deterministic() {
    small.deterministic();
    large.deterministic();
  }

  @Override
  protected void forward(int n) {
    throw new IllegalStateException("hybrid engine delegates whole requests");
  }

  @Override
  public void close() {
    try {
      small.close();
    } finally {
      large.close();
    }
  }
}
