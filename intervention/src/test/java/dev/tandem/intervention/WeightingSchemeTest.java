package dev.tandem.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.weighting.HgDagger;
import dev.tandem.intervention.weighting.Iwr;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.intervention.weighting.Sirius;
import dev.tandem.intervention.weighting.WeightingScheme;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightingSchemeTest {
  private final ClassCounts counts =
      new ClassCounts(
          Map.of(
              SampleClass.DEMO, 100L,
              SampleClass.ROBOT, 200L,
              SampleClass.PRE_INTERVENTION, 30L,
              SampleClass.INTERVENTION, 70L));

  private static double share(WeightingScheme s, ClassCounts c, SampleClass cls) {
    Map<SampleClass, Double> w = s.weights(c);
    double total = 0;
    for (SampleClass k : SampleClass.values()) {
      total += w.get(k) * c.get(k);
    }
    return w.get(cls) * c.get(cls) / total;
  }

  private static double mean(WeightingScheme s, ClassCounts c) {
    Map<SampleClass, Double> w = s.weights(c);
    double total = 0;
    for (SampleClass k : SampleClass.values()) {
      total += w.get(k) * c.get(k);
    }
    return total / c.total();
  }

  @Test
  void siriusGivesInterventionsHalfAndPreInterventionAlmostNothing() {
    Sirius s = Sirius.defaults();
    assertThat(share(s, counts, SampleClass.INTERVENTION)).isCloseTo(0.5, within(1e-9));
    Map<SampleClass, Double> w = s.weights(counts);
    assertThat(w.get(SampleClass.PRE_INTERVENTION) / w.get(SampleClass.DEMO))
        .isCloseTo(0.01, within(1e-9));
    // robot samples share the rest: total - demos - interventions - pre
    double rest = 400 - 100 - 200 - 30 * 0.01;
    assertThat(w.get(SampleClass.ROBOT) / w.get(SampleClass.DEMO))
        .isCloseTo(rest / 200, within(1e-9));
    assertThat(w.get(SampleClass.INTERVENTION)).isGreaterThan(w.get(SampleClass.ROBOT));
    assertThat(mean(s, counts)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void siriusKeepsRobotAboveZeroWhenDemosDominate() {
    ClassCounts c =
        new ClassCounts(
            Map.of(SampleClass.DEMO, 1000L, SampleClass.ROBOT, 10L, SampleClass.INTERVENTION, 10L));
    Map<SampleClass, Double> w = Sirius.defaults().weights(c);
    assertThat(w.get(SampleClass.ROBOT)).isPositive();
    assertThat(share(Sirius.defaults(), c, SampleClass.INTERVENTION)).isGreaterThan(0.3);
  }

  @Test
  void iwrBalancesInterventionsAgainstEverythingElse() {
    Iwr iwr = new Iwr(null);
    assertThat(share(iwr, counts, SampleClass.INTERVENTION)).isCloseTo(0.5, within(1e-9));
    assertThat(iwr.mode()).isEqualTo(WeightingScheme.TrainingMode.WEIGHTED_SAMPLER);
    assertThat(new Iwr(false).mode()).isEqualTo(WeightingScheme.TrainingMode.WEIGHTED_LOSS);
    assertThat(mean(iwr, counts)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void hgDaggerTrainsOnDemosAndInterventionsOnly() {
    Map<SampleClass, Double> w = new HgDagger().weights(counts);
    assertThat(w.get(SampleClass.ROBOT)).isZero();
    assertThat(w.get(SampleClass.PRE_INTERVENTION)).isZero();
    assertThat(w.get(SampleClass.DEMO)).isEqualTo(w.get(SampleClass.INTERVENTION)).isPositive();
  }

  @Test
  void plainBcOnDemosAlone() {
    Map<SampleClass, Double> w = PlainBc.demosOnly().weights(counts);
    assertThat(w.get(SampleClass.DEMO)).isPositive();
    assertThat(w.get(SampleClass.ROBOT)).isZero();
    assertThat(w.get(SampleClass.INTERVENTION)).isZero();
    Map<SampleClass, Double> all = new PlainBc(null).weights(counts);
    assertThat(all.values()).containsOnly(1.0);
  }

  @Test
  void noInterventionsYet() {
    ClassCounts demosOnly = new ClassCounts(Map.of(SampleClass.DEMO, 50L));
    assertThat(Sirius.defaults().weights(demosOnly).get(SampleClass.DEMO)).isEqualTo(1.0);
    assertThat(new Iwr(null).weights(demosOnly).get(SampleClass.DEMO)).isEqualTo(1.0);
    assertThat(new HgDagger().weights(demosOnly).get(SampleClass.DEMO)).isEqualTo(1.0);
  }
}
