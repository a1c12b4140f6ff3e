package dev.tandem.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  interface Weighting {}

  record Sirius(Double interventionShare) implements Weighting {
    Sirius {
      interventionShare = ConfigChecks.orDefault(interventionShare, 0.5);
      ConfigChecks.inRange(interventionShare, 0, 1, "interventionShare");
    }
  }

  record Plain() implements Weighting {}

  interface Job {}

  record Gains(double kp, double kd, Integer iterations) implements Job {}

  record Listing(List<Integer> items) implements Job {
    Listing {
      items = items == null ? List.of(1) : List.copyOf(items);
    }
  }

  record Experiment(String name, Integer rounds, Weighting weighting, List<Integer> seeds)
      implements Job {
    Experiment {
      ConfigChecks.required(name, "name");
      rounds = ConfigChecks.orDefault(rounds, 3);
      ConfigChecks.positive(rounds, "rounds");
      weighting = ConfigChecks.orDefault(weighting, new Plain());
      seeds = seeds == null || seeds.isEmpty() ? List.of(0) : List.copyOf(seeds);
    }
  }

  private final ConfigLoader loader =
      new ConfigLoader(
          new ConfigRegistry()
              .register(Weighting.class, "sirius", Sirius.class)
              .register(Weighting.class, "plain", Plain.class)
              .register(Job.class, "experiment", Experiment.class)
              .register(Job.class, "gains", Gains.class)
              .register(Job.class, "listing", Listing.class));

  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("exp.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void loadsByTopLevelTypeWithDefaultsAndFamilies() throws Exception {
    Path f =
        write(
            """
            type: experiment
            name: quick
            weighting:
              type: sirius
              interventionShare: 0.4
            seeds: [1, 2, 3]
            """);
    Object o = loader.load(f, List.of());
    assertThat(o).isEqualTo(new Experiment("quick", 3, new Sirius(0.4), List.of(1, 2, 3)));
  }

  @Test
  void familyShorthandSelectsDefaults() throws Exception {
    Path f = write("type: experiment\nname: a\nweighting: sirius\n");
    assertThat(((Experiment) loader.load(f, List.of())).weighting()).isEqualTo(new Sirius(0.5));
  }

  @Test
  void unknownKeyNamesFileLineFieldAndKnownKeys() throws Exception {
    Path f = write("type: experiment\nname: a\n\nroundz: 4\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":4")
        .hasMessageContaining("field 'roundz'")
        .hasMessageContaining("unknown key")
        .hasMessageContaining("rounds");
  }

  @Test
  void wrongValueTypeSaysWhatWasFoundAndExpected() throws Exception {
    Path f = write("type: experiment\nname: a\nrounds: ten\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":3")
        .hasMessageContaining("field 'rounds'")
        .hasMessageContaining("'ten'")
        .hasMessageContaining("an integer");
  }

  @Test
  void rangeErrorFromConstructorPointsAtTheField() throws Exception {
    Path f =
        write("type: experiment\nname: a\nweighting:\n  type: sirius\n  interventionShare: 1.5\n");
    ConfigException e = (ConfigException) catchThrowable(() -> loader.load(f, List.of()));
    assertThat(e.line()).contains(5);
    assertThat(e.field()).isEqualTo("weighting.interventionShare");
    assertThat(e.getMessage()).contains("found 1.5").contains("[0.0, 1.0]");
  }

  @Test
  void missingRequiredFieldIsNamed() throws Exception {
    Path f = write("type: experiment\nrounds: 2\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .hasMessageContaining("field 'name'")
        .hasMessageContaining("missing");
  }

  @Test
  void unknownTypeListsTheKnownOnes() throws Exception {
    Path f = write("type: experiment\nname: a\nweighting:\n  type: dagger\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .hasMessageContaining(f + ":")
        .hasMessageContaining("'dagger'")
        .hasMessageContaining("[plain, sirius]");
    Path g = write("type: nope\n");
    assertThatThrownBy(() -> loader.load(g, List.of()))
        .hasMessageContaining(g + ":1")
        .hasMessageContaining("'nope'")
        .hasMessageContaining("experiment");
  }

  @Test
  void overridesApplyAndTheirErrorsNameTheOverride() throws Exception {
    Path f = write("type: experiment\nname: a\nweighting:\n  type: sirius\n");
    Experiment e =
        (Experiment)
            loader.load(f, List.of("rounds=7", "weighting.interventionShare=0.25", "seeds=[4, 5]"));
    assertThat(e.rounds()).isEqualTo(7);
    assertThat(e.weighting()).isEqualTo(new Sirius(0.25));
    assertThat(e.seeds()).containsExactly(4, 5);

    assertThatThrownBy(() -> loader.load(f, List.of("rounds=-1")))
        .hasMessageStartingWith("--set rounds=-1: field 'rounds'")
        .hasMessageContaining("found -1");
    assertThatThrownBy(() -> loader.load(f, List.of("rounds")))
        .hasMessageContaining("expected key.path=value");
  }

  @Test
  void malformedYamlAndDuplicateKeysAreRejectedWithLine() throws Exception {
    Path f = write("type: experiment\nname: a\nname: b\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("name");
    Path g = write("type: experiment\nname: [a\n");
    assertThatThrownBy(() -> loader.load(g, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void missingFileIsClear() {
    Path f = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> loader.load(f, List.of())).hasMessage(f + ": no such file");
  }

  @Test
  void primitiveKeysAreRequiredWrappersMayBeLeftOut() throws Exception {
    Path f = write("type: gains\nkp: 400\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":1")
        .hasMessageContaining("field 'kd'")
        .hasMessageContaining("missing");
    Path g = write("type: gains\nkp: 400\nkd: 5\n");
    assertThat(loader.load(g, List.of())).isEqualTo(new Gains(400, 5, null));
  }

  @Test
  void aFractionWhereAnIntegerIsExpectedIsRefusedNotTruncated() throws Exception {
    Path f = write("type: experiment\nname: a\nrounds: 5.5\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(f + ":3: field 'rounds': found 5.5, expected an integer");
    Path g = write("type: experiment\nname: a\nseeds: [1, 2.5]\n");
    assertThatThrownBy(() -> loader.load(g, List.of()))
        .hasMessage(g + ":3: field 'seeds.1': found 2.5, expected an integer");
    Path h = write("type: experiment\nname: a\n");
    assertThatThrownBy(() -> loader.load(h, List.of("rounds=2.0")))
        .hasMessage("--set rounds=2.0: field 'rounds': found 2.0, expected an integer");
  }

  @Test
  void anEmptyValueIsRefusedNotReplacedByTheDefault() throws Exception {
    Path f = write("type: experiment\nname: a\nrounds:\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":3: field 'rounds': found an empty value, expected an integer"
                + " (leave the key out to get the default)");
    Path g =
        write("type: experiment\nname: a\nweighting:\n  type: sirius\n  interventionShare: ~\n");
    assertThatThrownBy(() -> loader.load(g, List.of()))
        .hasMessageStartingWith(
            g + ":5: field 'weighting.interventionShare': found an empty value");
    Path h = write("type: experiment\nname: a\nseeds: [1, null]\n");
    assertThatThrownBy(() -> loader.load(h, List.of()))
        .hasMessageStartingWith(
            h + ":3: field 'seeds.1': found an empty value, expected an integer");
    Path quoted = write("type: experiment\nname: a\nrounds: ''\n");
    assertThatThrownBy(() -> loader.load(quoted, List.of()))
        .hasMessage(quoted + ":3: field 'rounds': found '', expected an integer");
    assertThatThrownBy(() -> loader.load(quoted, List.of("rounds=")))
        .hasMessage("--set rounds=: field 'rounds': found '', expected an integer");
  }

  @Test
  void anEmptyListTheRecordWouldReplaceByItsDefaultIsRefused() throws Exception {
    Path f = write("type: experiment\nname: a\n\nseeds: []\n");
    assertThatThrownBy(() -> loader.load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":4: field 'seeds': found [], expected a non-empty list"
                + " (leave the key out to get the default [0])");
    Path g = write("type: experiment\nname: a\n");
    assertThatThrownBy(() -> loader.load(g, List.of("seeds=[]")))
        .hasMessageStartingWith(
            "--set seeds=[]: field 'seeds': found [], expected a non-empty list");
    // an empty list the record keeps as it is means what it says
    Path h = write("type: listing\nitems: []\n");
    assertThat(loader.load(h, List.of())).isEqualTo(new Listing(List.of()));
  }

  @Test
  void syntaxErrorsAreOneLineAtTheRightLineAndColumn() throws Exception {
    Path tab =
        write("type: experiment\nname: a\nweighting:\n  type: sirius\n\tinterventionShare: 0.5\n");
    ConfigException e = (ConfigException) catchThrowable(() -> loader.load(tab, List.of()));
    assertThat(e.getMessage()).doesNotContain("\n");
    assertThat(e.getMessage()).startsWith(tab + ":5:1: not valid YAML: ").contains("tab");
    assertThat(e.line()).contains(5);
    Path open = write("type: experiment\nname: [a\nrounds: 3\n");
    ConfigException o = (ConfigException) catchThrowable(() -> loader.load(open, List.of()));
    assertThat(o.getMessage()).doesNotContain("\n").startsWith(open + ":3:7: not valid YAML: ");
    assertThat(o.getMessage()).contains("line 2, column 7");
  }

  private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    return org.assertj.core.api.Assertions.catchThrowable(c);
  }
}
