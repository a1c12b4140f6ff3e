package dev.tandem.intervention.rlif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.intervention.EpisodeTimeline;
import org.junit.jupiter.api.Test;

class InterventionRewardsTest {
  private final InterventionRewards rewards = InterventionRewards.defaults();

  @Test
  void penaltyOnThePolicyStepBeforeTakeoverOnly() {
    var l = rewards.label(EpisodeTimeline.parse(1, "PPPHHHPP"), null, null);
    assertThat(l.rewards()).containsExactly(0, 0, -1, 0, 0, 0, 0, 0);
    assertThat(l.terminal()).containsExactly(false, false, true, false, false, false, false, false);
  }

  @Test
  void takeoverAtFirstStepHasNoPolicyTransitionToBlame() {
    var l = rewards.label(EpisodeTimeline.parse(1, "HHPP"), null, null);
    assertThat(l.rewards()).containsOnly(0f);
    assertThat(l.terminal()).containsOnly(false);
  }

  @Test
  void twoTakeoversInARowPenalizeOnlyThePolicyStep() {
    ControlSource h = ControlSource.HUMAN;
    ControlSource p = ControlSource.POLICY;
    var t =
        new EpisodeTimeline(
            1, false, new ControlSource[] {p, p, h, h, h, p}, new int[] {-1, -1, 0, 0, 1, -1});
    var l = rewards.label(t, null, null);
    assertThat(l.rewards()).containsExactly(0, -1, 0, 0, 0, 0);
  }

  @Test
  void takeoverAtTheLastStep() {
    var l = rewards.label(EpisodeTimeline.parse(1, "PPPH"), null, null);
    assertThat(l.rewards()).containsExactly(0, 0, -1, 0);
    assertThat(l.terminal()[2]).isTrue();
  }

  @Test
  void languageCorrectionIsAnInterventionEvent() {
    var l = rewards.label(EpisodeTimeline.parse(1, "PPCCPPH"), null, null);
    assertThat(l.rewards()).containsExactly(0, -1, 0, 0, 0, -1, 0);
  }

  @Test
  void correctionFollowedByTakeoverPenalizesBoth() {
    var l = rewards.label(EpisodeTimeline.parse(1, "PCH"), null, null);
    assertThat(l.rewards()).containsExactly(-1, -1, 0);
  }

  @Test
  void taskRewardOnTopAndTaskTerminationKept() {
    var r = new InterventionRewards(-1.0, 0.5, false);
    var l =
        r.label(
            EpisodeTimeline.parse(1, "PPHP"),
            new float[] {-1, -1, -1, 0},
            new boolean[] {false, false, false, true});
    assertThat(l.rewards()).containsExactly(-0.5f, -1.5f, -0.5f, 0f);
    assertThat(l.terminal()).containsExactly(false, false, false, true);
  }
}
