package dev.tandem.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.intervention.memory.Fifo;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.rlif.InterventionRewards;
import dev.tandem.intervention.weighting.HgDagger;
import dev.tandem.intervention.weighting.Sirius;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterventionDatasetTest {

  /** A base view whose state is the global sample index; episodes end where given. */
  private record IndexView(int size, boolean[] ends) implements SampleView {
    public int stateSize() {
      return 1;
    }

    public int actionSize() {
      return 1;
    }

    public void state(int i, float[] out, int offset) {
      out[offset] = i;
    }

    public void action(int i, float[] out, int offset) {
      out[offset] = -i;
    }

    public void nextState(int i, float[] out, int offset) {
      out[offset] = i + 1;
    }

    public float reward(int i) {
      return 0;
    }

    public boolean terminal(int i) {
      return false;
    }

    public boolean episodeEnd(int i) {
      return ends[i];
    }

    public float weight(int i) {
      return 1;
    }

    public SampleClass sampleClass(int i) {
      return SampleClass.ROBOT;
    }
  }

  private final List<EpisodeTimeline> timelines =
      List.of(EpisodeTimeline.parse(1, "SSS"), EpisodeTimeline.parse(2, "PPPHHP"));
  private final IndexView base =
      new IndexView(9, new boolean[] {false, false, true, false, false, false, false, false, true});

  /**
   * Action chunks read an episode's later steps through {@code stepAfter}: within an episode, only
   * steps the dataset kept (HG-DAgger drops the robot step after the hand-back), never across an
   * episode's end.
   */
  @Test
  void stepAfterFindsKeptLaterStepsOfTheSameEpisodeOnly() {
    var d =
        InterventionDataset.build(
            base,
            timelines,
            new Segmenter(1),
            new HgDagger(),
            Memory.unlimited(),
            Optional.empty());
    // kept: base 0, 1, 2 (demo episode), 6, 7 (the two human steps of episode 2)
    assertThat(d.stepAfter(0, 1)).isEqualTo(1);
    assertThat(d.stepAfter(0, 2)).isEqualTo(2);
    assertThat(d.stepAfter(0, 3)).isEqualTo(-1); // episode 1 ends at its third step
    assertThat(d.stepAfter(2, 1)).isEqualTo(-1);
    assertThat(d.stepAfter(3, 1)).isEqualTo(4);
    assertThat(d.stepAfter(3, 2)).isEqualTo(-1); // base 8: the robot's step, not kept
    assertThat(d.stepAfter(4, 1)).isEqualTo(-1);
    // a contiguous view's default: later samples until its episode ends
    assertThat(base.stepAfter(3, 5)).isEqualTo(8);
    assertThat(base.stepAfter(3, 6)).isEqualTo(-1);
  }

  @Test
  void hgDaggerKeepsOnlyDemosAndInterventionsWithTheirData() {
    var d =
        InterventionDataset.build(
            base,
            timelines,
            new Segmenter(1),
            new HgDagger(),
            Memory.unlimited(),
            Optional.empty());
    assertThat(d.size()).isEqualTo(5);
    float[] s = new float[1];
    d.state(3, s, 0);
    assertThat(s[0]).isEqualTo(6f); // episode 2 step 3 = first human step
    assertThat(d.sampleClass(3)).isEqualTo(SampleClass.INTERVENTION);
  }

  @Test
  void siriusWeightsAndRlifRewardsFollowTheSamples() {
    var d =
        InterventionDataset.build(
            base,
            timelines,
            new Segmenter(1),
            Sirius.defaults(),
            Memory.unlimited(),
            Optional.of(InterventionRewards.defaults()));
    assertThat(d.size()).isEqualTo(9);
    assertThat(d.sampleClass(5)).isEqualTo(SampleClass.PRE_INTERVENTION);
    assertThat(d.reward(5)).isEqualTo(-1f);
    assertThat(d.terminal(5)).isTrue();
    assertThat(d.weight(6)).isGreaterThan(d.weight(0));
    double total = 0;
    for (int i = 0; i < d.size(); i++) {
      total += d.weight(i);
    }
    assertThat(total / d.size()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void memoryCapacityDropsRobotSamples() {
    var d =
        InterventionDataset.build(
            base,
            timelines,
            new Segmenter(0),
            Sirius.defaults(),
            new Memory(6, new Fifo(), 0L),
            Optional.empty());
    assertThat(d.size()).isEqualTo(6);
    assertThat(d.counts().get(SampleClass.ROBOT)).isEqualTo(1);
  }

  @Test
  void mismatchedTimelinesAreRefused() {
    assertThatThrownBy(
            () ->
                InterventionDataset.build(
                    base,
                    List.of(EpisodeTimeline.parse(1, "SS")),
                    Segmenter.defaults(),
                    new HgDagger(),
                    Memory.unlimited(),
                    Optional.empty()))
        .hasMessageContaining("9 samples")
        .hasMessageContaining("2");
  }

  @Test
  void stepsAnEmergencyStopHeldAreNeverTrainedOnNorCounted() {
    // episode 2: policy, e-stop hold for three steps, resumed, a takeover
    var stopped = List.of(EpisodeTimeline.parse(1, "SSS"), EpisodeTimeline.parse(2, "PXXXPH"));
    var d =
        InterventionDataset.build(
            base,
            stopped,
            new Segmenter(0),
            Sirius.defaults(),
            Memory.unlimited(),
            Optional.empty());
    float[] s = new float[1];
    for (int i = 0; i < d.size(); i++) {
      d.state(i, s, 0);
      assertThat(s[0]).as("sample %d", i).isNotIn(4f, 5f, 6f);
    }
    assertThat(d.size()).isEqualTo(6);
    assertThat(d.counts().get(SampleClass.ROBOT)).isEqualTo(2);
  }
}
