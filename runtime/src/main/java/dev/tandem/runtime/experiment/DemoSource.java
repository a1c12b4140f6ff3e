package dev.tandem.runtime.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Who records an experiment's demonstrations ({@code demoSource:} in YAML). */
public enum DemoSource {
  /** The task's scripted expert (the default). */
  EXPERT("expert", "the scripted expert"),
  /** The simulated operator of each skill group, with its skill and mistakes. */
  OPERATOR("operator", "the simulated operator"),
  /**
   * The first {@code demos} episodes of a recorded or imported dataset ({@code demoDataset:}), e.g.
   * what {@code tandem dataset import} brought in from LeRobot or robomimic.
   */
  DATASET("dataset", "the episodes of demoDataset");

  private final String yamlName;
  private final String who;

  DemoSource(String yamlName, String who) {
    this.yamlName = yamlName;
    this.who = who;
  }

  /**
   * The source a YAML value names.
   *
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  @JsonCreator
  public static DemoSource of(String yamlName) {
    return Arrays.stream(values())
        .filter(s -> s.yamlName.equals(yamlName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + yamlName
                        + "', expected "
                        + Arrays.stream(values())
                            .map(s -> s.yamlName + " (" + s.who + ")")
                            .collect(Collectors.joining(" or "))));
  }

  /** The YAML value, also how the run's recorded settings show it. */
  @JsonValue
  @Override
  public String toString() {
    return yamlName;
  }
}
