package dev.tandem.policy.data;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import java.util.Objects;

/**
 * Any {@link SampleView} with its weights replaced by a {@link WeightProvider}, computed once. The
 * intervention module's weighting schemes (Sirius, IWR, HG-DAgger) plug in here; the trainer reads
 * {@code weight(i)} and does not care where it came from.
 */
public final class ReweightedSampleView implements SampleView {

  /** Computes sample {@code i}'s training weight from the view (its class, episode, reward...). */
  @FunctionalInterface
  public interface WeightProvider {
    float weight(SampleView view, int i);
  }

  private final SampleView base;
  private final float[] weights;

  private ReweightedSampleView(SampleView base, float[] weights) {
    this.base = base;
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
  public int size() {
    return base.size();
  }

  @Override
  public int stateSize() {
    return base.stateSize();
  }

  @Override
  public int actionSize() {
    return base.actionSize();
  }

  @Override
  public void state(int i, float[] out, int offset) {
    base.state(i, out, offset);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    base.action(i, out, offset);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    base.nextState(i, out, offset);
  }

  @Override
  public float reward(int i) {
    return base.reward(i);
  }

  @Override
  public boolean terminal(int i) {
    return base.terminal(i);
  }

  @Override
  public boolean episodeEnd(int i) {
    return base.episodeEnd(i);
  }

  @Override
  public float weight(int i) {
    return weights[i];
  }

  @Override
  public SampleClass sampleClass(int i) {
    return base.sampleClass(i);
  }
}
