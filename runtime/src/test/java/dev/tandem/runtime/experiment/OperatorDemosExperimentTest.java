package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demoSource: operator} in a tiny real experiment (Reach in Bullet, DJL, the actor loop):
 * each skill group's operator records its own demos, round 0 is trained and evaluated per group,
 * and the demos-only baseline of each group is its own operator's BC.
 */
class OperatorDemosExperimentTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      type: experiment
      name: operator-demos
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [5]
      demos: 2
      rounds: 1
      deployEpisodes: 2
      evalEpisodes: 2
      parallelEnvironments: 2
      demoSource: operator
      operator:
        rule: {type: value, fraction: 0.5, probability: 1.0, confirmSteps: 2}
        mistakes: systematic
        misjudgement: [0.0, 0.6, 0.0]
      operatorSkills: [0.5, 1.0]
      methods:
        - name: bc-demos
          weighting: {type: bc, include: [DEMO]}
          deploy: false
        - name: hg-dagger
          weighting: hg-dagger
      training: {steps: 40, batchSize: 64, device: cpu}
      """;

  private ExperimentConfig load(String... overrides) throws Exception {
    Path f = dir.resolve("operator-demos.yaml");
    Files.writeString(f, CONFIG);
    return (ExperimentConfig) ConfigLoader.discover().load(f, List.of(overrides));
  }

  @Test
  void eachSkillGroupLearnsFromItsOwnOperatorsDemos() throws Exception {
    Path run = dir.resolve("run");
    ExperimentResults results = new Experiment(load(), run, true, Clock.systemUTC()).run();

    try (EpisodeStore store =
        EpisodeStore.openReadOnly(run.resolve("data").resolve("Reach-seed5"))) {
      // per group: demos 2 + round-0 eval 2 + hg-dagger deploy 2 + eval 2
      assertThat(store.episodes()).hasSize(16);
      Map<String, List<String>> demoOperators =
          store.episodes().stream()
              .map(EpisodeSummary::meta)
              .flatMap(java.util.Optional::stream)
              .filter(m -> "demo".equals(m.tags().get("phase")))
              .collect(
                  Collectors.groupingBy(
                      m -> m.tags().get("operatorSkill"),
                      Collectors.mapping(EpisodeMeta::operator, Collectors.toList())));
      assertThat(demoOperators)
          .containsOnlyKeys("0.5", "1.0")
          .containsEntry(
              "0.5",
              List.of(
                  "simulated operator (skill 0.5, systematic mistakes)",
                  "simulated operator (skill 0.5, systematic mistakes)"))
          .containsEntry(
              "1.0",
              List.of(
                  "simulated operator (skill 1.0, systematic mistakes)",
                  "simulated operator (skill 1.0, systematic mistakes)"));
    }

    // round 0 and the demos-only baseline are per group
    for (double skill : List.of(0.5, 1.0)) {
      assertThat(results.select("Reach", "bc-demos", 0))
          .filteredOn(r -> Double.valueOf(skill).equals(r.operatorSkill()))
          .hasSize(1);
      assertThat(results.select("Reach", "bc-demos", 1, skill))
          .singleElement()
          .satisfies(r -> assertThat(r.operatorSkill()).isEqualTo(skill));
      assertThat(results.select("Reach", "hg-dagger", 1, skill)).hasSize(1);
    }
    List<Tensor> half = firstPolicy(run, "operator-demos-skill0.5");
    List<Tensor> full = firstPolicy(run, "operator-demos-skill1.0");
    assertThat(half).hasSameSizeAs(full);
    boolean differ = false;
    for (int i = 0; i < half.size(); i++) {
      differ |= !java.util.Arrays.equals(half.get(i).data(), full.get(i).data());
    }
    assertThat(differ).as("round 0 of each group is trained on different demos").isTrue();
    assertThat(run.resolve("report.md"))
        .content()
        .contains("demos recorded by the simulated operator", "operator skill 0.5");

    // resuming reuses every group's demos and round 0
    ExperimentResults again = new Experiment(load(), run, true, Clock.systemUTC()).run();
    assertThat(again.rounds())
        .usingRecursiveComparison()
        .ignoringFields("trainSeconds", "roundSeconds")
        .isEqualTo(results.rounds());
  }

  @Test
  void anUnknownDemoSourceIsNamed() {
    assertThatThrownBy(() -> load("demoSource=teacher"))
        .hasMessageContaining("demoSource")
        .hasMessageContaining("'teacher', expected expert")
        .hasMessageContaining("operator");
  }

  private static List<Tensor> firstPolicy(Path run, String label) {
    PolicyRegistry r =
        new PolicyRegistry(run.resolve("policies").resolve("Reach-seed5").resolve(label));
    return r.load(r.latest().orElseThrow()).checkpoint().parameters();
  }
}
