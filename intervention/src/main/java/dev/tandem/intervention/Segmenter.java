package dev.tandem.intervention;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.store.StepLabeller;

/**
 * Splits episodes into sample classes: every step of a demo is {@code DEMO}; a person's steps are
 * {@code INTERVENTION}; the {@code preInterventionSteps} robot steps before each takeover are
 * {@code PRE_INTERVENTION} (never reaching back across an earlier intervention); the remaining
 * robot steps are {@code ROBOT}. Sirius uses 15 pre-intervention steps (the default).
 */
public record Segmenter(Integer preInterventionSteps) {
  public static final int DEFAULT_PRE_INTERVENTION_STEPS = 15;

  public Segmenter {
    preInterventionSteps =
        ConfigChecks.orDefault(preInterventionSteps, DEFAULT_PRE_INTERVENTION_STEPS);
    ConfigChecks.nonNegative(preInterventionSteps, "preInterventionSteps");
  }

  public static Segmenter defaults() {
    return new Segmenter(null);
  }

  /**
   * This segmentation as the episode store's labeller (robomimic {@code intv_labels}): the classes
   * training gives the steps.
   */
  public StepLabeller labeller() {
    return episode -> {
      SampleClass[] classes = classify(EpisodeTimeline.of(episode));
      return step -> classes[step.index()];
    };
  }

  public SampleClass[] classify(EpisodeTimeline t) {
    int n = t.length();
    SampleClass[] out = new SampleClass[n];
    for (int i = 0; i < n; i++) {
      ControlSource s = t.sources()[i];
      out[i] =
          t.demo() || s == ControlSource.SCRIPTED
              ? SampleClass.DEMO
              : t.isIntervention(i) ? SampleClass.INTERVENTION : SampleClass.ROBOT;
    }
    for (int i = 0; i < n; i++) {
      if (!t.demo() && t.isTakeover(i)) {
        for (int j = i - 1; j >= 0 && j >= i - preInterventionSteps; j--) {
          if (out[j] != SampleClass.ROBOT && out[j] != SampleClass.PRE_INTERVENTION) {
            break; // an earlier intervention (or demo step) bounds the window
          }
          out[j] = SampleClass.PRE_INTERVENTION;
        }
      }
    }
    return out;
  }
}
