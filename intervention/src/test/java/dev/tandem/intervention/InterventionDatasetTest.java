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
