package dev.tandem.policy.data;

import dev.tandem.core.dataset.ForwardingSampleView;
import dev.tandem.core.dataset.SampleView;
import java.util.Objects;

/**
 * Any {@link SampleView} with its weights replaced by a {@link WeightProvider}, computed once. The
 * intervention module's weighting schemes (Sirius, IWR, HG-DAgger) plug in here; the trainer reads
 * {@code weight(i)} and does not care where it came from.
 */
public final class ReweightedSampleView extends ForwardingSampleView {

  /** Computes sample {@code i}'s training weight from the view (its class, episode, reward...). */
  @FunctionalInterface
  public interface WeightProvider {
    float weight(SampleView view, int i);
  }

  private final float[] weights;

  private ReweightedSampleView(SampleView base, float[] weights) {
    super(base);
    this.weights = weights;
  }

  public static ReweightedSampleView of(SampleView base, WeightProvider provider) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(provider, "provider");
    float[] w = new float[base.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = provider.weight(base, i);
      if (!(w[i] >= 0) || !Float.isFinite(w[i])) {
        throw new IllegalArgumentException(
            "weight provider gave sample " + i + " weight " + w[i] + ", expected finite and >= 0");
      }
    }
    return new ReweightedSampleView(base, w);
  }

  @Override
  public float weight(int i) {
    return weights[i];
  }
}
