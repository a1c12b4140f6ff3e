package dev.tandem.intervention.language;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import java.util.Objects;

/**
 * A typed or spoken correction ready for the arbiter (its {@code Correct(text, interpretation,
 * understood, bias, horizonSteps)} message): understood ones carry their bias and horizon; not
 * understood ones a zero bias (they are still kept on the timeline, with why they were refused).
 * {@code speedFactor} and {@code flow} are what an additive bias cannot say (see {@link
 * CorrectionBias}).
 */
public record LanguageCommand(
    String text,
    String interpretation,
    boolean understood,
    Action bias,
    int horizonSteps,
    double speedFactor,
    Flow flow) {

  public LanguageCommand {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(interpretation, "interpretation");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(flow, "flow");
  }

  /**
   * Parses {@code text} and turns it into a command for {@code spec}.
   *
   * @param cameraToBase the operator camera's orientation in the base frame
   * @param eeToBase the end effector's orientation in the base frame
   */
  public static LanguageCommand of(
      CorrectionParser parser,
      String text,
      ActionSpec spec,
      double[][] cameraToBase,
      double[][] eeToBase,
      BiasSettings settings) {
    ParseResult r = parser.parse(text);
    if (r.correction().isEmpty()) {
      return new LanguageCommand(
          r.text(), r.interpretation(), false, Action.zeros(spec.dim()), 1, 1.0, Flow.NONE);
    }
    CorrectionBias b = r.correction().get().toBias(spec, cameraToBase, eeToBase, settings);
    return new LanguageCommand(
        r.text(), r.interpretation(), true, b.bias(), b.horizonSteps(), b.speedFactor(), b.flow());
  }
}
