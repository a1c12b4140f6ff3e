package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports to robomimic HDF5 and reads the file back with h5py (Debian's python3-h5py, an
 * independent reader): layout, attributes, dtypes, shapes and every value.
 */
class RobomimicExportTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final List<String> CAMS = List.of("front");
  private static final int S = 5;
  private static final int A = 3;
  private static final int H = 4;
  private static final int W = 3;
  private static final int E = 2;

  @TempDir Path tmp;

  @BeforeAll
  static void requireH5py() throws Exception {
    String hint =
        "the robomimic export test reads the file with h5py: install it with "
            + "'apt-get update && apt-get install -y python3-h5py' (CI installs it)";
    if (!Files.isExecutable(PYTHON)) {
      fail(PYTHON + " not found; " + hint);
    }
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", "import h5py")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("h5py is missing for " + PYTHON + " (" + output.strip() + "); " + hint);
    }
  }

  private EpisodeStore record(Path dir) {
    DatasetSpec spec =
        DatasetSpec.of(StoreFixtures.env(S, A, CAMS, H, W)).withEnvironmentStateSize(E);
    EpisodeStore store = EpisodeStore.create(dir, spec);
    // Episode 0: 6 steps and a final observation -> 6 samples.
    EpisodeWriter w0 = store.beginEpisode(StoreFixtures.meta(0));
    for (int i = 0; i < 6; i++) {
      w0.append(step(0, i), StoreFixtures.envState(0, i, E));
    }
    w0.end(
        new EpisodeOutcome(EndReason.SUCCESS, true, ""),
        Optional.of(StoreFixtures.observation(0, 6, S, CAMS, H, W)));
    // Episode 1: 4 steps, aborted without a final observation -> 3 samples.
    EpisodeWriter w1 = store.beginEpisode(StoreFixtures.meta(1));
    for (int i = 0; i < 4; i++) {
      w1.append(step(1, i), StoreFixtures.envState(1, i, E));
    }
    w1.abort("physics server crashed");
    // Episode 2: one step, no final observation -> skipped. Episode 3: no step -> skipped.
    EpisodeWriter w2 = store.beginEpisode(StoreFixtures.meta(2));
    w2.append(step(2, 0), StoreFixtures.envState(2, 0, E));
    w2.end(EpisodeOutcome.of(EndReason.TIME_LIMIT, false));
    store
        .beginEpisode(StoreFixtures.meta(3))
        .end(EpisodeOutcome.of(EndReason.OPERATOR_STOP, false));
    return store;
  }

  private static Step step(long seed, int i) {
    return StoreFixtures.step(seed, i, S, A, CAMS, H, W);
  }

  private static JsonNode dump(Path h5) throws Exception {
    Path script = Files.createTempFile("dump_hdf5", ".py");
    try (InputStream in = RobomimicExportTest.class.getResourceAsStream("dump_hdf5.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p =
        new ProcessBuilder(PYTHON.toString(), script.toString(), h5.toString())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("h5py failed to read %s: %s", h5, err).isZero();
    Files.delete(script);
    return new ObjectMapper().readTree(out);
  }

  @Test
  void exportedFileHasTheRobomimicLayoutAndEveryValue() throws Exception {
    Path out = tmp.resolve("export.hdf5");
    List<long[]> progress = new ArrayList<>();
    RobomimicExporter.Report report;
    try (EpisodeStore store = record(tmp.resolve("ds"))) {
      report =
          RobomimicExporter.export(
              store,
              out,
              RobomimicExporter.Options.defaults(),
              (done, total) -> progress.add(new long[] {done, total}));
    }
    assertThat(report.demos()).isEqualTo(2);
    assertThat(report.samples()).isEqualTo(9);
    assertThat(report.demoEpisodes()).containsEntry("demo_0", 0L).containsEntry("demo_1", 1L);
    assertThat(report.skipped()).containsOnlyKeys(2L, 3L);
    assertThat(report.observationKeys())
        .containsEntry("observation.state", "obs/state")
        .containsEntry("observation.images.front", "obs/front_image");
    assertThat(progress.get(progress.size() - 1)).containsExactly(11, 11);
    assertThat(progress).extracting(p -> p[0]).isSorted();

    JsonNode f = dump(out);
    JsonNode data = f.get("data");
    assertThat(data.get("kind").asText()).isEqualTo("group");
    assertThat(data.get("attrs").get("total").asLong()).isEqualTo(9);
    JsonNode envArgs = new ObjectMapper().readTree(data.get("attrs").get("env_args").asText());
    assertThat(envArgs.get("env_name").asText()).isEqualTo(StoreFixtures.ENV);
    assertThat(envArgs.get("type").asInt()).isEqualTo(2);
    assertThat(envArgs.get("env_kwargs").get("goal_range_m").asText()).isEqualTo("0.3");
    assertThat(envArgs.get("env_kwargs").get("control_rate_hz").asDouble()).isEqualTo(25.0);

    Set<String> demos = new HashSet<>();
    f.fieldNames()
        .forEachRemaining(
            k -> {
              if (k.matches("data/demo_\\d+")) {
                demos.add(k);
              }
            });
    assertThat(demos).containsExactlyInAnyOrder("data/demo_0", "data/demo_1");

    checkDemo(f, "data/demo_0", 0, 6, true);
    checkDemo(f, "data/demo_1", 1, 3, false);
    assertThat(f.get("data/demo_1").get("attrs").get("end_reason").asText()).isEqualTo("ABORTED");
    assertThat(f.get("data/demo_1").get("attrs").get("end_detail").asText())
        .isEqualTo("physics server crashed");
    assertThat(f.get("data/demo_0").get("attrs").get("success").asLong()).isEqualTo(1);

    // the language events: episode 0 has two at step 4; episode 1's steps have none
    assertThat(f.get("data/demo_0").get("attrs").get("num_language_events").asLong()).isEqualTo(2);
    assertThat(f.get("data/demo_0/language").get("kind").asText()).isEqualTo("group");
    assertThat(values(f, "data/demo_0/language/step")).containsExactly("4", "4");
    assertThat(values(f, "data/demo_0/language/text"))
        .containsExactly("a bit to the left é", "hmm");
    assertThat(values(f, "data/demo_0/language/interpretation"))
        .containsExactly("move(-y, small)", "");
    assertThat(values(f, "data/demo_0/language/understood")).containsExactly("1", "0");
    assertThat(values(f, "data/demo_0/language/time_ns"))
        .containsExactly(Long.toString(77L * 4), Long.toString(78L * 4));
    assertThat(f.get("data/demo_1").get("attrs").get("num_language_events").asLong()).isZero();
    assertThat(f.has("data/demo_1/language")).isFalse();
  }

  /** A 1-D dataset's values as text (byte strings decoded as UTF-8). */
  private static List<String> values(JsonNode f, String path) {
    List<String> out = new ArrayList<>();
    JsonNode d = f.get(path);
    assertThat(d).as(path).isNotNull();
    d.get("values").forEach(v -> out.add(v.isTextual() ? v.asText() : v.toString()));
    return out;
  }

  private static void checkDemo(JsonNode f, String demo, long seed, int n, boolean hasFinal) {
    JsonNode g = f.get(demo);
    assertThat(g.get("attrs").get("num_samples").asLong()).isEqualTo(n);
    assertThat(g.get("attrs").get("tandem_episode_id").asLong()).isEqualTo(seed);
    assertThat(g.get("attrs").get("seed").asLong()).isEqualTo(seed);
    assertThat(g.get("attrs").get("policy_version").asText()).isEqualTo("v3@abcdef12");

    JsonNode actions = f.get(demo + "/actions");
    assertThat(actions.get("dtype").asText()).isEqualTo("float32");
    assertThat(shape(actions)).containsExactly(n, A);
    JsonNode proposed = f.get(demo + "/proposed_actions");
    JsonNode rewards = f.get(demo + "/rewards");
    assertThat(rewards.get("dtype").asText()).isEqualTo("float64");
    JsonNode dones = f.get(demo + "/dones");
    assertThat(dones.get("dtype").asText()).isEqualTo("int64");
    JsonNode labels = f.get(demo + "/intv_labels");
    assertThat(shape(labels)).containsExactly(n);
    assertThat(labels.get("attrs").get("values").asText())
        .isEqualTo("demo -1, robot 0, intervention 1, pre-intervention -10");
    JsonNode sources = f.get(demo + "/control_source");
    assertThat(sources.get("dtype").asText()).isEqualTo("int64");
    assertThat(shape(sources)).containsExactly(n);
    assertThat(sources.get("attrs").get("values").asText())
        .isEqualTo("policy 0, human 1, corrected 2, scripted 3, stopped 4");
    JsonNode states = f.get(demo + "/states");
    assertThat(shape(states)).containsExactly(n, E);
    JsonNode interventions = f.get(demo + "/intervention_id");
    JsonNode terminated = f.get(demo + "/terminated");
    JsonNode truncated = f.get(demo + "/truncated");
    JsonNode stamps = f.get(demo + "/step_stamp_ns");
    for (JsonNode d : List.of(interventions, terminated, truncated, stamps)) {
      assertThat(d.get("dtype").asText()).isEqualTo("int64");
      assertThat(shape(d)).containsExactly(n);
    }
    JsonNode obs = f.get(demo + "/obs/state");
    JsonNode next = f.get(demo + "/next_obs/state");
    assertThat(shape(obs)).containsExactly(n, S);
    assertThat(shape(next)).containsExactly(n, S);
    JsonNode img = f.get(demo + "/obs/front_image");
    JsonNode nextImg = f.get(demo + "/next_obs/front_image");
    assertThat(img.get("dtype").asText()).isEqualTo("uint8");
    assertThat(shape(img)).containsExactly(n, H, W, 3);
    assertThat(shape(nextImg)).containsExactly(n, H, W, 3);

    for (int k = 0; k < n; k++) {
      Step s = step(seed, k);
      for (int j = 0; j < A; j++) {
        assertThat((float) actions.get("values").get(k).get(j).asDouble())
            .isEqualTo(s.applied().get(j));
        assertThat((float) proposed.get("values").get(k).get(j).asDouble())
            .isEqualTo(s.proposed().get(j));
      }
      assertThat(rewards.get("values").get(k).asDouble()).isEqualTo(s.reward());
      assertThat(dones.get("values").get(k).asLong()).isEqualTo(s.done() ? 1 : 0);
      assertThat(labels.get("values").get(k).asInt())
          .isEqualTo(StepLabeller.bySource(s).robomimicLabel());
      // HUMAN and CORRECTED are both interventions, told apart by control_source
      int expectedSource =
          switch (s.source()) {
            case POLICY -> 0;
            case HUMAN -> 1;
            case CORRECTED -> 2;
            case SCRIPTED -> 3;
            case STOPPED -> 4;
          };
      assertThat(sources.get("values").get(k).asInt()).isEqualTo(expectedSource);
      assertThat(interventions.get("values").get(k).asInt()).isEqualTo(s.interventionId());
      assertThat(terminated.get("values").get(k).asInt()).isEqualTo(s.terminated() ? 1 : 0);
      assertThat(truncated.get("values").get(k).asInt()).isEqualTo(s.truncated() ? 1 : 0);
      assertThat(stamps.get("values").get(k).asLong()).isEqualTo(s.stampNanos());
      float[] env = StoreFixtures.envState(seed, k, E);
      for (int j = 0; j < E; j++) {
        assertThat((float) states.get("values").get(k).get(j).asDouble()).isEqualTo(env[j]);
      }
      Observation o = s.observation();
      Observation o2 =
          k + 1 < n || !hasFinal
              ? step(seed, k + 1).observation()
              : StoreFixtures.observation(seed, k + 1, S, CAMS, H, W);
      for (int j = 0; j < S; j++) {
        assertThat((float) obs.get("values").get(k).get(j).asDouble()).isEqualTo(o.state()[j]);
        assertThat((float) next.get("values").get(k).get(j).asDouble()).isEqualTo(o2.state()[j]);
      }
      byte[] px = o.image("front").pixels();
      byte[] px2 = o2.image("front").pixels();
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          for (int c = 0; c < 3; c++) {
            int at = (y * W + x) * 3 + c;
            assertThat(img.get("values").get(k).get(y).get(x).get(c).asInt())
                .isEqualTo(Byte.toUnsignedInt(px[at]));
            assertThat(nextImg.get("values").get(k).get(y).get(x).get(c).asInt())
                .isEqualTo(Byte.toUnsignedInt(px2[at]));
          }
        }
      }
    }
  }

  private static List<Integer> shape(JsonNode d) {
    List<Integer> out = new ArrayList<>();
    d.get("shape").forEach(x -> out.add(x.asInt()));
    return out;
  }

  @Test
  void labellerSuppliesInterventionLabelsAndStatesFallBackToObservationState() throws Exception {
    Path dir = tmp.resolve("plain");
    try (EpisodeStore store = EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A)))) {
      EpisodeMeta m = StoreFixtures.meta(5);
      // Empty strings (no operator, no policy) must export too.
      EpisodeWriter w =
          store.beginEpisode(
              new EpisodeMeta(m.environment(), 5, null, "", "", m.startedAt(), Map.of()));
      for (int i = 0; i < 12; i++) {
        w.append(StoreFixtures.step(5, i, S, A));
      }
      w.end(
          EpisodeOutcome.of(EndReason.SUCCESS, true),
          Optional.of(StoreFixtures.observation(5, 12, S, List.of(), 0, 0)));
      // Pre-intervention: the two policy steps right before a human step.
      StepLabeller sirius =
          episode -> {
            List<Step> steps = episode.steps();
            SampleClass[] c = new SampleClass[steps.size()];
            for (int k = 0; k < c.length; k++) {
              c[k] = StepLabeller.bySource(steps.get(k));
            }
            for (int k = 0; k < c.length; k++) {
              if (steps.get(k).source() == ControlSource.HUMAN
                  && (k == 0 || steps.get(k - 1).source() != ControlSource.HUMAN)) {
                for (int b = Math.max(0, k - 2); b < k; b++) {
                  if (c[b] == SampleClass.ROBOT) {
                    c[b] = SampleClass.PRE_INTERVENTION;
                  }
                }
              }
            }
            return step -> c[step.index()];
          };
      Path out = tmp.resolve("sirius.hdf5");
      RobomimicExporter.export(
          store,
          out,
          RobomimicExporter.Options.defaults().withLabeller(sirius),
          ProgressListener.NONE);
      JsonNode f = dump(out);
      JsonNode labels = f.get("data/demo_0/intv_labels").get("values");
      // Sources by index % 7: 0-2 POLICY, 3-4 HUMAN, 5 CORRECTED, 6 SCRIPTED.
      int[] expected = {0, -10, -10, 1, 1, 1, -1, 0, -10, -10, 1, 1};
      for (int k = 0; k < expected.length; k++) {
        assertThat(labels.get(k).asInt()).as("label of step %d", k).isEqualTo(expected[k]);
      }
      assertThat(f.get("data/demo_0").get("attrs").get("operator").asText()).isEmpty();
      JsonNode states = f.get("data/demo_0/states");
      assertThat(shape(states)).containsExactly(12, S);
      assertThat(states.get("values")).isEqualTo(f.get("data/demo_0/obs/state").get("values"));
      assertThat(f.has("data/demo_0/obs/front_image")).isFalse();
    }
  }
}
