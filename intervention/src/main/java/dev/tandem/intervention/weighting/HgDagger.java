package dev.tandem.intervention.weighting;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import java.util.Map;

/**
 * HG-DAgger (Kelly et al. 2019): aggregate the demos and the human's intervention samples and train
 * on them alone, each with weight 1; the robot's own samples are not used.
 */
public record HgDagger() implements WeightingScheme {
  @Override
  public Map<SampleClass, Double> rawWeights(ClassCounts counts) {
    return Map.of(SampleClass.DEMO, 1.0, SampleClass.INTERVENTION, 1.0);
  }

  @Override
  public TrainingMode mode() {
    return TrainingMode.WEIGHTED_LOSS;
  }
}
