package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings a run records and what a resume may change. */
class RunSettingsTest {
  @TempDir Path dir;

  private static final Path EXPERIMENTS = Path.of("../configs/experiments");

  private static ExperimentConfig load(Path file, String... overrides) {
    return (ExperimentConfig) ConfigLoader.discover().load(file, List.of(overrides));
  }

  @Test
  void everyExampleExperimentGivesStableSettingsThatSurviveTheirFile() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXPERIMENTS)) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      Map<String, String> a = RunSettings.of(load(f));
      // loaded twice: equal, so nothing is an object identity (Object.toString's @hash)
      assertThat(RunSettings.of(load(f))).as(f.toString()).isEqualTo(a);
      assertThat(a.values()).as(f.toString()).noneMatch(v -> v.matches(".*@[0-9a-f]{4,}.*"));
      Path run = dir.resolve(f.getFileName().toString());
      RunSettings.write(run, a);
      assertThat(RunSettings.read(run)).as(f.toString()).contains(a);
    }
  }

  /**
   * The demo source records its YAML value, as runs recorded it when the field was a string: those
   * runs still resume.
   */
  @Test
  void theDemoSourceIsRecordedAsItsYamlValue() {
    Path quick = EXPERIMENTS.resolve("quick.yaml");
    assertThat(RunSettings.of(load(quick))).containsEntry("demoSource", "expert");
    assertThat(load(quick, "demoSource=operator").demoSource()).isEqualTo(DemoSource.OPERATOR);
    assertThat(RunSettings.of(load(quick, "demoSource=operator")))
        .containsEntry("demoSource", "operator");
  }

  @Test
  void differencesNameEachFieldWithBothValuesAndSkipTheSafeOnes() {
    Path quick = EXPERIMENTS.resolve("quick.yaml");
    Map<String, String> recorded = RunSettings.of(load(quick, "demos=50", "evalEpisodes=20"));
    Map<String, String> now =
        RunSettings.of(
            load(
                quick,
                "demos=3",
                "evalEpisodes=10",
                "parallelEnvironments=7",
                "name=renamed",
                "training.steps=11"));
    assertThat(RunSettings.differences(recorded, now))
        .containsExactly(
            "demos 50 -> 3",
            "evalEpisodes 20 -> 10",
            "training.steps " + recorded.get("training.steps") + " -> 11");
    Map<String, String> safe =
        RunSettings.of(
            load(
                quick,
                "demos=50",
                "evalEpisodes=20",
                "parallelEnvironments=1",
                "name=other",
                "rounds=5",
                "seeds=[0, 1]"));
    assertThat(safe).isNotEqualTo(recorded);
    assertThat(RunSettings.differences(recorded, safe)).isEmpty();
  }

  @Test
  void aListShowsWholeAndARecordByItsType() {
    Path quick = EXPERIMENTS.resolve("quick.yaml");
    Map<String, String> recorded = RunSettings.of(load(quick));
    Map<String, String> now = RunSettings.of(load(quick, "operatorSkills=[0.5, 0.9]"));
    assertThat(RunSettings.differences(recorded, now))
        .containsExactly("operatorSkills [] -> [0.5, 0.9]");
    assertThat(recorded)
        .containsEntry("methods[1].name", "hg-dagger")
        .containsEntry("tasks[0]", "ReachConfig")
        .containsEntry("tasks[0].goalRangeMeters", "0.3");
  }
}
