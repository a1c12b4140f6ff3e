package dev.tandem.intervention.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.intervention.language.CorrectionParser;
import dev.tandem.intervention.language.LanguageCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated operator's language channel: speaking instead of (or before) taking over. */
class SimulatedOperatorLanguageTest {

  /** The hand must move +x to x = 10; the expert moves +1 along x, gripper open. */
  private static final class Line implements TaskOracle {
    double x;

    @Override
    public Action expertAction() {
      return Action.of(1f, 0f, 0f, 1f);
    }

    @Override
    public double progress() {
      return Math.min(1, x / 10);
    }

    @Override
    public double actionValue(Action a) {
      return x + a.get(0);
    }
  }

  private static final ActionSpec SPEC =
      new ActionSpec(
          ActionSpec.ActionMode.EE_DELTA,
          List.of("dx", "dy", "dz", "gripper"),
          new double[] {-1, -1, -1, -1},
          new double[] {1, 1, 1, 1});

  private static SimulatedOperatorConfig config(String channel) {
    return new SimulatedOperatorConfig(
        new StallRule(4, 0.01),
        1,
        null,
        3,
        0,
        null,
        null,
        null,
        null,
        SimulatedOperatorConfig.Corrections.of(channel),
        6,
        20,
        null,
        null);
  }

  /**
   * A stuck policy (proposes zeros) for {@code ticks}; the robot moves only when a person drives.
   */
  private static List<SimulatedOperator.Intent> run(SimulatedOperator op, int ticks) {
    Line line = new Line();
    List<SimulatedOperator.Intent> out = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      SimulatedOperator.Intent intent = op.decide(Action.zeros(4), line);
      out.add(intent);
      if (intent instanceof SimulatedOperator.Drive d) {
        line.x += d.action().get(0);
      }
    }
    return out;
  }

  @Test
  void languageOperatorSpeaksUnderstoodCorrectionsTowardsTheExpertAndNeverDrives() {
    var op = new SimulatedOperator(config("language"), SPEC);
    op.reset(3);
    List<SimulatedOperator.Intent> intents = run(op, 40);
    List<String> said =
        intents.stream()
            .filter(SimulatedOperator.Say.class::isInstance)
            .map(i -> ((SimulatedOperator.Say) i).text())
            .toList();
    assertThat(intents).noneMatch(SimulatedOperator.Drive.class::isInstance);
    // stall seen at tick 5, reacts one tick later, then waits 6 ticks before judging again
    assertThat(intents.get(5)).isInstanceOf(SimulatedOperator.Say.class);
    assertThat(said).hasSizeGreaterThanOrEqualTo(3);
    assertThat(op.interventions()).isEqualTo(said.size());
    CorrectionParser parser = new CorrectionParser();
    for (String text : said) {
      LanguageCommand c =
          LanguageCommand.of(
              parser,
              text,
              SPEC,
              SimulatedOperator.CAMERA_TO_BASE,
              CameraFrames.topDownTool(),
              BiasSettings.defaults());
      assertThat(c.understood()).as("'%s' understood", text).isTrue();
      // the operator stands in front of the robot: whatever it says must push the hand +x
      assertThat(c.bias().get(0)).as("'%s' -> %s", text, c.bias()).isPositive();
      assertThat(Math.abs(c.bias().get(1))).isLessThan(c.bias().get(0));
    }
  }

  @Test
  void bothSpeaksFirstAndTakesOverWhenTheCorrectionDidNotHelp() {
    var op = new SimulatedOperator(config("both"), SPEC);
    op.reset(3);
    List<SimulatedOperator.Intent> intents = run(op, 30);
    int firstSay = indexOf(intents, SimulatedOperator.Say.class);
    int firstDrive = indexOf(intents, SimulatedOperator.Drive.class);
    assertThat(firstSay).isEqualTo(5);
    assertThat(firstDrive).isGreaterThan(firstSay);
    assertThat(firstDrive - firstSay).isLessThanOrEqualTo(20);
    assertThat(op.driving()).isTrue();
  }

  @Test
  void takeoverIsTheDefaultAndSpeaksNever() {
    var op =
        new SimulatedOperator(
            new SimulatedOperatorConfig(
                new StallRule(4, 0.01), 1, null, 3, 0, null, null, null, null),
            SPEC);
    op.reset(3);
    List<SimulatedOperator.Intent> intents = run(op, 20);
    assertThat(intents).noneMatch(SimulatedOperator.Say.class::isInstance);
    assertThat(intents.get(5)).isInstanceOf(SimulatedOperator.Drive.class);
  }

  @Test
  void anUnknownChannelIsRefusedNamingTheField() {
    assertThatThrownBy(() -> config("shout"))
        .hasMessageContaining("shout")
        .hasMessageContaining("language");
  }

  private static int indexOf(List<SimulatedOperator.Intent> intents, Class<?> type) {
    for (int i = 0; i < intents.size(); i++) {
      if (type.isInstance(intents.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
