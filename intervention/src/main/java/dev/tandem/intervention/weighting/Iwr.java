package dev.tandem.intervention.weighting;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import java.util.EnumMap;
import java.util.Map;

/**
 * Intervention Weighted Regression (Mandlekar et al. 2020): intervention samples together carry the
 * same total weight as all other samples together, so the rare corrections are not drowned out. IWR
 * resamples rather than reweights the loss; {@code sampler: false} switches to a weighted loss.
 */
public record Iwr(Boolean sampler) implements WeightingScheme {
  public Iwr {
    sampler = ConfigChecks.orDefault(sampler, true);
  }

  @Override
  public Map<SampleClass, Double> rawWeights(ClassCounts counts) {
    long interventions = counts.get(SampleClass.INTERVENTION);
    long others = counts.total() - interventions;
    Map<SampleClass, Double> w = new EnumMap<>(SampleClass.class);
    double other = others == 0 ? 0 : 0.5 / others;
    for (SampleClass c : SampleClass.values()) {
      w.put(c, other);
    }
    w.put(SampleClass.INTERVENTION, interventions == 0 ? 0 : 0.5 / interventions);
    if (interventions == 0) {
      // nothing to balance: plain BC on what there is
      for (SampleClass c : SampleClass.values()) {
        w.put(c, 1.0);
      }
    }
    return w;
  }

  @Override
  public TrainingMode mode() {
    return sampler ? TrainingMode.WEIGHTED_SAMPLER : TrainingMode.WEIGHTED_LOSS;
  }
}
