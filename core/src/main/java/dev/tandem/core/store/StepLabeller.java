package dev.tandem.core.store;

import dev.tandem.core.data.Episode;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import java.util.function.Function;

/**
 * Assigns a sample class to every step of an episode (for sample views and the robomimic {@code
 * intv_labels}). It sees the whole episode first, so a labeller can look ahead (e.g. mark the steps
 * before a takeover as pre-intervention), and returns the step-to-class function for that episode.
 */
@FunctionalInterface
public interface StepLabeller {

  /**
   * The default: SCRIPTED steps are DEMO, HUMAN and CORRECTED steps are INTERVENTION, POLICY and
   * STOPPED (e-stop hold) steps are ROBOT. Sample views recognise this instance and label from the
   * mapped records without loading episodes.
   */
  StepLabeller BY_SOURCE = episode -> StepLabeller::bySource;

  Function<Step, SampleClass> forEpisode(Episode episode);

  /** The default class of a step, from who was in control. */
  static SampleClass bySource(Step step) {
    return classOf(step.source());
  }

  static SampleClass classOf(dev.tandem.core.data.ControlSource source) {
    return switch (source) {
      case SCRIPTED -> SampleClass.DEMO;
      case HUMAN, CORRECTED -> SampleClass.INTERVENTION;
      case POLICY, STOPPED -> SampleClass.ROBOT;
    };
  }
}
