package dev.tandem.intervention.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each phrasing with how it must be understood (the interpretation is the whole parse
 * result in words: directions, distance, frame, gripper, speed, stop/continue), or the reason it
 * must be refused.
 */
class CorrectionParserTest {
  final CorrectionParser parser = new CorrectionParser();

  static Stream<Arguments> understood() {
    return Stream.of(
        row("left", "move left 2 cm (camera view)"),
        row("a bit to the left", "move left 1 cm (camera view)"),
        row("a bit more to the left and down", "move left and down 1.5 cm (camera view)"),
        row("move slightly right", "move right 1 cm (camera view)"),
        row("go up a little", "move up 1 cm (camera view)"),
        row("higher", "move up 2 cm (camera view)"),
        row("lower it a lot", "move down 5 cm (camera view)"),
        row("much further forward", "move away 7.5 cm (camera view)"),
        row("closer", "move closer 2 cm (camera view)"),
        row("toward me a tiny bit", "move closer 5 mm (camera view)"),
        row("back", "move closer 2 cm (camera view)"),
        row("away from me 3 cm", "move away 3 cm (camera view)"),
        row("2 cm to the left", "move left 2 cm (camera view)"),
        row("2cm left", "move left 2 cm (camera view)"),
        row("left 15 mm", "move left 1.5 cm (camera view)"),
        row("two centimeters up", "move up 2 cm (camera view)"),
        row("half an inch down", "move down 1.3 cm (camera view)"),
        row("Left, please!", "move left 2 cm (camera view)"),
        row("LEFT AND UP", "move left and up 2 cm (camera view)"),
        row("forward and down slightly", "move away and down 1 cm (camera view)"),
        row("down, and to the right", "move down and right 2 cm (camera view)"),
        row("back up a bit", "move closer 1 cm (camera view)"),
        row("back, up and left", "move closer and up and left 2 cm (camera view)"),
        row("too far left", "move right 2 cm (camera view)"),
        row("you went too far to the right", "move left 2 cm (camera view)"),
        row("a bit too far up", "move down 1 cm (camera view)"),
        row("left in the gripper frame", "move left 2 cm (gripper frame)"),
        row("along the tool", "move forward along the tool 2 cm (gripper frame)"),
        row("1 cm along the tool", "move forward along the tool 1 cm (gripper frame)"),
        row("back along the tool a bit", "move back along the tool 1 cm (gripper frame)"),
        row("up relative to the gripper", "move up 2 cm (gripper frame)"),
        row("right from my point of view", "move right 2 cm (camera view)"),
        row("move the end-effector right", "move right 2 cm (camera view)"),
        row("raise it 5 cm", "move up 5 cm (camera view)"),
        row("open the gripper", "open the gripper"),
        row("let go", "open the gripper"),
        row("release it", "open the gripper"),
        row("grab it", "close the gripper"),
        row("close", "close the gripper"),
        row("pick it up", "move up 2 cm (camera view); close the gripper"),
        row("a bit more left and grab it", "move left 1.5 cm (camera view); close the gripper"),
        row("slower", "slow down to 50 %"),
        row("slow down a bit", "slow down to 75 %"),
        row("a bit slower", "slow down to 75 %"),
        row("not so fast", "slow down to 50 %"),
        row("much faster", "speed up to 200 %"),
        row("hurry up", "speed up to 150 %"),
        row("slower and a bit to the left", "move left 1 cm (camera view); slow down to 50 %"),
        row("stop", "stop and hold position"),
        row("wait!", "stop and hold position"),
        row("hold on", "stop and hold position"),
        row("stop and open the gripper", "stop and hold position; open the gripper"),
        row("keep going", "continue"),
        row("continue", "continue"),
        row("go on", "continue"),
        row("don't stop", "continue"),
        row("keep going left", "move left 2 cm (camera view); continue"));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        row("banana", "did not understand 'banana'"),
        row("banana left", "did not understand 'banana'"),
        row("move the cube left", "did not understand 'cube'"),
        row("closer to the goal", "did not understand 'goal'"),
        row("", "empty correction"),
        row("   ", "empty correction"),
        row("?!", "empty correction"),
        row("left right", "'left' and 'right' contradict each other"),
        row("up and down", "'up' and 'down' contradict each other"),
        row("closer and further away", "'closer' and 'away' contradict each other"),
        row("open and close the gripper", "'open' and 'close' contradict each other"),
        row("slower, no, faster", "negations ('no')"),
        row("slower faster", "'slower' and 'faster' contradict each other"),
        row("stop and go left", "'stop' and a motion contradict each other"),
        row("stop and continue", "'stop' and 'continue' contradict each other"),
        row("stop slower", "'stop' and 'slower' contradict each other"),
        row("don't go left", "negations ('don't') are not understood"),
        row("never go left", "negations ('never') are not understood"),
        row("a bit", "'a bit' needs a direction"),
        row("2 cm", "'2 cm' needs a direction"),
        row("more", "'more' needs a direction"),
        row("left 2", "'2' needs a unit"),
        row("left two", "'two' needs a unit"),
        row("move left 50 cm", "'50 cm' is more than a correction moves (at most 25 cm)"),
        row("left 0 cm", "moves nothing"),
        row("please", "nothing to do in 'please'"),
        row("in the gripper frame", "nothing to do"),
        row("a bit a lot left", "'a bit' and 'a lot' contradict each other"),
        row("left 2 cm 3 cm", "two distances"),
        row("a bit 2 cm left", "both 'a bit' and '2 cm' give a distance"),
        row("too far", "'too far' needs a direction"),
        row(
            "left in the gripper frame from my view",
            "both the camera view and the gripper frame"));
  }

  private static Arguments row(String text, String expected) {
    return Arguments.of(text, expected);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("understood")
  void understands(String text, String interpretation) {
    ParseResult r = parser.parse(text);
    assertThat(r.understood()).as(r.interpretation()).isTrue();
    assertThat(r.interpretation()).isEqualTo(interpretation);
    assertThat(r.text()).isEqualTo(text.strip());
  }

  @ParameterizedTest(name = "\"{0}\" refused: {1}")
  @MethodSource("refused")
  void refuses(String text, String reason) {
    ParseResult r = parser.parse(text);
    assertThat(r.understood()).as(r.interpretation()).isFalse();
    assertThat(r.correction()).isEmpty();
    assertThat(r.interpretation()).contains(reason).contains("try e.g. 'a bit more to the left'");
  }

  @Test
  void the_table_has_enough_phrasings() {
    assertThat(understood().count() + refused().count()).isGreaterThanOrEqualTo(40);
    assertThat(refused().count()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void a_correction_carries_its_parts_typed() {
    Correction c =
        parser
            .parse("a bit more to the left and down and open the gripper")
            .correction()
            .orElseThrow();
    assertThat(c.frame()).isEqualTo(Frame.CAMERA);
    double s = Math.sqrt(0.5);
    assertThat(c.direction())
        .containsExactly(new double[] {-s, -s, 0}, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(c.distanceMeters()).isEqualTo(0.015);
    assertThat(c.gripper()).isEqualTo(GripperCommand.OPEN);
    assertThat(c.speedFactor()).isEqualTo(1.0);
    assertThat(c.flow()).isEqualTo(Flow.NONE);
    assertThat(c.hasMotion()).isTrue();

    Correction tool = parser.parse("along the tool 3 cm").correction().orElseThrow();
    assertThat(tool.frame()).isEqualTo(Frame.END_EFFECTOR);
    assertThat(tool.direction()).containsExactly(0, 0, 1);

    Correction stop = parser.parse("stop").correction().orElseThrow();
    assertThat(stop.hasMotion()).isFalse();
    assertThat(stop.flow()).isEqualTo(Flow.STOP);
  }

  @Test
  void null_input_is_refused_not_thrown() {
    assertThat(parser.parse(null).understood()).isFalse();
  }
}
