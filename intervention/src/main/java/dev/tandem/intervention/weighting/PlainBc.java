package dev.tandem.intervention.weighting;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Behavior cloning without reweighting: every included sample has weight 1. {@code include} lists
 * the classes trained on (default: all); BC on the demos alone is {@code include: [DEMO]}.
 */
public record PlainBc(List<SampleClass> include) implements WeightingScheme {
  public PlainBc {
    include =
        include == null || include.isEmpty() ? List.of(SampleClass.values()) : List.copyOf(include);
  }

  public static PlainBc demosOnly() {
    return new PlainBc(List.of(SampleClass.DEMO));
  }

  @Override
  public Map<SampleClass, Double> rawWeights(ClassCounts counts) {
    Map<SampleClass, Double> w = new EnumMap<>(SampleClass.class);
    for (SampleClass c : include) {
      w.put(c, 1.0);
    }
    return w;
  }

  @Override
  public TrainingMode mode() {
    return TrainingMode.WEIGHTED_LOSS;
  }
}
