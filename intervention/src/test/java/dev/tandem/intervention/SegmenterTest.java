package dev.tandem.intervention;

import static dev.tandem.core.data.SampleClass.DEMO;
import static dev.tandem.core.data.SampleClass.INTERVENTION;
import static dev.tandem.core.data.SampleClass.PRE_INTERVENTION;
import static dev.tandem.core.data.SampleClass.ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SegmenterTest {

  @Test
  void marksPreInterventionWindowBeforeEachTakeover() {
    var t = EpisodeTimeline.parse(1, "PPPPPHHHPPP");
    assertThat(new Segmenter(3).classify(t))
        .containsExactly(
            ROBOT,
            ROBOT,
            PRE_INTERVENTION,
            PRE_INTERVENTION,
            PRE_INTERVENTION,
            INTERVENTION,
            INTERVENTION,
            INTERVENTION,
            ROBOT,
            ROBOT,
            ROBOT);
  }

  @Test
  void windowDoesNotCrossAnEarlierIntervention() {
    var t = EpisodeTimeline.parse(1, "PHHPPHH");
    assertThat(Segmenter.defaults().classify(t))
        .containsExactly(
            PRE_INTERVENTION,
            INTERVENTION,
            INTERVENTION,
            PRE_INTERVENTION,
            PRE_INTERVENTION,
            INTERVENTION,
            INTERVENTION);
  }

  @Test
  void defaultWindowIsFifteenSteps() {
    var t = EpisodeTimeline.parse(1, "P".repeat(20) + "H");
    var c = Segmenter.defaults().classify(t);
    assertThat(c[4]).isEqualTo(ROBOT);
    assertThat(c[5]).isEqualTo(PRE_INTERVENTION);
    assertThat(c[19]).isEqualTo(PRE_INTERVENTION);
    assertThat(c[20]).isEqualTo(INTERVENTION);
  }

  @Test
  void languageCorrectionsCountAsInterventions() {
    var c = new Segmenter(1).classify(EpisodeTimeline.parse(1, "PPCCP"));
    assertThat(c).containsExactly(ROBOT, PRE_INTERVENTION, INTERVENTION, INTERVENTION, ROBOT);
  }

  @Test
  void demosAreDemosAndTakeoverAtFirstStepHasNoWindow() {
    assertThat(Segmenter.defaults().classify(EpisodeTimeline.parse(1, "SSS"))).containsOnly(DEMO);
    assertThat(Segmenter.defaults().classify(EpisodeTimeline.parse(1, "HHP")))
        .containsExactly(INTERVENTION, INTERVENTION, ROBOT);
  }

  @Test
  void negativeWindowIsRejected() {
    assertThatThrownBy(() -> new Segmenter(-1))
        .hasMessageContaining("preInterventionSteps")
        .hasMessageContaining("-1");
  }

  @Test
  void timelineLettersAreValidated() {
    assertThatThrownBy(() -> EpisodeTimeline.parse(1, "PQ"))
        .hasMessageContaining("'Q'")
        .hasMessageContaining("at 1");
  }
}
