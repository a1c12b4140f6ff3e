package dev.tandem.interop.lerobot;

import static dev.tandem.interop.lerobot.LeRobotFormat.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.DatasetSpecJson;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.ProgressListener;
import dev.tandem.core.store.SourceCodes;
import dev.tandem.core.store.StepLabeller;
import dev.tandem.interop.EpisodeJson;
import dev.tandem.interop.Ffmpeg;
import dev.tandem.interop.Png;
import dev.tandem.interop.parquet.ParquetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Exports episodes as a LeRobot dataset v3.0 directory (see {@link LeRobotFormat}): one frame per
 * recorded step with {@code observation.state}, {@code observation.images.<camera>} (PNG in an
 * {@code image} struct), {@code action} (the applied action), {@code next.reward}, {@code
 * next.done} and LeRobot's index columns, plus Tandem's columns: the proposed action, control
 * source, intervention id, the intervention label (robomimic's {@code intv_labels} values, from the
 * labeller training uses), terminated and truncated, step and observation times and the environment
 * state when recorded. Per episode ({@code meta/episodes}): LeRobot's columns and per-episode
 * stats, Tandem's metadata and outcome, the final observation and the language corrections (step,
 * text, interpretation, understood, time). {@code info.json} carries the dataset spec under {@code
 * tandem}, so an import restores it exactly.
 *
 * <p>Everything is written into {@code <out>.partial} and moved to {@code out} at the end; a
 * failure removes the partial directory. {@code out} must not exist.
 */
public final class LeRobotExporter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to export: episode ids (empty: every readable one), the labeller of {@code
   * tandem.intv_label}, whether camera frames are exported, the task text (empty: the dataset's
   * description, else its environment name), and the raw bytes after which a new data file starts.
   */
  public record Options(
      List<Long> episodeIds,
      StepLabeller labeller,
      boolean includeImages,
      String task,
      long dataFileBytes,
      Video video) {
    public Options {
      episodeIds = List.copyOf(episodeIds);
      Objects.requireNonNull(labeller, "labeller");
      task = task == null ? "" : task;
      if (dataFileBytes <= 0) {
        throw new IllegalArgumentException(
            "dataFileBytes must be positive, found " + dataFileBytes);
      }
    }

    public static Options defaults() {
      return new Options(
          List.of(), StepLabeller.BY_SOURCE, true, "", DATA_FILES_SIZE_MB * 1024L * 1024L, null);
    }

    public Options withLabeller(StepLabeller l) {
      return new Options(episodeIds, l, includeImages, task, dataFileBytes, video);
    }

    public Options withEpisodeIds(List<Long> ids) {
      return new Options(ids, labeller, includeImages, task, dataFileBytes, video);
    }

    public Options withoutImages() {
      return new Options(episodeIds, labeller, false, task, dataFileBytes, video);
    }

    public Options withTask(String text) {
      return new Options(episodeIds, labeller, includeImages, text, dataFileBytes, video);
    }

    public Options withDataFileBytes(long bytes) {
      return new Options(episodeIds, labeller, includeImages, task, bytes, video);
    }

    /** Camera frames as {@code video} features (MP4 through ffmpeg) instead of PNG images. */
    public Options withVideo(Video v) {
      return new Options(episodeIds, labeller, includeImages, task, dataFileBytes, v);
    }
  }

  /**
   * Camera frames as MP4 files, LeRobot's {@code video} features: encoded by {@code ffmpeg} with
   * the encoder {@code codec} (null: per camera, {@link Ffmpeg#codecFor}), lossy (frames come back
   * close, not bit for bit), a new file once one passes {@code fileBytes}.
   */
  public record Video(Ffmpeg ffmpeg, String codec, long fileBytes) {
    public Video {
      Objects.requireNonNull(ffmpeg, "ffmpeg");
      if (fileBytes <= 0) {
        throw new IllegalArgumentException("fileBytes must be positive, found " + fileBytes);
      }
    }

    /** This ffmpeg, choosing the codec per camera (LeRobot's SVT-AV1 where it can). */
    public static Video of(Ffmpeg ffmpeg) {
      ffmpeg.version(); // a one-line error when it cannot be run
      return new Video(ffmpeg, null, VIDEO_FILES_SIZE_MB * 1024L * 1024L);
    }

    public Video withCodec(String c) {
      if (!ffmpeg.hasEncoder(c)) {
        throw new IllegalArgumentException(
            "video codec '" + c + "': " + ffmpeg.executable() + " has no such encoder");
      }
      return new Video(ffmpeg, c, fileBytes);
    }

    public Video withFileBytes(long bytes) {
      return new Video(ffmpeg, codec, bytes);
    }
  }

  /**
   * What was written: episodes, frames, data files, video files (0 without video), and the features
   * in {@code info.json}.
   */
  public record Report(
      Path directory,
      int episodes,
      long frames,
      int dataFiles,
      int videoFiles,
      List<String> features) {
    public Report {
      features = List.copyOf(features);
    }
  }

  private LeRobotExporter() {}

  public static Report export(
      EpisodeStore store, Path out, Options options, ProgressListener progress) throws IOException {
    List<Long> ids =
        options.episodeIds().isEmpty() ? store.readableEpisodeIds() : options.episodeIds();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(store.directory() + ": no readable episodes to export");
    }
    Path tmp = prepare(out);
    Writer w = null;
    try {
      w = new Writer(store, tmp, out, options, ids, progress);
      Report r = w.run();
      Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return r;
    } catch (Throwable t) {
      if (w != null) {
        w.abortVideo();
      }
      deleteTree(tmp);
      throw t;
    }
  }

  /** Refuses an existing target or a missing parent; returns the fresh partial directory. */
  static Path prepare(Path out) throws IOException {
    if (Files.exists(out)) {
      throw new java.nio.file.FileAlreadyExistsException(
          out.toString(), null, "already exists; export into a new directory");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new java.nio.file.NoSuchFileException(
          out.toString(), null, "the directory " + parent + " does not exist");
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".partial");
    deleteTree(tmp);
    Files.createDirectories(tmp);
    return tmp;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Running min, max, mean, std over rows of a fixed width. */
  static final class Stats {
    final double[] min;
    final double[] max;
    final double[] sum;
    final double[] sumSq;
    long count;

    Stats(int width) {
      min = new double[width];
      max = new double[width];
      sum = new double[width];
      sumSq = new double[width];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(int k, double v) {
      min[k] = Math.min(min[k], v);
      max[k] = Math.max(max[k], v);
      sum[k] += v;
      sumSq[k] += v * v;
    }

    void add(float[] row) {
      for (int k = 0; k < row.length; k++) {
        add(k, row[k]);
      }
      count++;
    }

    void add(double v) {
      add(0, v);
      count++;
    }

    double[] mean() {
      double[] m = new double[sum.length];
      for (int k = 0; k < m.length; k++) {
        m[k] = count == 0 ? 0 : sum[k] / count;
      }
      return m;
    }

    double[] std() {
      double[] m = mean();
      double[] s = new double[sum.length];
      for (int k = 0; k < s.length; k++) {
        s[k] = count == 0 ? 0 : Math.sqrt(Math.max(0, sumSq[k] / count - m[k] * m[k]));
      }
      return s;
    }

    void merge(Stats o) {
      for (int k = 0; k < min.length; k++) {
        min[k] = Math.min(min[k], o.min[k]);
        max[k] = Math.max(max[k], o.max[k]);
        sum[k] += o.sum[k];
        sumSq[k] += o.sumSq[k];
      }
      count += o.count;
    }

    ObjectNode json(boolean image) {
      ObjectNode n = JSON.createObjectNode();
      put(n, "min", min, image);
      put(n, "max", max, image);
      put(n, "mean", mean(), image);
      put(n, "std", std(), image);
      n.putArray("count").add(count);
      return n;
    }

    private static void put(ObjectNode n, String key, double[] v, boolean image) {
      ArrayNode a = n.putArray(key);
      for (double d : v) {
        if (image) {
          a.addArray().addArray().add(d); // LeRobot keeps image stats as [C, 1, 1]
        } else {
          a.add(d);
        }
      }
    }
  }

  /** One export run. */
  private static final class Writer {
    private final EpisodeStore store;
    private final Path root;
    private final Path out;
    private final Options options;
    private final List<Long> ids;
    private final ProgressListener progress;
    private final DatasetSpec spec;
    private final List<String> cameras;
    private final int stateSize;
    private final int actionSize;
    private final int envStateSize;
    private final double fps;
    private final String task;
    private final Map<String, Stats> totals = new LinkedHashMap<>();

    // the data file being filled
    private final List<Frame> frames = new ArrayList<>();
    private long bufferedBytes;
    private int chunk;
    private int file;
    private int files;

    // one row per episode
    private final List<EpisodeRow> episodes = new ArrayList<>();

    // video: per camera, the file being encoded, its index (chunk = index / CHUNKS_SIZE) and frames
    private final Video video;
    private final Ffmpeg.Encoder[] encoders;
    private final Ffmpeg.Codec[] codecs;
    private final int[] videoFile;
    private final long[] videoFrames;
    private int videoFiles;

    Writer(
        EpisodeStore store,
        Path root,
        Path out,
        Options options,
        List<Long> ids,
        ProgressListener progress) {
      this.store = store;
      this.root = root;
      this.out = out;
      this.options = options;
      this.ids = ids;
      this.progress = progress;
      this.spec = store.spec();
      this.cameras =
          options.includeImages() && spec.recordImages() ? spec.environment().cameras() : List.of();
      this.stateSize = spec.environment().stateSize();
      this.actionSize = spec.environment().action().dim();
      this.envStateSize = spec.environmentStateSize();
      this.fps = spec.environment().controlRateHz();
      this.video = cameras.isEmpty() ? null : options.video();
      this.encoders = new Ffmpeg.Encoder[cameras.size()];
      this.codecs = new Ffmpeg.Codec[cameras.size()];
      this.videoFile = new int[cameras.size()];
      this.videoFrames = new long[cameras.size()];
      for (int c = 0; c < cameras.size() && video != null; c++) {
        String cam = cameras.get(c);
        List<Integer> shape = spec.environment().feature(FeatureSpec.IMAGES_PREFIX + cam).shape();
        if (shape.size() != 3 || shape.get(2) != 3) {
          throw new IllegalArgumentException(
              "camera '"
                  + cam
                  + "' has shape "
                  + shape
                  + "; video features take RGB frames [height, width, 3] (export it as PNG"
                  + " images instead)");
        }
        codecs[c] = video.ffmpeg().codecFor(video.codec(), shape.get(1), shape.get(0));
      }
      this.task =
          !options.task().isBlank()
              ? options.task()
              : !spec.description().isBlank() ? spec.description() : spec.environment().name();
    }

    /** A frame: one step with its derived columns. */
    private record Frame(
        Step step,
        int episodeIndex,
        int frameIndex,
        long index,
        SampleClass label,
        float[] env,
        byte[][] png) {}

    /** What an episode's row needs, kept instead of the episode (its steps are not held). */
    private record EpisodeRow(
        int episodeIndex,
        int length,
        String json,
        java.util.Optional<Observation> finalObservation,
        List<Step> languageSteps,
        int chunk,
        int file,
        long from,
        long to,
        Map<String, Stats> stats,
        byte[][] finalPng,
        VideoSpan[] video) {}

    /** Where an episode's frames of one camera are: file index and first and end frame in it. */
    private record VideoSpan(int file, long from, long to) {}

    Report run() throws IOException {
      long total = 0;
      for (long id : ids) {
        total +=
            store
                .episode(id)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no episode " + id + " in " + store.directory()))
                .steps();
      }
      progress.onProgress(0, total);
      long index = 0;
      long done = 0;
      for (int e = 0; e < ids.size(); e++) {
        Episode ep = store.readEpisode(ids.get(e));
        float[][] env = envStateSize > 0 ? store.readEnvironmentStates(ep.id()) : null;
        Function<Step, SampleClass> labeller = options.labeller().forEpisode(ep);
        Map<String, Stats> stats = new LinkedHashMap<>();
        long from = index;
        long[] videoFrom = videoFrames.clone();
        for (int k = 0; k < ep.length(); k++) {
          Step s = ep.steps().get(k);
          SampleClass c = labeller.apply(s);
          if (c == null) {
            throw new IllegalArgumentException(
                "labeller gave no class to step " + k + " of episode " + ep.id());
          }
          byte[][] png = new byte[cameras.size()][];
          for (int i = 0; i < cameras.size(); i++) {
            if (video != null) {
              encode(i, s.observation().image(cameras.get(i)));
            } else {
              png[i] = Png.encode(s.observation().image(cameras.get(i)));
              bufferedBytes += png[i].length;
            }
          }
          Frame f = new Frame(s, e, k, index++, c, env == null ? null : env[k], png);
          frames.add(f);
          bufferedBytes += 4L * (2 * stateSize + 2 * actionSize + envStateSize) + 64;
          addStats(stats, f);
        }
        byte[][] finalPng = new byte[cameras.size()][];
        if (ep.finalObservation().isPresent()) {
          for (int i = 0; i < cameras.size(); i++) {
            finalPng[i] = Png.encode(ep.finalObservation().get().image(cameras.get(i)));
          }
        }
        episodes.add(
            new EpisodeRow(
                e,
                ep.length(),
                EpisodeJson.write(ep.id(), ep.meta(), ep.outcome()),
                ep.finalObservation()
                    .map(o -> new Observation(o.state(), java.util.Map.of(), o.stampNanos())),
                ep.steps().stream().filter(s -> !s.language().isEmpty()).toList(),
                chunk,
                file,
                from,
                index,
                stats,
                finalPng,
                videoSpans(videoFrom)));
        stats.forEach((k, v) -> totals.computeIfAbsent(k, x -> new Stats(v.min.length)).merge(v));
        if (bufferedBytes >= options.dataFileBytes()) {
          flushData();
        }
        done += ep.length();
        progress.onProgress(done, total);
      }
      if (!frames.isEmpty()) {
        flushData();
      }
      for (int c = 0; c < cameras.size(); c++) {
        closeVideo(c);
      }
      writeEpisodes();
      writeTasks();
      writeStats();
      List<String> features = writeInfo(index);
      progress.onProgress(total, total);
      return new Report(out, episodes.size(), index, files, videoFiles, features);
    }

    /** Camera {@code c}'s frame into its video file (a new file is started when needed). */
    private void encode(int c, ImageFrame frame) throws IOException {
      if (encoders[c] == null) {
        Path mp4 = videoPath(c, videoFile[c]);
        Files.createDirectories(mp4.getParent());
        encoders[c] = video.ffmpeg().encoder(mp4, frame.width(), frame.height(), fps, codecs[c]);
        videoFrames[c] = 0;
      }
      encoders[c].write(frame.pixels());
      videoFrames[c]++;
    }

    private Path videoPath(int c, int fileIndex) {
      return root.resolve(
          LeRobotFormat.path(VIDEO_PATH, fileIndex / CHUNKS_SIZE, fileIndex % CHUNKS_SIZE)
              .replace("{video_key}", FeatureSpec.IMAGES_PREFIX + cameras.get(c)));
    }

    /**
     * The spans of the episode just written (it started at {@code from} frames into each file); a
     * file past its size is finished here, so episodes never straddle two files.
     */
    private VideoSpan[] videoSpans(long[] from) throws IOException {
      if (video == null) {
        return new VideoSpan[0];
      }
      VideoSpan[] spans = new VideoSpan[cameras.size()];
      for (int c = 0; c < cameras.size(); c++) {
        spans[c] = new VideoSpan(videoFile[c], from[c], videoFrames[c]);
        if (encoders[c] != null && encoders[c].bytesSoFar() >= video.fileBytes()) {
          closeVideo(c);
          videoFile[c]++;
          videoFrames[c] = 0;
        }
      }
      return spans;
    }

    /** Finishes camera {@code c}'s open file and checks ffprobe counts the frames written. */
    private void closeVideo(int c) throws IOException {
      Ffmpeg.Encoder e = encoders[c];
      if (e == null) {
        return;
      }
      encoders[c] = null;
      e.close();
      videoFiles++;
      Path mp4 = videoPath(c, videoFile[c]);
      Ffmpeg.Probe p = video.ffmpeg().probe(mp4);
      if (p.frames() != e.frames()) {
        throw new IOException(
            mp4 + ": ffmpeg wrote " + p.frames() + " frames, " + e.frames() + " were sent");
      }
    }

    void abortVideo() {
      for (Ffmpeg.Encoder e : encoders) {
        if (e != null) {
          e.abort();
        }
      }
    }

    private void addStats(Map<String, Stats> stats, Frame f) {
      Step s = f.step();
      stats
          .computeIfAbsent(FeatureSpec.STATE, k -> new Stats(stateSize))
          .add(s.observation().state());
      stats
          .computeIfAbsent(FeatureSpec.ACTION, k -> new Stats(actionSize))
          .add(s.applied().values());
      stats.computeIfAbsent(PROPOSED_ACTION, k -> new Stats(actionSize)).add(s.proposed().values());
      if (f.env() != null) {
        stats.computeIfAbsent(ENVIRONMENT_STATE, k -> new Stats(envStateSize)).add(f.env());
      }
      for (String cam : cameras) {
        Stats st = stats.computeIfAbsent(FeatureSpec.IMAGES_PREFIX + cam, k -> new Stats(3));
        byte[] px = s.observation().image(cam).pixels();
        for (int c = 0; c < 3; c++) {
          double sum = 0;
          double sq = 0;
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          int n = 0;
          for (int i = c; i < px.length; i += 3) {
            double v = (px[i] & 0xff) / 255.0;
            sum += v;
            sq += v * v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            n++;
          }
          st.min[c] = Math.min(st.min[c], lo);
          st.max[c] = Math.max(st.max[c], hi);
          st.sum[c] += sum / n;
          st.sumSq[c] += sq / n;
        }
        st.count++;
      }
      scalar(stats, TIMESTAMP, f.frameIndex() / fps);
      scalar(stats, FRAME_INDEX, f.frameIndex());
      scalar(stats, EPISODE_INDEX, f.episodeIndex());
      scalar(stats, INDEX, f.index());
      scalar(stats, TASK_INDEX, 0);
      scalar(stats, REWARD, s.reward());
      scalar(stats, DONE, s.done() ? 1 : 0);
      scalar(stats, CONTROL_SOURCE, SourceCodes.code(s.source()));
      scalar(stats, INTERVENTION_ID, s.interventionId());
      scalar(stats, INTV_LABEL, f.label().robomimicLabel());
    }

    private static void scalar(Map<String, Stats> stats, String key, double v) {
      stats.computeIfAbsent(key, k -> new Stats(1)).add(v);
    }

    private void flushData() throws IOException {
      int n = frames.size();
      float[][] state = new float[n][];
      float[][] action = new float[n][];
      float[][] proposed = new float[n][];
      float[][] env = new float[n][];
      byte[][][] png = new byte[cameras.size()][n][];
      float[] timestamp = new float[n];
      long[] frameIndex = new long[n];
      long[] episodeIndex = new long[n];
      long[] index = new long[n];
      long[] taskIndex = new long[n];
      float[] reward = new float[n];
      boolean[] done = new boolean[n];
      long[] source = new long[n];
      long[] intervention = new long[n];
      long[] label = new long[n];
      boolean[] terminated = new boolean[n];
      boolean[] truncated = new boolean[n];
      long[] stepStamp = new long[n];
      long[] obsStamp = new long[n];
      for (int i = 0; i < n; i++) {
        Frame f = frames.get(i);
        Step s = f.step();
        Observation o = s.observation();
        state[i] = o.state();
        action[i] = s.applied().values();
        proposed[i] = s.proposed().values();
        env[i] = f.env();
        for (int c = 0; c < cameras.size(); c++) {
          png[c][i] = f.png()[c];
        }
        timestamp[i] = (float) (f.frameIndex() / fps);
        frameIndex[i] = f.frameIndex();
        episodeIndex[i] = f.episodeIndex();
        index[i] = f.index();
        reward[i] = s.reward();
        done[i] = s.done();
        source[i] = SourceCodes.code(s.source());
        intervention[i] = s.interventionId();
        label[i] = f.label().robomimicLabel();
        terminated[i] = s.terminated();
        truncated[i] = s.truncated();
        stepStamp[i] = s.stampNanos();
        obsStamp[i] = o.stampNanos();
      }
      ParquetWriter w = ParquetWriter.snappy(n).float32Lists(FeatureSpec.STATE, state);
      for (int c = 0; c < cameras.size() && video == null; c++) {
        w.image(FeatureSpec.IMAGES_PREFIX + cameras.get(c), png[c]);
      }
      w.float32Lists(FeatureSpec.ACTION, action)
          .float32(REWARD, reward)
          .bool(DONE, done)
          .float32Lists(PROPOSED_ACTION, proposed)
          .int64(CONTROL_SOURCE, source)
          .int64(INTERVENTION_ID, intervention)
          .int64(INTV_LABEL, label)
          .bool(TERMINATED, terminated)
          .bool(TRUNCATED, truncated)
          .int64(STEP_STAMP, stepStamp)
          .int64(OBSERVATION_STAMP, obsStamp);
      if (envStateSize > 0) {
        w.float32Lists(ENVIRONMENT_STATE, env);
      }
      w.float32(TIMESTAMP, timestamp)
          .int64(FRAME_INDEX, frameIndex)
          .int64(EPISODE_INDEX, episodeIndex)
          .int64(INDEX, index)
          .int64(TASK_INDEX, taskIndex);
      Path f = LeRobotFormat.dataFile(root, chunk, file);
      Files.createDirectories(f.getParent());
      w.write(f);
      files++;
      frames.clear();
      bufferedBytes = 0;
      file++;
      if (file == CHUNKS_SIZE) {
        file = 0;
        chunk++;
      }
    }

    private void writeEpisodes() throws IOException {
      int n = episodes.size();
      long[] episodeIndex = new long[n];
      String[][] tasks = new String[n][];
      long[] length = new long[n];
      long[] dataChunk = new long[n];
      long[] dataFile = new long[n];
      long[] from = new long[n];
      long[] to = new long[n];
      long[] zeros = new long[n];
      String[] meta = new String[n];
      boolean[] hasFinal = new boolean[n];
      float[][] finalState = new float[n][];
      long[] finalStamp = new long[n];
      byte[][][] finalPng = new byte[cameras.size()][n][];
      long[][] langStep = new long[n][];
      String[][] langText = new String[n][];
      String[][] langInterp = new String[n][];
      boolean[][] langUnderstood = new boolean[n][];
      long[][] langStamp = new long[n][];
      for (int i = 0; i < n; i++) {
        EpisodeRow r = episodes.get(i);
        episodeIndex[i] = r.episodeIndex();
        tasks[i] = new String[] {task};
        length[i] = r.length();
        dataChunk[i] = r.chunk();
        dataFile[i] = r.file();
        from[i] = r.from();
        to[i] = r.to();
        meta[i] = r.json();
        hasFinal[i] = r.finalObservation().isPresent();
        finalState[i] = r.finalObservation().map(Observation::state).orElse(new float[0]);
        finalStamp[i] = r.finalObservation().map(Observation::stampNanos).orElse(0L);
        for (int c = 0; c < cameras.size(); c++) {
          finalPng[c][i] = hasFinal[i] ? r.finalPng()[c] : new byte[0];
        }
        List<Long> st = new ArrayList<>();
        List<LanguageEvent> events = new ArrayList<>();
        for (Step s : r.languageSteps()) {
          for (LanguageEvent le : s.language()) {
            st.add((long) s.index());
            events.add(le);
          }
        }
        langStep[i] = st.stream().mapToLong(Long::longValue).toArray();
        langText[i] = events.stream().map(LanguageEvent::text).toArray(String[]::new);
        langInterp[i] = events.stream().map(LanguageEvent::interpretation).toArray(String[]::new);
        langUnderstood[i] = new boolean[events.size()];
        langStamp[i] = new long[events.size()];
        for (int k = 0; k < events.size(); k++) {
          langUnderstood[i][k] = events.get(k).understood();
          langStamp[i][k] = events.get(k).stampNanos();
        }
      }
      ParquetWriter w =
          ParquetWriter.snappy(n)
              .int64(EPISODE_INDEX, episodeIndex)
              .stringLists("tasks", tasks)
              .int64("length", length)
              .int64("data/chunk_index", dataChunk)
              .int64("data/file_index", dataFile)
              .int64("dataset_from_index", from)
              .int64("dataset_to_index", to)
              .int64("meta/episodes/chunk_index", zeros)
              .int64("meta/episodes/file_index", zeros);
      for (int c = 0; c < cameras.size() && video != null; c++) {
        long[] vChunk = new long[n];
        long[] vFile = new long[n];
        double[] vFrom = new double[n];
        double[] vTo = new double[n];
        for (int i = 0; i < n; i++) {
          VideoSpan v = episodes.get(i).video()[c];
          vChunk[i] = v.file() / CHUNKS_SIZE;
          vFile[i] = v.file() % CHUNKS_SIZE;
          vFrom[i] = v.from() / fps;
          vTo[i] = v.to() / fps;
        }
        String key = "videos/" + FeatureSpec.IMAGES_PREFIX + cameras.get(c) + "/";
        w.int64(key + "chunk_index", vChunk)
            .int64(key + "file_index", vFile)
            .float64(key + "from_timestamp", vFrom)
            .float64(key + "to_timestamp", vTo);
      }
      for (String key : totals.keySet()) {
        if (key.startsWith(FeatureSpec.IMAGES_PREFIX)) {
          continue; // image stats ([C,1,1]) are in stats.json only
        }
        double[][] min = new double[n][];
        double[][] max = new double[n][];
        double[][] mean = new double[n][];
        double[][] std = new double[n][];
        long[][] count = new long[n][];
        for (int i = 0; i < n; i++) {
          Stats s = episodes.get(i).stats().get(key);
          if (s == null) {
            s = new Stats(totals.get(key).min.length);
          }
          min[i] = s.count == 0 ? new double[0] : s.min;
          max[i] = s.count == 0 ? new double[0] : s.max;
          mean[i] = s.mean();
          std[i] = s.std();
          count[i] = new long[] {s.count};
        }
        w.float64Lists("stats/" + key + "/min", min)
            .float64Lists("stats/" + key + "/max", max)
            .float64Lists("stats/" + key + "/mean", mean)
            .float64Lists("stats/" + key + "/std", std)
            .int64Lists("stats/" + key + "/count", count);
      }
      w.string(EPISODE_JSON, meta)
          .bool(HAS_FINAL, hasFinal)
          .float32Lists(FINAL_STATE, finalState)
          .int64(FINAL_STAMP, finalStamp);
      for (int c = 0; c < cameras.size(); c++) {
        w.binary(FINAL_IMAGE_PREFIX + cameras.get(c), finalPng[c]);
      }
      w.int64Lists(LANGUAGE_STEP, langStep)
          .stringLists(LANGUAGE_TEXT, langText)
          .stringLists(LANGUAGE_INTERPRETATION, langInterp)
          .boolLists(LANGUAGE_UNDERSTOOD, langUnderstood)
          .int64Lists(LANGUAGE_STAMP, langStamp);
      Path f = root.resolve(LeRobotFormat.path(EPISODES_PATH, 0, 0));
      Files.createDirectories(f.getParent());
      w.write(f);
    }

    private void writeTasks() throws IOException {
      Path f = root.resolve(TASKS);
      Files.createDirectories(f.getParent());
      ParquetWriter.snappy(1)
          .int64(TASK_INDEX, new long[] {0})
          .string("task", new String[] {task})
          .write(f);
    }

    private void writeStats() throws IOException {
      ObjectNode n = JSON.createObjectNode();
      totals.forEach((k, v) -> n.set(k, v.json(k.startsWith(FeatureSpec.IMAGES_PREFIX))));
      Files.writeString(root.resolve(STATS), JSON.writeValueAsString(n));
    }

    private List<String> writeInfo(long totalFrames) throws IOException {
      ObjectNode info = JSON.createObjectNode();
      info.put("codebase_version", CODEBASE_VERSION);
      info.put("robot_type", spec.environment().robot().name());
      info.put("total_episodes", episodes.size());
      info.put("total_frames", totalFrames);
      info.put("total_tasks", 1);
      info.put("chunks_size", CHUNKS_SIZE);
      info.put("data_files_size_in_mb", DATA_FILES_SIZE_MB);
      info.put("video_files_size_in_mb", VIDEO_FILES_SIZE_MB);
      if (fps == Math.rint(fps)) {
        info.put("fps", (long) fps);
      } else {
        info.put("fps", fps);
      }
      info.putObject("splits").put("train", "0:" + episodes.size());
      info.put("data_path", DATA_PATH);
      if (video != null) {
        info.put("video_path", VIDEO_PATH);
      } else {
        info.putNull("video_path");
      }
      ObjectNode features = info.putObject("features");
      FeatureSpec state = spec.environment().feature(FeatureSpec.STATE);
      vector(features, FeatureSpec.STATE, "float32", stateSize, state.names());
      for (int c = 0; c < cameras.size(); c++) {
        FeatureSpec img = spec.environment().feature(FeatureSpec.IMAGES_PREFIX + cameras.get(c));
        ObjectNode f = features.putObject(img.key());
        f.put("dtype", video != null ? "video" : "image");
        ArrayNode shape = f.putArray("shape");
        img.shape().forEach(shape::add);
        f.putArray("names").add("height").add("width").add("channels");
        if (video != null) {
          ObjectNode vi = f.putObject("info");
          vi.put("video.height", img.shape().get(0));
          vi.put("video.width", img.shape().get(1));
          vi.put("video.codec", codecName(codecs[c].encoder()));
          vi.put("video.pix_fmt", codecs[c].pixelFormat());
          vi.put("video.is_depth_map", false);
          if (fps == Math.rint(fps)) {
            vi.put("video.fps", (long) fps);
          } else {
            vi.put("video.fps", fps);
          }
          vi.put("video.channels", 3);
          vi.put("has_audio", false);
        }
      }
      List<String> actionNames = spec.environment().action().names();
      vector(features, FeatureSpec.ACTION, "float32", actionSize, actionNames);
      vector(features, REWARD, "float32", 1, List.of());
      vector(features, DONE, "bool", 1, List.of());
      vector(features, PROPOSED_ACTION, "float32", actionSize, actionNames);
      vector(features, CONTROL_SOURCE, "int64", 1, List.of());
      vector(features, INTERVENTION_ID, "int64", 1, List.of());
      vector(features, INTV_LABEL, "int64", 1, List.of());
      vector(features, TERMINATED, "bool", 1, List.of());
      vector(features, TRUNCATED, "bool", 1, List.of());
      vector(features, STEP_STAMP, "int64", 1, List.of());
      vector(features, OBSERVATION_STAMP, "int64", 1, List.of());
      if (envStateSize > 0) {
        vector(features, ENVIRONMENT_STATE, "float32", envStateSize, List.of());
      }
      vector(features, TIMESTAMP, "float32", 1, List.of());
      vector(features, FRAME_INDEX, "int64", 1, List.of());
      vector(features, EPISODE_INDEX, "int64", 1, List.of());
      vector(features, INDEX, "int64", 1, List.of());
      vector(features, TASK_INDEX, "int64", 1, List.of());
      ObjectNode tandem = info.putObject("tandem");
      tandem.put("format", "tandem-lerobot");
      tandem.put("version", 1);
      tandem.put("control_source_codes", SourceCodes.legend());
      tandem.put("intv_label_values", "demo -1, robot 0, intervention 1, pre-intervention -10");
      tandem.put("images_exported", !cameras.isEmpty());
      if (video != null) {
        ObjectNode enc = tandem.putObject("video_encoders");
        for (int c = 0; c < cameras.size(); c++) {
          enc.put(FeatureSpec.IMAGES_PREFIX + cameras.get(c), codecs[c].encoder());
        }
      }
      tandem.set("dataset", JSON.readTree(DatasetSpecJson.write(spec)));
      Files.writeString(root.resolve(INFO), JSON.writeValueAsString(info));
      List<String> names = new ArrayList<>();
      features.fieldNames().forEachRemaining(names::add);
      return names;
    }

    /** The codec's name as LeRobot's info.json gives it (ffprobe's codec_name). */
    private static String codecName(String encoder) {
      return switch (encoder) {
        case Ffmpeg.AV1, "libaom-av1", "librav1e" -> "av1";
        case Ffmpeg.H264, "h264_nvenc" -> "h264";
        case "libx265", "hevc_nvenc" -> "hevc";
        default -> encoder;
      };
    }

    private static void vector(
        ObjectNode features, String key, String dtype, int size, List<String> names) {
      ObjectNode f = features.putObject(key);
      f.put("dtype", dtype);
      f.putArray("shape").add(size);
      if (names.size() == size && size > 1) {
        ArrayNode a = f.putArray("names");
        names.forEach(a::add);
      } else {
        f.putNull("names");
      }
    }
  }
}
