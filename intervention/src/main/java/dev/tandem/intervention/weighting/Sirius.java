package dev.tandem.intervention.weighting;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.ClassCounts;
import java.util.EnumMap;
import java.util.Map;

/**
 * Sirius (Liu et al. 2022) weighting: demos keep weight 1; intervention samples together carry
 * {@code interventionShare} (default 50%) of the total weight; pre-intervention samples get {@code
 * preInterventionWeight} each (almost none, default 0.01 relative to a demo); robot samples share
 * what remains. If demos and interventions already exceed the total, robot samples get a floor of
 * {@code preInterventionWeight} so they are never weighted below the samples Sirius distrusts most.
 */
public record Sirius(Double interventionShare, Double preInterventionWeight)
    implements WeightingScheme {
  public Sirius {
    interventionShare = ConfigChecks.orDefault(interventionShare, 0.5);
    preInterventionWeight = ConfigChecks.orDefault(preInterventionWeight, 0.01);
    ConfigChecks.inRange(interventionShare, 0.0, 0.95, "interventionShare");
    ConfigChecks.inRange(preInterventionWeight, 0.0, 1.0, "preInterventionWeight");
  }

  public static Sirius defaults() {
    return new Sirius(null, null);
  }

  @Override
  public Map<SampleClass, Double> rawWeights(ClassCounts counts) {
    long nDemo = counts.get(SampleClass.DEMO);
    long nRobot = counts.get(SampleClass.ROBOT);
    long nPre = counts.get(SampleClass.PRE_INTERVENTION);
    long nInt = counts.get(SampleClass.INTERVENTION);
    double total = counts.total();
    Map<SampleClass, Double> w = new EnumMap<>(SampleClass.class);
    w.put(SampleClass.DEMO, 1.0);
    w.put(SampleClass.PRE_INTERVENTION, preInterventionWeight);
    double interventionTotal = nInt == 0 ? 0 : interventionShare * total;
    w.put(SampleClass.INTERVENTION, nInt == 0 ? 0 : interventionTotal / nInt);
    double rest = total - nDemo - interventionTotal - nPre * preInterventionWeight;
    w.put(SampleClass.ROBOT, nRobot == 0 ? 0 : Math.max(preInterventionWeight, rest / nRobot));
    return w;
  }

  @Override
  public TrainingMode mode() {
    return TrainingMode.WEIGHTED_LOSS;
  }
}
