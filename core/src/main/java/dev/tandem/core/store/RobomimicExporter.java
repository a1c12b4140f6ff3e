package dev.tandem.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.EnvironmentSpec;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfWritingException;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Exports episodes to the robomimic HDF5 layout, written with jhdf:
 *
 * <pre>
 * data                      attrs: total (samples), env_args (JSON: env_name, type, env_kwargs)
 *   demo_0                  attrs: num_samples, tandem_episode_id, seed, policy_version, ...
 *     actions      [N, A]   float32, the applied action
 *     proposed_actions [N, A] float32, what the policy proposed
 *     rewards      [N]      float64
 *     dones        [N]      int64, 1 where the step ended the episode (terminated or truncated)
 *     states       [N, D]   float32, environment.state if recorded, else observation.state
 *     intv_labels  [N]      int64, demo -1, robot 0, intervention 1, pre-intervention -10
 *     control_source [N]    int64, policy 0, human (takeover) 1, corrected (language) 2, scripted 3,
 *                           stopped (e-stop hold) 4
 *     language/    only when the episode has language events (attr num_language_events)
 *       step       [K]      int64, the step the event is recorded with
 *       text, interpretation [K] strings (UTF-8), what was said and how it was understood
 *       understood [K]      int64, 1 if parsed into a correction, 0 if not
 *       time_ns    [K]      int64, when it was said
 *     obs/state    [N, S]   float32, observation.state
 *     obs/&lt;camera&gt;_image [N, H, W, 3] uint8, observation.images.&lt;camera&gt;
 *     next_obs/... the same keys for the observation after each step
 * </pre>
 *
 * A demo holds the steps with a known next observation: all steps of an episode that recorded a
 * final observation, all but the last otherwise. Episodes with no such step are skipped and listed
 * in the report. {@code env_args.type} is robomimic's environment type (1 robosuite, 2 gym, 3
 * iGibson MoMaRT); Tandem environments are gym-style, so it defaults to 2.
 *
 * <p>jhdf keeps every dataset in memory until the file is closed: an export needs heap for the
 * exported arrays (images as one Java array per image row). jhdf writes bytes as signed int8 and
 * rank-4 arrays only as nested Java arrays, so images are written as [N, H, 1, W*3] and their
 * headers are patched to uint8 [N, H, W, 3] (see {@link Hdf5HeaderPatch}). The file is written to a
 * temporary name ({@code out.partial}) and moved into place when complete; a failed export removes
 * it. A target that cannot be written is refused before any work.
 */
public final class RobomimicExporter {

  /** The {@code values} attribute of {@code intv_labels}. */
  static final String LABEL_VALUES = "demo -1, robot 0, intervention 1, pre-intervention -10";

  /** The {@code values} attribute of {@code control_source}: the store's source codes. */
  static final String SOURCE_VALUES =
      java.util.Arrays.stream(dev.tandem.core.data.ControlSource.values())
          .map(c -> c.name().toLowerCase(java.util.Locale.ROOT) + " " + StoreFormat.sourceCode(c))
          .collect(java.util.stream.Collectors.joining(", "));

  /** robomimic's EnvType for gym environments. */
  public static final int ROBOMIMIC_GYM_TYPE = 2;

  /**
   * What to export: episode ids in order (empty: every readable episode), the labeller for {@code
   * intv_labels}, whether camera images are exported, and robomimic's {@code env_args.type}.
   */
  @RecordBuilder
  public record Options(
      List<Long> episodeIds, StepLabeller labeller, boolean includeImages, int envType)
      implements RobomimicExporterOptionsBuilder.With {
    public Options {
      episodeIds = List.copyOf(episodeIds);
      Objects.requireNonNull(labeller, "labeller");
    }

    /** Every readable episode, labels from the control source, images included, gym type. */
    public static Options defaults() {
      return new Options(List.of(), StepLabeller.BY_SOURCE, true, ROBOMIMIC_GYM_TYPE);
    }

    public Options withoutImages() {
      return withIncludeImages(false);
    }
  }

  /**
   * What was written: demos and samples, which episode became which demo, the episodes skipped and
   * why, and how dataset features map to robomimic observation keys.
   */
  public record Report(
      Path file,
      int demos,
      long samples,
      Map<String, Long> demoEpisodes,
      Map<Long, String> skipped,
      Map<String, String> observationKeys) {
    public Report {
      demoEpisodes = Map.copyOf(demoEpisodes);
      skipped = Map.copyOf(skipped);
      observationKeys = Map.copyOf(observationKeys);
    }
  }

  private RobomimicExporter() {}

  /** The robomimic observation key of a dataset feature ({@code obs/<key>}). */
  public static String observationKey(String featureKey) {
    if (featureKey.equals(dev.tandem.core.spec.FeatureSpec.STATE)) {
      return "state";
    }
    if (featureKey.startsWith(dev.tandem.core.spec.FeatureSpec.IMAGES_PREFIX)) {
      return featureKey.substring(dev.tandem.core.spec.FeatureSpec.IMAGES_PREFIX.length())
          + "_image";
    }
    throw new IllegalArgumentException("feature '" + featureKey + "' is not an observation");
  }

  /**
   * Writes {@code out}.
   *
   * @param progress steps read of the total steps of the exported episodes; the final write of the
   *     file (jhdf writes on close) is reported as done == total at the end
   */
  public static Report export(
      EpisodeStore store, Path out, Options options, ProgressListener progress) throws IOException {
    List<Long> ids =
        options.episodeIds().isEmpty() ? store.readableEpisodeIds() : options.episodeIds();
    StepLayout layout = store.codec().layout();
    boolean images = options.includeImages() && !layout.cameras.isEmpty();
    long totalSteps = 0;
    for (long id : ids) {
      totalSteps +=
          store
              .episode(id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("no episode " + id + " in " + store.directory()))
              .steps();
    }
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(dev.tandem.core.spec.FeatureSpec.STATE, "obs/state");
    if (images) {
      for (StepLayout.Camera cam : layout.cameras) {
        keys.put(cam.key(), "obs/" + observationKey(cam.key()));
      }
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".partial");
    requireWritableTarget(out, tmp);
    Map<String, Long> demoEpisodes = new LinkedHashMap<>();
    Map<Long, String> skipped = new LinkedHashMap<>();
    Map<String, Hdf5HeaderPatch.Change> patches = new LinkedHashMap<>();
    long samples = 0;
    long done = 0;
    progress.onProgress(0, totalSteps);
    try {
      try (WritableHdfFile hdf = HdfFile.write(tmp)) {
        WritableGroup data = hdf.putGroup("data");
        int demo = 0;
        for (long id : ids) {
          Episode ep = store.readEpisode(id);
          int n = ep.finalObservation().isPresent() ? ep.length() : ep.length() - 1;
          if (n <= 0) {
            skipped.put(
                id,
                ep.length() == 0
                    ? "no steps"
                    : "one step and no final observation, so no step has a next observation");
            done += ep.length();
            progress.onProgress(done, totalSteps);
            continue;
          }
          String name = "demo_" + demo++;
          WritableGroup g = data.putGroup(name);
          writeDemo(store, layout, g, ep, n, options, images, "/data/" + name, patches);
          demoEpisodes.put(name, id);
          samples += n;
          done += ep.length();
          progress.onProgress(done, totalSteps);
        }
        data.putAttribute("total", samples);
        data.putAttribute("env_args", envArgs(store.spec().environment(), options.envType()));
        data.putAttribute("tandem_source", store.directory().toAbsolutePath().toString());
        data.putAttribute("tandem_environment", environmentJson(store.spec().environment()));
      }
      Hdf5HeaderPatch.apply(tmp, patches);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (HdfWritingException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("writing " + out + ": " + e.getMessage(), e);
    } catch (Throwable t) {
      // nothing half-written stays behind (a full disk, a damaged record, no memory left)
      Files.deleteIfExists(tmp);
      throw t;
    }
    progress.onProgress(totalSteps, totalSteps);
    return new Report(out, demoEpisodes.size(), samples, demoEpisodes, skipped, keys);
  }

  /**
   * Refuses, before any work, a target that cannot be written: a directory, a missing parent
   * directory, or one where the file cannot be created (permissions, a read-only file system).
   */
  private static void requireWritableTarget(Path out, Path tmp) throws IOException {
    if (Files.isDirectory(out)) {
      throw new FileSystemException(
          out.toString(),
          null,
          "is a directory, expected the name of the file to write (e.g. "
              + out.resolve("export.hdf5")
              + ")");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new FileSystemException(
          out.toString(), null, "cannot write it: the directory " + parent + " does not exist");
    }
    try {
      Files.deleteIfExists(tmp);
      Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      Files.delete(tmp);
    } catch (FileSystemException e) {
      String reason =
          e.getReason() != null
              ? e.getReason()
              : e instanceof AccessDeniedException ? "permission denied" : e.toString();
      throw new FileSystemException(out.toString(), null, "cannot write it: " + reason);
    }
  }

  private static void writeDemo(
      EpisodeStore store,
      StepLayout layout,
      WritableGroup g,
      Episode ep,
      int n,
      Options options,
      boolean images,
      String path,
      Map<String, Hdf5HeaderPatch.Change> patches) {
    List<Step> steps = ep.steps();
    float[][] actions = new float[n][];
    float[][] proposed = new float[n][];
    double[] rewards = new double[n];
    long[] dones = new long[n];
    long[] labels = new long[n];
    long[] sources = new long[n];
    // Observations 0..n (n + 1 of them): obs = [0, n), next_obs = [1, n + 1), sharing rows.
    List<Observation> all = new ArrayList<>(n + 1);
    for (int k = 0; k < n; k++) {
      all.add(steps.get(k).observation());
    }
    all.add(n < steps.size() ? steps.get(n).observation() : ep.finalObservation().orElseThrow());
    Function<Step, SampleClass> labeller = options.labeller().forEpisode(ep);
    for (int k = 0; k < n; k++) {
      Step s = steps.get(k);
      actions[k] = s.applied().values();
      proposed[k] = s.proposed().values();
      rewards[k] = s.reward();
      dones[k] = s.done() ? 1 : 0;
      SampleClass c = labeller.apply(s);
      if (c == null) {
        throw new IllegalArgumentException(
            "labeller gave no class to step " + k + " of episode " + ep.id());
      }
      labels[k] = c.robomimicLabel();
      sources[k] = StoreFormat.sourceCode(s.source());
    }
    float[][] states = new float[n + 1][];
    for (int k = 0; k <= n; k++) {
      states[k] = all.get(k).state();
    }
    float[][] flatStates;
    if (layout.envStateSize > 0) {
      flatStates = java.util.Arrays.copyOf(store.readEnvironmentStates(ep.id()), n);
    } else {
      flatStates = java.util.Arrays.copyOf(states, n);
    }
    g.putDataset("actions", actions);
    g.putDataset("proposed_actions", proposed);
    g.putDataset("rewards", rewards);
    g.putDataset("dones", dones);
    g.putDataset("states", flatStates);
    g.putDataset("intv_labels", labels).putAttribute("values", LABEL_VALUES);
    g.putDataset("control_source", sources).putAttribute("values", SOURCE_VALUES);
    g.putAttribute("num_language_events", (long) writeLanguage(g, steps));
    WritableGroup obs = g.putGroup("obs");
    WritableGroup next = g.putGroup("next_obs");
    obs.putDataset("state", java.util.Arrays.copyOfRange(states, 0, n));
    next.putDataset("state", java.util.Arrays.copyOfRange(states, 1, n + 1));
    if (images) {
      for (StepLayout.Camera cam : layout.cameras) {
        byte[][][][] rows = new byte[n + 1][][][];
        for (int k = 0; k <= n; k++) {
          rows[k] = imageRows(all.get(k).image(cam.name()));
        }
        String key = observationKey(cam.key());
        obs.putDataset(key, java.util.Arrays.copyOfRange(rows, 0, n));
        next.putDataset(key, java.util.Arrays.copyOfRange(rows, 1, n + 1));
        long[] dims = {n, cam.height(), cam.width(), cam.channels()};
        patches.put(path + "/obs/" + key, new Hdf5HeaderPatch.Change(true, dims));
        patches.put(path + "/next_obs/" + key, new Hdf5HeaderPatch.Change(true, dims));
      }
    }
    g.putAttribute("num_samples", (long) n);
    g.putAttribute("tandem_episode_id", ep.id());
    g.putAttribute("seed", ep.meta().seed());
    g.putAttribute("policy_version", ep.meta().policyVersion());
    g.putAttribute("operator", ep.meta().operator());
    g.putAttribute("started_at", ep.meta().startedAt().toString());
    g.putAttribute("end_reason", ep.outcome().reason().name());
    g.putAttribute("success", ep.outcome().success() ? 1L : 0L);
    if (!ep.outcome().detail().isEmpty()) {
      g.putAttribute("end_detail", ep.outcome().detail());
    }
  }

  /**
   * Writes the language events of every recorded step (also a last step that has no sample) to
   * {@code language/}, unless there are none; returns how many.
   */
  private static int writeLanguage(WritableGroup g, List<Step> steps) {
    List<Long> at = new ArrayList<>();
    List<LanguageEvent> events = new ArrayList<>();
    for (Step s : steps) {
      for (LanguageEvent e : s.language()) {
        at.add((long) s.index());
        events.add(e);
      }
    }
    int k = events.size();
    if (k == 0) {
      return 0; // jhdf cannot write empty datasets
    }
    WritableGroup lang = g.putGroup("language");
    lang.putDataset("step", at.stream().mapToLong(Long::longValue).toArray());
    lang.putDataset("text", events.stream().map(LanguageEvent::text).toArray(String[]::new));
    lang.putDataset(
        "interpretation",
        events.stream().map(LanguageEvent::interpretation).toArray(String[]::new));
    lang.putDataset("understood", events.stream().mapToLong(e -> e.understood() ? 1 : 0).toArray());
    lang.putDataset("time_ns", events.stream().mapToLong(LanguageEvent::stampNanos).toArray());
    return k;
  }

  /** An image as [H][1][W*C]: one array per row, the bytes in C order. */
  private static byte[][][] imageRows(ImageFrame f) {
    int row = f.width() * f.channels();
    byte[][][] out = new byte[f.height()][1][];
    for (int y = 0; y < f.height(); y++) {
      out[y][0] = java.util.Arrays.copyOfRange(f.pixels(), y * row, (y + 1) * row);
    }
    return out;
  }

  static String envArgs(EnvironmentSpec env, int type) {
    ObjectNode n = SpecJson.MAPPER.createObjectNode();
    n.put("env_name", env.name());
    n.put("type", type);
    ObjectNode kwargs = n.putObject("env_kwargs");
    env.parameters().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> kwargs.put(e.getKey(), e.getValue()));
    kwargs.put("robot", env.robot().name());
    kwargs.put("control_rate_hz", env.controlRateHz());
    kwargs.put("max_episode_steps", env.maxEpisodeSteps());
    kwargs.put("action_mode", env.action().mode().name());
    ArrayNode names = kwargs.putArray("action_names");
    env.action().names().forEach(names::add);
    try {
      return SpecJson.MAPPER
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String environmentJson(EnvironmentSpec env) {
    try {
      return SpecJson.MAPPER
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(SpecJson.environment(env));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
