package dev.tandem.interop.robomimic;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.DatasetSpecJson;
import dev.tandem.core.store.EpisodeWriter;
import dev.tandem.core.store.ProgressListener;
import dev.tandem.core.store.RobomimicExporter;
import dev.tandem.core.store.SourceCodes;
import dev.tandem.interop.ImportMapping;
import dev.tandem.interop.ImportTarget;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a robomimic HDF5 file ({@code data/demo_N/...}) into a new episode store, read with jhdf.
 * A file Tandem exported ({@code data} attribute {@code tandem_dataset}) comes back with its spec,
 * labels, control sources, interventions, corrections, times and episode metadata; an episode
 * recorded without a final observation comes back one step shorter (robomimic keeps only steps with
 * a next observation; the last one's becomes the final observation). Any other robomimic file needs
 * an {@link ImportMapping} naming its {@code obs/} keys, action and the control rate; its demos
 * become SCRIPTED steps.
 */
public final class RobomimicImporter {

  /** What was imported. */
  public record Report(Path store, int episodes, long steps, boolean tandemExport) {}

  private RobomimicImporter() {}

  public static Report importFile(
      Path file, Path out, Optional<ImportMapping> mapping, ProgressListener progress)
      throws IOException {
    ImportTarget.check(out);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such robomimic HDF5 file");
    }
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not an HDF5 file (" + e.getMessage() + ")", e);
    }
    try (hdf) {
      Node dataNode = hdf.getChildren().get("data");
      if (!(dataNode instanceof Group data)) {
        throw new IllegalArgumentException(
            file + ": not a robomimic dataset (no group 'data' with demo_N groups)");
      }
      List<Group> demos = demos(file, data);
      Reader r = new Reader(file, data, demos, mapping);
      try (ImportTarget target = ImportTarget.create(out, r.spec)) {
        long steps = r.copyInto(target, progress);
        target.commit();
        return new Report(out, demos.size(), steps, r.tandem);
      }
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static List<Group> demos(Path file, Group data) {
    List<Map.Entry<Integer, Group>> found = new ArrayList<>();
    for (Map.Entry<String, Node> c : data.getChildren().entrySet()) {
      if (c.getKey().matches("demo_\\d+") && c.getValue() instanceof Group g) {
        found.add(Map.entry(Integer.parseInt(c.getKey().substring(5)), g));
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(file + ": group 'data' holds no demo_N groups");
    }
    found.sort(Map.Entry.comparingByKey());
    return found.stream().map(Map.Entry::getValue).toList();
  }

  /** Reads demos the way the file's origin asks. */
  private static final class Reader {
    final Path file;
    final List<Group> demos;
    final boolean tandem;
    final DatasetSpec spec;
    final List<String> stateKeys;
    final String actionKey;
    final Map<String, String> cameraKeys; // Tandem camera -> path under the demo

    Reader(Path file, Group data, List<Group> demos, Optional<ImportMapping> mapping) {
      this.file = file;
      this.demos = demos;
      Attribute specAttr = data.getAttribute("tandem_dataset");
      if (mapping.isEmpty()) {
        if (specAttr == null) {
          throw new IllegalArgumentException(
              file
                  + ": this robomimic file was not exported by Tandem (no attribute"
                  + " 'data.tandem_dataset'); give --mapping <robot.yaml> naming its obs keys,"
                  + " action and controlRateHz");
        }
        tandem = true;
        DatasetSpec s =
            DatasetSpecJson.read((String) specAttr.getData(), file + " data.tandem_dataset");
        Group first = demos.get(0);
        Map<String, String> cams = new LinkedHashMap<>();
        boolean images =
            s.recordImages()
                && s.environment().cameras().stream()
                    .allMatch(c -> node(first, "obs/" + obsKey(c)) != null);
        if (!images) {
          s = s.withoutImages();
        } else {
          s.environment().cameras().forEach(c -> cams.put(c, "obs/" + obsKey(c)));
        }
        spec = s;
        stateKeys = List.of("obs/state");
        actionKey = "actions";
        cameraKeys = cams;
        return;
      }
      tandem = false;
      ImportMapping m = mapping.get();
      if (m.controlRateHz() == null) {
        throw new IllegalArgumentException(
            "the mapping's field 'controlRateHz' is required for robomimic files (they record no"
                + " rate)");
      }
      Group first = demos.get(0);
      int stateSize = 0;
      for (String k : m.state()) {
        stateSize += width(dataset(first, k), k);
      }
      int actionSize = width(dataset(first, m.action()), m.action());
      Map<String, List<Integer>> shapes = new LinkedHashMap<>();
      Map<String, String> cams = new LinkedHashMap<>();
      for (String cam : m.cameraNames()) {
        String key = m.cameras().get(cam);
        int[] dims = dataset(first, key).getDimensions();
        if (dims.length != 4 || dims[3] != 3) {
          throw new IllegalArgumentException(
              first.getPath()
                  + key
                  + " has shape "
                  + java.util.Arrays.toString(dims)
                  + ", expected [N, height, width, 3]");
        }
        shapes.put(cam, List.of(dims[1], dims[2], 3));
        cams.put(cam, key);
      }
      double[] lo = new double[actionSize];
      double[] hi = new double[actionSize];
      java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
      int longest = 0;
      for (Group g : demos) {
        float[][] a = floats(dataset(g, m.action()), g.getPath() + m.action());
        longest = Math.max(longest, a.length);
        for (float[] row : a) {
          for (int i = 0; i < actionSize; i++) {
            lo[i] = Math.min(lo[i], row[i]);
            hi[i] = Math.max(hi[i], row[i]);
          }
        }
      }
      EnvironmentSpec env =
          m.environmentSpec(
              stateSize,
              actionSize,
              shapes,
              m.controlRateHz(),
              longest,
              lo,
              hi,
              "robomimic:" + file.toAbsolutePath());
      spec = new DatasetSpec(env, 0, !cams.isEmpty(), "imported from robomimic file " + file);
      stateKeys = m.state();
      actionKey = m.action();
      cameraKeys = cams;
    }

    long copyInto(ImportTarget target, ProgressListener progress) {
      long done = 0;
      progress.onProgress(0, demos.size());
      for (int d = 0; d < demos.size(); d++) {
        done += copyDemo(target, demos.get(d), d);
        progress.onProgress(d + 1, demos.size());
      }
      return done;
    }

    private int copyDemo(ImportTarget target, Group g, int d) {
      String where = g.getPath();
      float[][] actions = floats(dataset(g, actionKey), where + actionKey);
      int n = actions.length;
      float[][] state = concat(g, stateKeys, "", n);
      float[][] nextState = nextAvailable(g) ? concat(g, stateKeys, "next_", n) : null;
      Map<String, byte[][]> images = new LinkedHashMap<>();
      Map<String, byte[][]> nextImages = new LinkedHashMap<>();
      for (Map.Entry<String, String> c : cameraKeys.entrySet()) {
        images.put(c.getKey(), imageRows(g, c.getValue(), n));
        if (nextState != null) {
          nextImages.put(c.getKey(), imageRows(g, "next_" + c.getValue(), n));
        }
      }
      double[] rewards = optionalDoubles(g, "rewards", n);
      long[] dones = optionalLongs(g, "dones", n);
      String env = spec.environment().name();
      EpisodeMeta meta;
      EpisodeOutcome outcome;
      if (tandem) {
        Map<String, String> tags = new LinkedHashMap<>();
        try {
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(attr(g, "tags"))
              .fields()
              .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
          throw new IllegalArgumentException(where + " attribute 'tags' is not JSON");
        }
        meta =
            new EpisodeMeta(
                env,
                longAttr(g, "seed"),
                Base64.getDecoder().decode(attr(g, "initial_state")),
                attr(g, "policy_version"),
                attr(g, "operator"),
                Instant.parse(attr(g, "started_at")),
                tags);
        Attribute detail = g.getAttribute("end_detail");
        outcome =
            new EpisodeOutcome(
                EndReason.valueOf(attr(g, "end_reason")),
                longAttr(g, "success") == 1,
                detail == null ? "" : (String) detail.getData());
      } else {
        meta =
            new EpisodeMeta(
                env,
                d,
                null,
                "",
                "",
                Instant.EPOCH,
                Map.of("importedFrom", file.toAbsolutePath().toString(), "robomimicDemo", where));
        outcome =
            new EpisodeOutcome(EndReason.TERMINATED, false, "imported from robomimic " + where);
      }
      Map<Integer, List<LanguageEvent>> language = tandem ? language(g) : Map.of();
      float[][] proposed =
          tandem ? floats(dataset(g, "proposed_actions"), where + "proposed_actions") : actions;
      long[] sources = tandem ? longs(dataset(g, "control_source"), n) : null;
      long[] interventions = tandem ? longs(dataset(g, "intervention_id"), n) : null;
      long[] terminated = tandem ? longs(dataset(g, "terminated"), n) : null;
      long[] truncated = tandem ? longs(dataset(g, "truncated"), n) : null;
      long[] stepStamps = tandem ? longs(dataset(g, "step_stamp_ns"), n) : null;
      long[] obsStamps = tandem ? longs(dataset(g, "obs_stamp_ns"), n) : null;
      long[] nextStamps = tandem ? longs(dataset(g, "next_obs_stamp_ns"), n) : null;
      float[][] envStates =
          tandem && spec.environmentStateSize() > 0
              ? floats(dataset(g, "states"), where + "states")
              : null;
      EpisodeWriter w = target.store().beginEpisode(meta);
      for (int k = 0; k < n; k++) {
        Observation o = new Observation(state[k], frames(images, k), tandem ? obsStamps[k] : 0L);
        Step s =
            new Step(
                k,
                o,
                Action.of(proposed[k]),
                Action.of(actions[k]),
                tandem ? SourceCodes.source((int) sources[k]) : ControlSource.SCRIPTED,
                tandem ? (int) interventions[k] : Step.NO_INTERVENTION,
                (float) rewards[k],
                tandem ? terminated[k] != 0 : dones[k] != 0,
                tandem && truncated[k] != 0,
                language.getOrDefault(k, List.of()),
                tandem ? stepStamps[k] : 0L);
        w.append(s, envStates == null ? null : envStates[k]);
      }
      Optional<Observation> fin =
          nextState == null || n == 0
              ? Optional.empty()
              : Optional.of(
                  new Observation(
                      nextState[n - 1],
                      frames(nextImages, n - 1),
                      tandem ? nextStamps[n - 1] : 0L));
      w.end(outcome, fin);
      return n;
    }

    private boolean nextAvailable(Group g) {
      return stateKeys.stream().allMatch(k -> node(g, "next_" + k) != null);
    }

    private Map<String, ImageFrame> frames(Map<String, byte[][]> images, int k) {
      Map<String, ImageFrame> out = new LinkedHashMap<>();
      for (Map.Entry<String, byte[][]> c : images.entrySet()) {
        List<Integer> shape =
            spec.environment().feature(FeatureSpec.IMAGES_PREFIX + c.getKey()).shape();
        out.put(c.getKey(), new ImageFrame(shape.get(0), shape.get(1), 3, c.getValue()[k]));
      }
      return out;
    }

    private float[][] concat(Group g, List<String> keys, String prefix, int n) {
      float[][] out = new float[n][spec.environment().stateSize()];
      int at = 0;
      for (String k : keys) {
        float[][] part = floats(dataset(g, prefix + k), g.getPath() + prefix + k);
        if (part.length != n) {
          throw new IllegalArgumentException(
              g.getPath() + prefix + k + " has " + part.length + " rows, the actions have " + n);
        }
        int width = part.length == 0 ? 0 : part[0].length;
        if (at + width > spec.environment().stateSize()) {
          throw new IllegalArgumentException(
              g.getPath() + prefix + k + " is wider than the first demo's, expected a fixed shape");
        }
        for (int r = 0; r < n; r++) {
          System.arraycopy(part[r], 0, out[r], at, width);
        }
        at += width;
      }
      if (at != spec.environment().stateSize()) {
        throw new IllegalArgumentException(
            g.getPath()
                + ": the state keys "
                + keys
                + " give "
                + at
                + " values, expected "
                + spec.environment().stateSize());
      }
      return out;
    }

    private byte[][] imageRows(Group g, String key, int n) {
      Dataset ds = dataset(g, key);
      int[] dims = ds.getDimensions();
      List<Integer> shape =
          spec.environment()
              .feature(
                  FeatureSpec.IMAGES_PREFIX
                      + cameraKeys.entrySet().stream()
                          .filter(e -> key.endsWith(e.getValue()))
                          .findFirst()
                          .orElseThrow()
                          .getKey())
              .shape();
      if (dims.length != 4
          || dims[0] != n
          || dims[1] != shape.get(0)
          || dims[2] != shape.get(1)
          || dims[3] != 3) {
        throw new IllegalArgumentException(
            g.getPath()
                + key
                + " has shape "
                + java.util.Arrays.toString(dims)
                + ", expected ["
                + n
                + ", "
                + shape.get(0)
                + ", "
                + shape.get(1)
                + ", 3]");
      }
      byte[] flat = flatBytes(ds.getDataFlat());
      int size = shape.get(0) * shape.get(1) * 3;
      byte[][] out = new byte[n][];
      for (int r = 0; r < n; r++) {
        out[r] = java.util.Arrays.copyOfRange(flat, r * size, (r + 1) * size);
      }
      return out;
    }

    private Map<Integer, List<LanguageEvent>> language(Group g) {
      Map<Integer, List<LanguageEvent>> out = new LinkedHashMap<>();
      Node lang = g.getChildren().get("language");
      if (!(lang instanceof Group lg)) {
        return out;
      }
      long[] step = longs(dataset(lg, "step"), -1);
      String[] text = (String[]) dataset(lg, "text").getData();
      String[] interp = (String[]) dataset(lg, "interpretation").getData();
      long[] understood = longs(dataset(lg, "understood"), step.length);
      long[] time = longs(dataset(lg, "time_ns"), step.length);
      for (int k = 0; k < step.length; k++) {
        out.computeIfAbsent((int) step[k], x -> new ArrayList<>())
            .add(new LanguageEvent(text[k], interp[k], understood[k] != 0, time[k]));
      }
      return out;
    }
  }

  private static String obsKey(String camera) {
    return RobomimicExporter.observationKey(FeatureSpec.IMAGES_PREFIX + camera);
  }

  private static Node node(Group g, String path) {
    Node at = g;
    for (String part : path.split("/")) {
      if (!(at instanceof Group grp)) {
        return null;
      }
      at = grp.getChildren().get(part);
      if (at == null) {
        return null;
      }
    }
    return at;
  }

  private static Dataset dataset(Group g, String path) {
    Node n = node(g, path);
    if (!(n instanceof Dataset d)) {
      throw new IllegalArgumentException(
          g.getPath()
              + path
              + " is missing (a robomimic demo holds actions, rewards, dones, obs/...)");
    }
    return d;
  }

  private static String attr(Group g, String name) {
    Attribute a = g.getAttribute(name);
    if (a == null || !(a.getData() instanceof String s)) {
      throw new IllegalArgumentException(g.getPath() + " attribute '" + name + "' is missing");
    }
    return s;
  }

  private static long longAttr(Group g, String name) {
    Attribute a = g.getAttribute(name);
    if (a == null || !(a.getData() instanceof Number v)) {
      throw new IllegalArgumentException(g.getPath() + " attribute '" + name + "' is missing");
    }
    return v.longValue();
  }

  private static int width(Dataset d, String key) {
    int[] dims = d.getDimensions();
    if (dims.length == 1) {
      return 1;
    }
    if (dims.length != 2) {
      throw new IllegalArgumentException(
          d.getPath() + " has shape " + java.util.Arrays.toString(dims) + ", expected [N, n]");
    }
    return dims[1];
  }

  /** A [N, n] (or [N]) numeric dataset as float32 rows. */
  static float[][] floats(Dataset d, String where) {
    int[] dims = d.getDimensions();
    int n = dims.length == 0 ? 0 : dims[0];
    int w = dims.length == 1 ? 1 : dims.length == 2 ? dims[1] : -1;
    if (w < 0) {
      throw new IllegalArgumentException(
          where + " has shape " + java.util.Arrays.toString(dims) + ", expected [N, n]");
    }
    Object flat = d.getDataFlat();
    float[][] out = new float[n][w];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < w; k++) {
        Object v = Array.get(flat, r * w + k);
        out[r][k] = ((Number) v).floatValue();
      }
    }
    return out;
  }

  private static long[] longs(Dataset d, int expected) {
    Object flat = d.getDataFlat();
    int n = Array.getLength(flat);
    if (expected >= 0 && n != expected) {
      throw new IllegalArgumentException(
          d.getPath() + " has " + n + " values, expected " + expected);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = ((Number) Array.get(flat, i)).longValue();
    }
    return out;
  }

  private static double[] optionalDoubles(Group g, String key, int n) {
    Node node = g.getChildren().get(key);
    if (!(node instanceof Dataset d)) {
      return new double[n];
    }
    Object flat = d.getDataFlat();
    if (Array.getLength(flat) != n) {
      throw new IllegalArgumentException(
          d.getPath() + " has " + Array.getLength(flat) + " values, the actions have " + n);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = ((Number) Array.get(flat, i)).doubleValue();
    }
    return out;
  }

  private static long[] optionalLongs(Group g, String key, int n) {
    Node node = g.getChildren().get(key);
    if (!(node instanceof Dataset d)) {
      long[] out = new long[n];
      if (n > 0) {
        out[n - 1] = 1;
      }
      return out;
    }
    return longs(d, n);
  }

  private static byte[] flatBytes(Object flat) {
    if (flat instanceof byte[] b) {
      return b;
    }
    int n = Array.getLength(flat);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) ((Number) Array.get(flat, i)).intValue();
    }
    return out;
  }
}
