package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RLIF end to end in a tiny real experiment (Reach in Bullet, the actor loop, the simulated
 * operator at skill 0.5 with a systematic misjudgement, SAC on DJL): results.json carries RLIF's
 * figures next to HG-DAgger's and the operator alone's in the skill group; a run extended from 1 to
 * 2 rounds in the same directory continues the learner from its saved state and ends with exactly
 * the actor an uninterrupted 2-round run produces.
 */
class RlifExperimentTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      type: experiment
      name: rlif-tiny
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [4]
      demos: 3
      rounds: 1
      deployEpisodes: 3
      evalEpisodes: 3
      parallelEnvironments: 2
      operator:
        rule: {type: value, fraction: 0.5, probability: 1.0, confirmSteps: 2}
        mistakes: systematic
        misjudgement: [0.0, 0.6, 0.0]
      operatorSkills: [0.5]
      operatorBaseline: true
      methods:
        - name: hg-dagger
          weighting: hg-dagger
        - name: rlif
          learner:
            type: rlif
            rewards: {interventionPenalty: -1.0, taskRewardScale: 0.0}
            updatesPerRound: 15
            batchSize: 64
            critics: 4
            targetSubset: 2
            hiddenSizes: [32, 32]
            actorPretrainSteps: 40
            criticWarmupUpdates: 5
      training: {steps: 60, batchSize: 64, device: cpu}
      """;

  private ExperimentConfig load(String... overrides) throws Exception {
    Path f = dir.resolve("rlif-tiny.yaml");
    Files.writeString(f, CONFIG);
    return (ExperimentConfig) ConfigLoader.discover().load(f, List.of(overrides));
  }

  @Test
  void rlifRunsBesideTheOthersAndResumesFromTheLearnerState() throws Exception {
    Path run = dir.resolve("run");
    ExperimentResults first = new Experiment(load(), run, true, Clock.systemUTC()).run();

    JsonNode json = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(json.get("operator_skills").get(0).asDouble()).isEqualTo(0.5);
    boolean rlifRound1 = false;
    for (JsonNode r : json.get("rounds")) {
      if (r.get("method").asText().equals("rlif") && r.get("round").asInt() == 1) {
        rlifRound1 = true;
        assertThat(r.get("operatorSkill").asDouble()).isEqualTo(0.5);
        assertThat(r.get("evalEpisodes").asInt()).isEqualTo(3);
        assertThat(r.get("deployEpisodes").asInt()).isEqualTo(3);
        assertThat(r.get("evalSuccessRate").asDouble()).isBetween(0.0, 1.0);
      }
    }
    assertThat(rlifRound1).as("results.json has RLIF's round 1").isTrue();
    List<RoundResult> alone = first.select("Reach", ExperimentResults.OPERATOR_ALONE, 1, 0.5);
    assertThat(alone).hasSize(1);
    assertThat(alone.get(0).evalEpisodes()).isEqualTo(3);
    assertThat(alone.get(0).operatorSkill()).isEqualTo(0.5);
    assertThat(first.select("Reach", ExperimentResults.OPERATOR_ALONE, 0, 0.5))
        .extracting(RoundResult::evalSuccessRate)
        .containsExactly(alone.get(0).evalSuccessRate());
    assertThat(run.resolve("report.md"))
        .content()
        .contains("operator-alone (the operator driving every step)", "vs the operator alone");
    assertThat(json.get("methods").get(1).get("learner").asText()).isEqualTo("rlif");
    assertThat(run.resolve("report.md")).content().contains("| rlif | 1 |", "operator skill 0.5");
    assertThat(run.resolve("success_Reach_skill0.5.png")).exists();
    Path learners = run.resolve("learners").resolve("Reach-seed4").resolve("rlif-skill0.5");
    assertThat(learners.resolve("round1.sac")).exists();
    PolicyRegistry registry =
        new PolicyRegistry(run.resolve("policies").resolve("Reach-seed4").resolve("rlif-skill0.5"));
    Checkpoint c1 = registry.load(registry.latest().orElseThrow()).checkpoint();
    assertThat(c1.info()).containsEntry("trainer", "sac").containsEntry("rlif.round", "1");
    assertThat(Long.parseLong(c1.info().get("rlif.online_samples"))).isPositive();

    // Extend the same run to 2 rounds: round 1 is reused, round 2 continues the saved learner.
    ExperimentResults extended =
        new Experiment(load("rounds=2"), run, true, Clock.systemUTC()).run();
    assertThat(extended.select("Reach", "rlif", 1))
        .usingRecursiveComparison()
        .ignoringFields("trainSeconds", "roundSeconds")
        .isEqualTo(first.select("Reach", "rlif", 1));
    Checkpoint resumed = registry.load(registry.latest().orElseThrow()).checkpoint();
    assertThat(resumed.info())
        .containsEntry("rlif.round", "2")
        .containsEntry("rlif.resumed_from_state", "true");
    // updates: warm-up 5 + 15 in round 1, then 15 more
    assertThat(resumed.info()).containsEntry("updates", "35");

    // The same 2 rounds without interruption give the same actor, bit for bit.
    Path straight = dir.resolve("straight");
    new Experiment(load("rounds=2"), straight, true, Clock.systemUTC()).run();
    PolicyRegistry other =
        new PolicyRegistry(
            straight.resolve("policies").resolve("Reach-seed4").resolve("rlif-skill0.5"));
    Checkpoint uninterrupted = other.load(other.latest().orElseThrow()).checkpoint();
    assertThat(uninterrupted.info()).containsEntry("rlif.resumed_from_state", "false");
    List<Tensor> a = resumed.parameters();
    List<Tensor> b = uninterrupted.parameters();
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).data()).as(a.get(i).name()).containsExactly(b.get(i).data());
    }
  }
}
