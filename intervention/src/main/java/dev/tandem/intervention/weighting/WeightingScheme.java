package dev.tandem.intervention.weighting;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns sample classes into training weights, selected by {@code type:} in YAML ({@code bc}, {@code
 * hg-dagger}, {@code iwr}, {@code sirius}). Weights are per class and depend on the class counts of
 * the whole training set; they are scaled so the mean weight over the set is 1 (a learning rate
 * means the same under every scheme).
 */
public interface WeightingScheme {

  /** Weight per sample of each class, before normalization. */
  Map<SampleClass, Double> rawWeights(ClassCounts counts);

  /** How the trainer applies the weights. */
  TrainingMode mode();

  /** Per-class weights with mean 1 over the set; classes with no samples get 0. */
  default Map<SampleClass, Double> weights(ClassCounts counts) {
    Map<SampleClass, Double> raw = rawWeights(counts);
    double total = 0;
    long n = 0;
    for (SampleClass c : SampleClass.values()) {
      long k = counts.get(c);
      double w = raw.getOrDefault(c, 0.0);
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalStateException(
            getClass().getSimpleName() + " gave weight " + w + " to " + c);
      }
      total += k * w;
      n += k;
    }
    EnumMap<SampleClass, Double> out = new EnumMap<>(SampleClass.class);
    for (SampleClass c : SampleClass.values()) {
      double w = counts.get(c) == 0 || total == 0 ? 0.0 : raw.getOrDefault(c, 0.0) * n / total;
      out.put(c, w);
    }
    return out;
  }

  /** How weights reach the loss. */
  enum TrainingMode {
    /** Every sample is drawn uniformly and its loss is multiplied by its weight. */
    WEIGHTED_LOSS,
    /** Samples are drawn with probability proportional to their weight (IWR's resampling). */
    WEIGHTED_SAMPLER
  }
}
