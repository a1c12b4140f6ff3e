package dev.tandem.runtime.extension;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import dev.tandem.intervention.weighting.WeightingScheme;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A weighting scheme added from the test tree ({@code type: demos-twice}): demos weigh twice what
 * every other sample weighs. Counts its uses so the test sees the trainer asked it.
 */
public record DemosTwice() implements WeightingScheme {
  static final AtomicInteger USES = new AtomicInteger();

  @Override
  public Map<SampleClass, Double> rawWeights(ClassCounts counts) {
    USES.incrementAndGet();
    Map<SampleClass, Double> w = new EnumMap<>(SampleClass.class);
    for (SampleClass c : SampleClass.values()) {
      w.put(c, c == SampleClass.DEMO ? 2.0 : 1.0);
    }
    return w;
  }

  @Override
  public TrainingMode mode() {
    return TrainingMode.WEIGHTED_LOSS;
  }
}
