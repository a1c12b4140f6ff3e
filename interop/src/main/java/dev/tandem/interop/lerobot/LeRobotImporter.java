package dev.tandem.interop.lerobot;

import static dev.tandem.interop.lerobot.LeRobotFormat.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.tandem.core.store.SourceCodes;
import dev.tandem.interop.EpisodeJson;
import dev.tandem.interop.Ffmpeg;
import dev.tandem.interop.ImportMapping;
import dev.tandem.interop.ImportTarget;
import dev.tandem.interop.Png;
import dev.tandem.interop.parquet.ParquetFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a LeRobot dataset v3.0 directory into a new episode store. A dataset Tandem exported
 * carries its spec and Tandem's columns: the import restores every step, label, correction, final
 * observation and episode's metadata. Any other v3.0 dataset needs an {@link ImportMapping}: its
 * frames become SCRIPTED steps (demonstrations) of the environment the mapping describes, with
 * {@code next.reward} and {@code next.done} when present.
 *
 * <p>Image features (PNG bytes in parquet) are read, and video features (MP4 files, decoded by
 * Debian's {@code ffmpeg}, see {@link Ffmpeg}) by each frame's {@code timestamp} from its episode's
 * {@code from_timestamp}, as LeRobot reads them. Problems are one-line {@link
 * IllegalArgumentException}s naming file and field; the store is written as {@code <out>.partial}
 * and moved into place at the end.
 */
public final class LeRobotImporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was imported. */
  public record Report(Path store, int episodes, long steps, boolean tandemExport) {}

  private LeRobotImporter() {}

  public static Report importDataset(
      Path dir, Path out, Optional<ImportMapping> mapping, ProgressListener progress)
      throws IOException {
    ImportTarget.check(out);
    Source src = Source.open(dir, mapping);
    try (src;
        ImportTarget target = ImportTarget.create(out, src.spec)) {
      long steps = src.copyInto(target, progress);
      target.commit();
      return new Report(out, src.episodeCount(), steps, src.tandem);
    }
  }

  /** The dataset's metadata and how its features map onto the store's. */
  private static final class Source implements AutoCloseable {
    final Path dir;
    final Path infoFile;
    final JsonNode info;
    final boolean tandem;
    final DatasetSpec spec;
    final List<String> stateColumns;
    final String actionColumn;
    final Map<String, String> cameraColumns; // Tandem camera -> source feature
    final double fps;
    final Episodes episodes;
    final Map<String, String> videoColumns = new LinkedHashMap<>(); // the video cameras' features
    private VideoFrames videos;

    private Source(
        Path dir,
        JsonNode info,
        boolean tandem,
        DatasetSpec spec,
        List<String> state,
        String action,
        Map<String, String> cameras,
        double fps,
        Episodes episodes) {
      this.dir = dir;
      this.infoFile = dir.resolve(INFO);
      this.info = info;
      this.tandem = tandem;
      this.spec = spec;
      this.stateColumns = state;
      this.actionColumn = action;
      this.cameraColumns = cameras;
      this.fps = fps;
      this.episodes = episodes;
      JsonNode features = info.get("features");
      cameras.forEach(
          (cam, key) -> {
            if (features.path(key).path("dtype").asText().equals("video")) {
              videoColumns.put(cam, key);
            }
          });
      for (String key : videoColumns.values()) {
        for (String part : List.of("chunk_index", "file_index", "from_timestamp")) {
          String field = "videos/" + key + "/" + part;
          if (!episodes.video.containsKey(field)) {
            throw new IllegalArgumentException(
                episodes.files.get(0)
                    + ": field '"
                    + field
                    + "' is missing (feature '"
                    + key
                    + "' is a video)");
          }
        }
      }
    }

    /** Camera {@code cam}'s frame {@code r} of episode {@code e} from its video file. */
    ImageFrame videoFrame(String cam, int e, float timestamp, String what) {
      String key = videoColumns.get(cam);
      if (videos == null) {
        videos = new VideoFrames(dir, info.path("video_path").asText(VIDEO_PATH), Ffmpeg.locate());
      }
      JsonNode vfps = info.get("features").path(key).path("info").path("video.fps");
      double rate = vfps.isNumber() && vfps.asDouble() > 0 ? vfps.asDouble() : fps;
      double from = episodes.video.get("videos/" + key + "/from_timestamp")[e];
      long frame = Math.round((from + timestamp) * rate);
      List<Integer> shape = spec.environment().feature(FeatureSpec.IMAGES_PREFIX + cam).shape();
      return videos.frame(
          key,
          (long) episodes.video.get("videos/" + key + "/chunk_index")[e],
          (long) episodes.video.get("videos/" + key + "/file_index")[e],
          frame,
          shape.get(0),
          shape.get(1),
          what);
    }

    @Override
    public void close() {
      if (videos != null) {
        videos.close();
      }
    }

    int episodeCount() {
      return episodes.index.length;
    }

    static Source open(Path dir, Optional<ImportMapping> mapping) throws IOException {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + ": not a LeRobot dataset (not a directory)");
      }
      Path infoFile = dir.resolve(INFO);
      if (!Files.isRegularFile(infoFile)) {
        throw new IllegalArgumentException(dir + ": not a LeRobot dataset (no " + INFO + ")");
      }
      JsonNode info;
      try {
        info = JSON.readTree(infoFile.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(infoFile + ": not JSON: " + e.getMessage(), e);
      }
      String version = info.path("codebase_version").asText("");
      if (!version.startsWith("v3.")) {
        throw new IllegalArgumentException(
            infoFile
                + ": field 'codebase_version' is '"
                + version
                + "', expected v3.0 (convert older datasets with LeRobot's"
                + " convert_dataset_v21_to_v30)");
      }
      JsonNode features = info.get("features");
      if (features == null || !features.isObject()) {
        throw new IllegalArgumentException(infoFile + ": field 'features' is missing");
      }
      if (!info.path("fps").isNumber() || !(info.path("fps").asDouble() > 0)) {
        throw new IllegalArgumentException(
            infoFile + ": field 'fps' must be a positive number, found " + info.get("fps"));
      }
      double fps = info.get("fps").asDouble();
      Episodes episodes = Episodes.read(dir);
      JsonNode tandemNode = info.path("tandem").path("dataset");
      if (mapping.isEmpty()) {
        if (tandemNode.isMissingNode()) {
          throw new IllegalArgumentException(
              infoFile
                  + ": this dataset was not exported by Tandem (no field 'tandem.dataset'); give"
                  + " --mapping <robot.yaml> naming its robot and which features are the state,"
                  + " the action and the cameras");
        }
        DatasetSpec spec =
            DatasetSpecJson.read(tandemNode.toString(), infoFile + " tandem.dataset");
        if (!info.path("tandem").path("images_exported").asBoolean(true)) {
          spec = spec.withoutImages();
        }
        Map<String, String> cams = new LinkedHashMap<>();
        if (spec.recordImages()) {
          spec.environment().cameras().forEach(c -> cams.put(c, FeatureSpec.IMAGES_PREFIX + c));
        }
        Source s =
            new Source(
                dir,
                info,
                true,
                spec,
                List.of(FeatureSpec.STATE),
                FeatureSpec.ACTION,
                cams,
                fps,
                episodes);
        s.checkShapes();
        return s;
      }
      ImportMapping m = mapping.get();
      int stateSize = 0;
      for (String key : m.state()) {
        stateSize += vectorSize(infoFile, features, key);
      }
      int actionSize = vectorSize(infoFile, features, m.action());
      Map<String, List<Integer>> shapes = new LinkedHashMap<>();
      Map<String, String> cams = new LinkedHashMap<>();
      for (String cam : m.cameraNames()) {
        String key = m.cameras().get(cam);
        shapes.put(cam, imageShape(infoFile, features, key));
        cams.put(cam, key);
      }
      double[][] bounds = actionBounds(dir, m, actionSize);
      int longest = 0;
      for (long len : episodes.length) {
        longest = (int) Math.max(longest, len);
      }
      EnvironmentSpec env =
          m.environmentSpec(
              stateSize,
              actionSize,
              shapes,
              fps,
              longest,
              bounds[0],
              bounds[1],
              "lerobot:" + dir.toAbsolutePath());
      DatasetSpec spec =
          new DatasetSpec(env, 0, !cams.isEmpty(), "imported from LeRobot dataset " + dir);
      return new Source(dir, info, false, spec, m.state(), m.action(), cams, fps, episodes);
    }

    /** The exported features still have the shapes the spec says. */
    private void checkShapes() {
      JsonNode features = info.get("features");
      int s = vectorSize(infoFile, features, FeatureSpec.STATE);
      if (s != spec.environment().stateSize()) {
        throw new IllegalArgumentException(
            infoFile
                + ": feature 'observation.state' has shape ["
                + s
                + "], the dataset spec says ["
                + spec.environment().stateSize()
                + "]");
      }
      int a = vectorSize(infoFile, features, FeatureSpec.ACTION);
      if (a != spec.environment().action().dim()) {
        throw new IllegalArgumentException(
            infoFile
                + ": feature 'action' has shape ["
                + a
                + "], the dataset spec says ["
                + spec.environment().action().dim()
                + "]");
      }
      for (String cam : cameraColumns.keySet()) {
        List<Integer> shape = imageShape(infoFile, features, cameraColumns.get(cam));
        List<Integer> want = spec.environment().feature(FeatureSpec.IMAGES_PREFIX + cam).shape();
        if (!shape.equals(want)) {
          throw new IllegalArgumentException(
              infoFile
                  + ": feature '"
                  + cameraColumns.get(cam)
                  + "' has shape "
                  + shape
                  + ", the dataset spec says "
                  + want);
        }
      }
    }

    long copyInto(ImportTarget target, ProgressListener progress) {
      long total = 0;
      for (long len : episodes.length) {
        total += len;
      }
      progress.onProgress(0, total);
      long done = 0;
      long written = 0;
      String template = info.path("data_path").asText(DATA_PATH);
      // Data files in the order episodes name them; each is read once.
      Map<String, List<Integer>> byFile = new LinkedHashMap<>();
      for (int e = 0; e < episodes.index.length; e++) {
        String rel = LeRobotFormat.path(template, (int) episodes.chunk[e], (int) episodes.file[e]);
        byFile.computeIfAbsent(rel, k -> new ArrayList<>()).add(e);
      }
      for (Map.Entry<String, List<Integer>> f : byFile.entrySet()) {
        Path file = dir.resolve(f.getKey());
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(
              file
                  + ": missing; "
                  + episodes.file(f.getValue().get(0))
                  + " names it as the data of episode "
                  + episodes.index[f.getValue().get(0)]);
        }
        Frames frames = new Frames(ParquetFile.open(file), this);
        for (int e : f.getValue()) {
          written += writeEpisode(target, frames, e);
          done += episodes.length[e];
          progress.onProgress(done, total);
        }
      }
      return written;
    }

    /** Writes episode {@code e}; returns its steps. */
    private int writeEpisode(ImportTarget target, Frames frames, int e) {
      long episodeIndex = episodes.index[e];
      List<Integer> rows = frames.rowsOf(episodeIndex);
      if (rows.size() != episodes.length[e]) {
        throw new IllegalArgumentException(
            frames.file.file()
                + ": field 'episode_index' has "
                + rows.size()
                + " frames of episode "
                + episodeIndex
                + ", "
                + episodes.file(e)
                + " field 'length' says "
                + episodes.length[e]);
      }
      String env = spec.environment().name();
      EpisodeJson.Parsed meta =
          episodes.json != null
              ? EpisodeJson.read(
                  episodes.json[e], env, episodes.file(e) + " field '" + EPISODE_JSON + "'")
              : new EpisodeJson.Parsed(
                  new EpisodeMeta(
                      env,
                      episodeIndex,
                      null,
                      "",
                      "",
                      Instant.EPOCH,
                      Map.of(
                          "importedFrom",
                          dir.toAbsolutePath().toString(),
                          "lerobotEpisodeIndex",
                          Long.toString(episodeIndex))),
                  new EpisodeOutcome(
                      EndReason.TERMINATED,
                      false,
                      "imported from LeRobot episode " + episodeIndex));
      Map<Integer, List<LanguageEvent>> language = episodes.language(e);
      EpisodeWriter w = target.store().beginEpisode(meta.meta());
      // A Tandem export carries the final observation. Elsewhere the last frame is it: a step
      // needs the observation that followed it (as in robomimic and for training samples).
      int steps = tandem ? rows.size() : Math.max(0, rows.size() - 1);
      for (int k = 0; k < rows.size(); k++) {
        int r = rows.get(k);
        if (frames.frameIndex[r] != k) {
          throw new IllegalArgumentException(
              frames.file.file()
                  + ": field 'frame_index' is "
                  + frames.frameIndex[r]
                  + " at frame "
                  + k
                  + " of episode "
                  + episodeIndex
                  + ", expected "
                  + k);
        }
        if (k < steps) {
          int end = k == steps - 1 && !tandem ? rows.get(rows.size() - 1) : -1;
          w.append(
              frames.step(k, r, e, language.getOrDefault(k, List.of()), end), frames.envState(r));
        }
      }
      w.end(
          meta.outcome(),
          tandem
              ? episodes.finalObservation(e, cameraColumns.keySet())
              : rows.isEmpty()
                  ? Optional.empty()
                  : Optional.of(frames.observation(rows.get(rows.size() - 1), e)));
      return steps;
    }
  }

  /** meta/episodes: one row per episode, from every file there, in order. */
  private static final class Episodes {
    long[] index;
    long[] length;
    long[] chunk;
    long[] file;
    String[] json;
    boolean[] hasFinal;
    float[][] finalState;
    long[] finalStamp;
    Map<String, byte[][]> finalImages = new LinkedHashMap<>();
    long[][] langStep;
    String[][] langText;
    String[][] langInterp;
    boolean[][] langUnderstood;
    long[][] langStamp;
    List<Path> files = new ArrayList<>();
    int[] fileOf;
    // videos/<feature>/chunk_index, file_index, from_timestamp, to_timestamp per episode
    Map<String, double[]> video = new LinkedHashMap<>();

    String file(int e) {
      return files.get(fileOf[e]).toString();
    }

    static Episodes read(Path dir) throws IOException {
      Path root = dir.resolve(EPISODES_DIR);
      List<Path> files;
      if (Files.isDirectory(root)) {
        try (var walk = Files.walk(root)) {
          files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
      } else {
        files = List.of();
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException(
            dir + ": not a LeRobot v3.0 dataset (no " + EPISODES_DIR + "/*/*.parquet)");
      }
      Episodes out = new Episodes();
      List<ParquetFile> parts = files.stream().map(ParquetFile::open).toList();
      out.files = files;
      int n = parts.stream().mapToInt(p -> (int) p.rows()).sum();
      out.fileOf = new int[n];
      out.index = new long[n];
      out.length = new long[n];
      out.chunk = new long[n];
      out.file = new long[n];
      boolean tandem = parts.stream().allMatch(p -> p.has(EPISODE_JSON));
      if (tandem) {
        out.json = new String[n];
        out.hasFinal = new boolean[n];
        out.finalState = new float[n][];
        out.finalStamp = new long[n];
        out.langStep = new long[n][];
        out.langText = new String[n][];
        out.langInterp = new String[n][];
        out.langUnderstood = new boolean[n][];
        out.langStamp = new long[n][];
      }
      int at = 0;
      for (int f = 0; f < parts.size(); f++) {
        ParquetFile p = parts.get(f);
        int rows = (int) p.rows();
        java.util.Arrays.fill(out.fileOf, at, at + rows, f);
        System.arraycopy(p.column(EPISODE_INDEX).longs(), 0, out.index, at, rows);
        System.arraycopy(p.column("length").longs(), 0, out.length, at, rows);
        System.arraycopy(p.column("data/chunk_index").longs(), 0, out.chunk, at, rows);
        System.arraycopy(p.column("data/file_index").longs(), 0, out.file, at, rows);
        for (String field : p.fields()) {
          if (field.startsWith("videos/")) {
            double[] v = out.video.computeIfAbsent(field, k -> new double[n]);
            if (field.endsWith("_index")) {
              long[] l = p.column(field).longs();
              for (int i = 0; i < rows; i++) {
                v[at + i] = l[i];
              }
            } else {
              System.arraycopy(p.column(field).doubles(), 0, v, at, rows);
            }
          }
        }
        if (tandem) {
          System.arraycopy(p.column(EPISODE_JSON).strings(), 0, out.json, at, rows);
          System.arraycopy(p.column(HAS_FINAL).booleans(), 0, out.hasFinal, at, rows);
          System.arraycopy(p.column(FINAL_STATE).floatLists(-1), 0, out.finalState, at, rows);
          System.arraycopy(p.column(FINAL_STAMP).longs(), 0, out.finalStamp, at, rows);
          for (String field : p.fields()) {
            if (field.startsWith(FINAL_IMAGE_PREFIX)) {
              String cam = field.substring(FINAL_IMAGE_PREFIX.length());
              byte[][] img = out.finalImages.computeIfAbsent(cam, k -> new byte[n][]);
              System.arraycopy(p.column(field).binaries(), 0, img, at, rows);
            }
          }
          System.arraycopy(p.column(LANGUAGE_STEP).longLists(), 0, out.langStep, at, rows);
          System.arraycopy(p.column(LANGUAGE_TEXT).stringLists(), 0, out.langText, at, rows);
          System.arraycopy(
              p.column(LANGUAGE_INTERPRETATION).stringLists(), 0, out.langInterp, at, rows);
          System.arraycopy(
              p.column(LANGUAGE_UNDERSTOOD).booleanLists(), 0, out.langUnderstood, at, rows);
          System.arraycopy(p.column(LANGUAGE_STAMP).longLists(), 0, out.langStamp, at, rows);
        }
        at += rows;
      }
      return out;
    }

    Map<Integer, List<LanguageEvent>> language(int e) {
      Map<Integer, List<LanguageEvent>> out = new LinkedHashMap<>();
      if (langStep == null) {
        return out;
      }
      for (int k = 0; k < langStep[e].length; k++) {
        out.computeIfAbsent((int) langStep[e][k], x -> new ArrayList<>())
            .add(
                new LanguageEvent(
                    langText[e][k], langInterp[e][k], langUnderstood[e][k], langStamp[e][k]));
      }
      return out;
    }

    Optional<Observation> finalObservation(int e, java.util.Set<String> cameras) {
      if (hasFinal == null || !hasFinal[e]) {
        return Optional.empty();
      }
      Map<String, ImageFrame> images = new LinkedHashMap<>();
      for (String cam : cameras) {
        byte[][] img = finalImages.get(cam);
        if (img == null) {
          throw new IllegalArgumentException(
              file(e) + ": field '" + FINAL_IMAGE_PREFIX + cam + "' is missing");
        }
        images.put(cam, decode(img[e], file(e), FINAL_IMAGE_PREFIX + cam));
      }
      return Optional.of(new Observation(finalState[e], images, finalStamp[e]));
    }
  }

  /** The columns of one data file. */
  private static final class Frames {
    final ParquetFile file;
    final Source src;
    final long[] episodeIndex;
    final long[] frameIndex;
    final float[][] state;
    final float[][] action;
    final Map<String, byte[][]> images = new LinkedHashMap<>();
    final float[] reward;
    final boolean[] done;
    final float[] timestamp;
    // Tandem's columns (null in other datasets)
    final float[][] proposed;
    final long[] source;
    final long[] intervention;
    final boolean[] terminated;
    final boolean[] truncated;
    final long[] stepStamp;
    final long[] obsStamp;
    final float[][] envState;
    private Map<Long, List<Integer>> rows;

    Frames(ParquetFile f, Source src) {
      this.file = f;
      this.src = src;
      int n = (int) f.rows();
      episodeIndex = f.column(EPISODE_INDEX).longs();
      frameIndex = f.column(FRAME_INDEX).longs();
      timestamp = f.has(TIMESTAMP) ? f.column(TIMESTAMP).floats() : new float[n];
      float[][][] parts = new float[src.stateColumns.size()][][];
      int width = 0;
      for (int i = 0; i < parts.length; i++) {
        String key = src.stateColumns.get(i);
        parts[i] =
            f.column(key).floatLists(vectorSize(src.infoFile, src.info.get("features"), key));
        width += parts[i].length == 0 ? 0 : parts[i][0].length;
      }
      state = concat(parts, n, width);
      action = f.column(src.actionColumn).floatLists(src.spec.environment().action().dim());
      for (Map.Entry<String, String> c : src.cameraColumns.entrySet()) {
        if (!src.videoColumns.containsKey(c.getKey())) {
          images.put(c.getKey(), f.column(c.getValue(), "bytes").binaries());
        }
      }
      reward = f.has(REWARD) ? f.column(REWARD).floats() : new float[n];
      done = f.has(DONE) ? f.column(DONE).booleans() : null;
      if (src.tandem) {
        int a = src.spec.environment().action().dim();
        proposed = f.column(PROPOSED_ACTION).floatLists(a);
        source = f.column(CONTROL_SOURCE).longs();
        intervention = f.column(INTERVENTION_ID).longs();
        terminated = f.column(TERMINATED).booleans();
        truncated = f.column(TRUNCATED).booleans();
        stepStamp = f.column(STEP_STAMP).longs();
        obsStamp = f.column(OBSERVATION_STAMP).longs();
        int e = src.spec.environmentStateSize();
        envState = e > 0 ? f.column(ENVIRONMENT_STATE).floatLists(e) : null;
      } else {
        proposed = null;
        source = intervention = stepStamp = obsStamp = null;
        terminated = truncated = null;
        envState = null;
      }
    }

    private static float[][] concat(float[][][] parts, int n, int width) {
      if (parts.length == 1) {
        return parts[0];
      }
      float[][] out = new float[n][width];
      for (int r = 0; r < n; r++) {
        int at = 0;
        for (float[][] p : parts) {
          System.arraycopy(p[r], 0, out[r], at, p[r].length);
          at += p[r].length;
        }
      }
      return out;
    }

    List<Integer> rowsOf(long episode) {
      if (rows == null) {
        rows = new LinkedHashMap<>();
        for (int r = 0; r < episodeIndex.length; r++) {
          rows.computeIfAbsent(episodeIndex[r], k -> new ArrayList<>()).add(r);
        }
      }
      return rows.getOrDefault(episode, List.of());
    }

    float[] envState(int r) {
      return envState == null ? null : envState[r];
    }

    /** Frame {@code r}'s observation; {@code e} is its episode (for its video frames). */
    Observation observation(int r, int e) {
      long stamp = src.tandem ? obsStamp[r] : Math.round(timestamp[r] * 1e9);
      return new Observation(state[r], images(r, e), stamp);
    }

    /**
     * Frame {@code r} as step {@code k}; {@code endRow} is the frame that ends the episode when
     * this is the last step of a dataset Tandem did not write (its {@code next.done} is this
     * step's), else -1.
     */
    Step step(int k, int r, int e, List<LanguageEvent> language, int endRow) {
      Observation o = observation(r, e);
      if (src.tandem) {
        ControlSource cs;
        try {
          cs = SourceCodes.source((int) source[r]);
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(
              file.file()
                  + ": field '"
                  + CONTROL_SOURCE
                  + "' in row "
                  + r
                  + ": "
                  + bad.getMessage());
        }
        return new Step(
            k,
            o,
            Action.of(proposed[r]),
            Action.of(action[r]),
            cs,
            (int) intervention[r],
            reward[r],
            terminated[r],
            truncated[r],
            language,
            stepStamp[r]);
      }
      boolean d = endRow >= 0 ? done == null || done[endRow] || done[r] : done != null && done[r];
      return new Step(
          k,
          o,
          Action.of(action[r]),
          Action.of(action[r]),
          ControlSource.SCRIPTED,
          Step.NO_INTERVENTION,
          reward[r],
          d,
          false,
          List.of(),
          o.stampNanos());
    }

    private Map<String, ImageFrame> images(int r, int e) {
      Map<String, ImageFrame> img = new LinkedHashMap<>();
      for (String cam : src.videoColumns.keySet()) {
        String what =
            "frame "
                + frameIndex[r]
                + " of episode "
                + episodeIndex[r]
                + " at "
                + timestamp[r]
                + " s";
        img.put(cam, src.videoFrame(cam, e, timestamp[r], what));
      }
      for (Map.Entry<String, byte[][]> c : images.entrySet()) {
        byte[] b = c.getValue()[r];
        if (b == null) {
          throw new IllegalArgumentException(
              file.file()
                  + ": field '"
                  + src.cameraColumns.get(c.getKey())
                  + "' has no image bytes in row "
                  + r
                  + " (images stored as file paths are not supported)");
        }
        ImageFrame frame = decode(b, file.file().toString(), src.cameraColumns.get(c.getKey()));
        List<Integer> want =
            src.spec.environment().feature(FeatureSpec.IMAGES_PREFIX + c.getKey()).shape();
        if (frame.height() != want.get(0) || frame.width() != want.get(1)) {
          throw new IllegalArgumentException(
              file.file()
                  + ": field '"
                  + src.cameraColumns.get(c.getKey())
                  + "' holds a "
                  + frame.height()
                  + "x"
                  + frame.width()
                  + " image in row "
                  + r
                  + ", info.json says "
                  + want);
        }
        img.put(c.getKey(), frame);
      }
      return img;
    }
  }

  private static ImageFrame decode(byte[] bytes, String file, String field) {
    try {
      return Png.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": field '" + field + "': " + e.getMessage(), e);
    }
  }

  private static JsonNode feature(Path infoFile, JsonNode features, String key) {
    JsonNode f = features.get(key);
    if (f == null) {
      List<String> names = new ArrayList<>();
      features.fieldNames().forEachRemaining(names::add);
      throw new IllegalArgumentException(
          infoFile + ": feature '" + key + "' is missing (features: " + names + ")");
    }
    return f;
  }

  static int vectorSize(Path infoFile, JsonNode features, String key) {
    JsonNode f = feature(infoFile, features, key);
    String dtype = f.path("dtype").asText();
    if (!dtype.startsWith("float") && !dtype.startsWith("int")) {
      throw new IllegalArgumentException(
          infoFile + ": feature '" + key + "' has dtype '" + dtype + "', expected a number vector");
    }
    JsonNode shape = f.path("shape");
    if (!shape.isArray() || shape.size() != 1 || !shape.get(0).canConvertToInt()) {
      throw new IllegalArgumentException(
          infoFile + ": feature '" + key + "' has shape " + shape + ", expected [n]");
    }
    return shape.get(0).asInt();
  }

  static List<Integer> imageShape(Path infoFile, JsonNode features, String key) {
    JsonNode f = feature(infoFile, features, key);
    String dtype = f.path("dtype").asText();
    if (!dtype.equals("image") && !dtype.equals("video")) {
      throw new IllegalArgumentException(
          infoFile + ": feature '" + key + "' has dtype '" + dtype + "', expected image or video");
    }
    JsonNode shape = f.path("shape");
    List<Integer> s = new ArrayList<>();
    shape.forEach(x -> s.add(x.asInt()));
    // LeRobot image shapes are [H, W, C]; some datasets write [C, H, W].
    if (s.size() == 3 && s.get(0) == 3 && s.get(2) != 3) {
      return List.of(s.get(1), s.get(2), 3);
    }
    if (s.size() != 3 || s.get(2) != 3) {
      throw new IllegalArgumentException(
          infoFile
              + ": feature '"
              + key
              + "' has shape "
              + shape
              + ", expected [height, width, 3]");
    }
    return List.copyOf(s);
  }

  /** Action bounds: the mapping's, else stats.json's min and max, else a clear error. */
  private static double[][] actionBounds(Path dir, ImportMapping m, int actionSize)
      throws IOException {
    if (m.actionLow() != null) {
      return new double[][] {null, null};
    }
    Path stats = dir.resolve(STATS);
    if (Files.isRegularFile(stats)) {
      JsonNode a = JSON.readTree(stats.toFile()).path(m.action());
      if (a.path("min").size() == actionSize && a.path("max").size() == actionSize) {
        double[] lo = new double[actionSize];
        double[] hi = new double[actionSize];
        for (int i = 0; i < actionSize; i++) {
          lo[i] = a.path("min").get(i).asDouble();
          hi[i] = a.path("max").get(i).asDouble();
        }
        return new double[][] {lo, hi};
      }
    }
    throw new IllegalArgumentException(
        dir
            + ": "
            + STATS
            + " has no min/max of '"
            + m.action()
            + "'; give actionLow and actionHigh in the mapping");
  }
}
