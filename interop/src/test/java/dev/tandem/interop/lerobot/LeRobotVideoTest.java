package dev.tandem.interop.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeWriter;
import dev.tandem.core.store.ProgressListener;
import dev.tandem.interop.Ffmpeg;
import dev.tandem.interop.InteropFixtures;
import dev.tandem.interop.parquet.ParquetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeRobot {@code video} features through Debian's ffmpeg: the export's layout (MP4 per camera,
 * {@code videos/<key>/...} columns per episode, {@code info.json}'s video feature) checked with
 * ffprobe, and an import that finds every frame by its episode's {@code from_timestamp}: steps,
 * labels and states bit for bit, camera frames close to what was recorded and each one nearest to
 * its own original (not its neighbour's).
 */
class LeRobotVideoTest {
  @TempDir Path tmp;

  private static final ProgressListener QUIET = (done, total) -> {};
  private static final Ffmpeg FFMPEG = Ffmpeg.locate();

  @Test
  void theDefaultCodecWritesLeRobotsVideoLayoutAndTheImportFindsEveryFrame() throws Exception {
    int h = 64;
    int w = 96;
    try (EpisodeStore store = videoStore(tmp.resolve("src"), 4, h, w)) {
      LeRobotExporter.Video video = LeRobotExporter.Video.of(FFMPEG);
      LeRobotExporter.Report r =
          LeRobotExporter.export(
              store, tmp.resolve("lr"), LeRobotExporter.Options.defaults().withVideo(video), QUIET);
      assertThat(r.videoFiles()).isEqualTo(2); // one per camera
      Path lr = tmp.resolve("lr");
      JsonNode info = new ObjectMapper().readTree(lr.resolve("meta/info.json").toFile());
      assertThat(info.path("video_path").asText()).isEqualTo(LeRobotFormat.VIDEO_PATH);
      JsonNode front = info.path("features").path("observation.images.front");
      assertThat(front.path("dtype").asText()).isEqualTo("video");
      assertThat(front.path("shape").toString()).isEqualTo("[" + h + "," + w + ",3]");
      assertThat(front.path("info").path("video.pix_fmt").asText()).isEqualTo("yuv420p");
      assertThat(front.path("info").path("video.fps").asDouble()).isEqualTo(25.0);
      // LeRobot's default where Debian's ffmpeg has it (bookworm's does)
      assertThat(front.path("info").path("video.codec").asText())
          .isEqualTo(FFMPEG.hasEncoder(Ffmpeg.AV1) ? "av1" : "h264");
      // frames live in the MP4s, not in the data parquet
      assertThat(ParquetFile.open(lr.resolve("data/chunk-000/file-000.parquet")).fields())
          .noneMatch(f -> f.startsWith("observation.images."));
      long frames = r.frames();
      for (String cam : InteropFixtures.CAMS) {
        Path mp4 = lr.resolve("videos/observation.images." + cam + "/chunk-000/file-000.mp4");
        Ffmpeg.Probe p = FFMPEG.probe(mp4);
        assertThat(p.frames()).isEqualTo(frames);
        assertThat(p.width()).isEqualTo(w);
        assertThat(p.height()).isEqualTo(h);
        assertThat(p.fps()).isEqualTo(25.0);
      }
      // per episode: where its frames are, end to end in the one file
      ParquetFile eps = ParquetFile.open(lr.resolve("meta/episodes/chunk-000/file-000.parquet"));
      double[] from = eps.column("videos/observation.images.wrist/from_timestamp").doubles();
      double[] to = eps.column("videos/observation.images.wrist/to_timestamp").doubles();
      long[] length = eps.column("length").longs();
      assertThat(from[0]).isZero();
      for (int e = 0; e < from.length; e++) {
        assertThat(to[e] - from[e])
            .isCloseTo(length[e] / 25.0, org.assertj.core.data.Offset.offset(1e-9));
        if (e > 0) {
          assertThat(from[e]).isEqualTo(to[e - 1]);
        }
      }
      assertThat(eps.column("videos/observation.images.wrist/file_index").longs()).containsOnly(0L);

      LeRobotImporter.importDataset(lr, tmp.resolve("back"), Optional.empty(), QUIET);
      try (EpisodeStore back = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
        assertSameButFramesClose(store, back);
      }
    }
  }

  @Test
  void h264WithOddSidesAndSmallFilesPutEachEpisodeInItsOwnFile() throws Exception {
    // odd sides: 4:2:0 cannot halve them, so yuv444p
    try (EpisodeStore store = videoStore(tmp.resolve("src"), 3, 47, 63)) {
      LeRobotExporter.Video video =
          LeRobotExporter.Video.of(FFMPEG).withCodec(Ffmpeg.H264).withFileBytes(1);
      LeRobotExporter.Report r =
          LeRobotExporter.export(
              store, tmp.resolve("lr"), LeRobotExporter.Options.defaults().withVideo(video), QUIET);
      assertThat(r.videoFiles()).isEqualTo(6); // 3 episodes x 2 cameras
      Path lr = tmp.resolve("lr");
      JsonNode info = new ObjectMapper().readTree(lr.resolve("meta/info.json").toFile());
      JsonNode vi = info.path("features").path("observation.images.front").path("info");
      assertThat(vi.path("video.codec").asText()).isEqualTo("h264");
      assertThat(vi.path("video.pix_fmt").asText()).isEqualTo("yuv444p");
      ParquetFile eps = ParquetFile.open(lr.resolve("meta/episodes/chunk-000/file-000.parquet"));
      assertThat(eps.column("videos/observation.images.front/file_index").longs())
          .containsExactly(0L, 1L, 2L);
      assertThat(eps.column("videos/observation.images.front/from_timestamp").doubles())
          .containsOnly(0.0);
      assertThat(
              FFMPEG
                  .probe(lr.resolve("videos/observation.images.front/chunk-000/file-002.mp4"))
                  .frames())
          .isEqualTo(store.readEpisode(store.readableEpisodeIds().get(2)).length());
      LeRobotImporter.importDataset(lr, tmp.resolve("back"), Optional.empty(), QUIET);
      try (EpisodeStore back = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
        assertSameButFramesClose(store, back);
      }
    }
  }

  @Test
  void withoutFfmpegTheExportSaysHowToGetItAndWritesNothing() throws Exception {
    Ffmpeg none = new Ffmpeg(tmp.resolve("no-such-dir/ffmpeg").toString());
    assertThatThrownBy(() -> LeRobotExporter.Video.of(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-dir/ffmpeg")
        .hasMessageContaining("apt-get install ffmpeg")
        .hasMessageContaining(Ffmpeg.ENV);
    assertThatThrownBy(() -> LeRobotExporter.Video.of(FFMPEG).withCodec("no-such-encoder"))
        .hasMessageContaining("video codec 'no-such-encoder'");
    // an encoder that fails mid-export (frames of the wrong size for it): nothing is left behind
    try (EpisodeStore store = videoStore(tmp.resolve("src"), 1, 64, 64)) {
      LeRobotExporter.Video broken = new LeRobotExporter.Video(FFMPEG, "no-such-encoder", 1 << 20);
      assertThatThrownBy(
              () ->
                  LeRobotExporter.export(
                      store,
                      tmp.resolve("lr"),
                      LeRobotExporter.Options.defaults().withVideo(broken),
                      QUIET))
          .hasMessageContaining("file-000.mp4")
          .hasMessageContaining("ffmpeg");
      assertThat(tmp.resolve("lr")).doesNotExist();
      assertThat(tmp.resolve("lr.partial")).doesNotExist();
    }
  }

  @Test
  void aMissingOrDamagedVideoFileIsOneLineNamingTheFile() throws Exception {
    try (EpisodeStore store = videoStore(tmp.resolve("src"), 2, 64, 64)) {
      LeRobotExporter.export(
          store,
          tmp.resolve("lr"),
          LeRobotExporter.Options.defaults().withVideo(LeRobotExporter.Video.of(FFMPEG)),
          QUIET);
    }
    Path lr = tmp.resolve("lr");
    Path mp4 = lr.resolve("videos/observation.images.wrist/chunk-000/file-000.mp4");
    byte[] good = Files.readAllBytes(mp4);
    Files.delete(mp4);
    assertThatThrownBy(
            () -> LeRobotImporter.importDataset(lr, tmp.resolve("b1"), Optional.empty(), QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(mp4.toString())
        .hasMessageContaining("missing");
    assertThat(tmp.resolve("b1")).doesNotExist();
    // cut in half: the frames past the cut are missing
    Files.write(mp4, java.util.Arrays.copyOf(good, good.length / 2));
    assertThatThrownBy(
            () -> LeRobotImporter.importDataset(lr, tmp.resolve("b2"), Optional.empty(), QUIET))
        .hasMessageContaining(mp4.toString());
    assertThat(tmp.resolve("b2")).doesNotExist();
    assertThat(tmp.resolve("b2.partial")).doesNotExist();
  }

  /** Same steps bit for bit (frames aside); each frame close to its own and not its neighbour's. */
  private static void assertSameButFramesClose(EpisodeStore a, EpisodeStore b) {
    List<Long> ia = a.readableEpisodeIds();
    List<Long> ib = b.readableEpisodeIds();
    assertThat(ib).hasSameSizeAs(ia);
    double worst = 0;
    double sum = 0;
    long count = 0;
    for (int k = 0; k < ia.size(); k++) {
      Episode x = a.readEpisode(ia.get(k));
      Episode y = b.readEpisode(ib.get(k));
      assertThat(y.meta()).isEqualTo(x.meta());
      assertThat(y.length()).isEqualTo(x.length());
      for (int i = 0; i < x.length(); i++) {
        Step sx = x.steps().get(i);
        Step sy = y.steps().get(i);
        InteropFixtures.assertBits(sy.observation().state(), sx.observation().state());
        InteropFixtures.assertBits(sy.applied().values(), sx.applied().values());
        assertThat(sy.source()).isEqualTo(sx.source());
        assertThat(sy.language()).isEqualTo(sx.language());
        for (String cam : InteropFixtures.CAMS) {
          ImageFrame fx = sx.observation().image(cam);
          ImageFrame fy = sy.observation().image(cam);
          assertThat(fy.height()).isEqualTo(fx.height());
          assertThat(fy.width()).isEqualTo(fx.width());
          double own = meanAbs(fx, fy);
          worst = Math.max(worst, own);
          sum += own;
          count++;
          assertThat(own)
              .as("episode %d step %d %s: mean error (of 255)", k, i, cam)
              .isLessThan(15);
          for (int n : new int[] {i - 1, i + 1}) {
            if (n >= 0 && n < x.length()) {
              double neighbour = meanAbs(x.steps().get(n).observation().image(cam), fy);
              assertThat(own)
                  .as("episode %d step %d %s: nearer its own frame than step %d's", k, i, cam, n)
                  .isLessThan(neighbour / 2);
            }
          }
        }
      }
      // the final observation travels as PNG: exact
      assertThat(y.finalObservation()).isEqualTo(x.finalObservation());
    }
    assertThat(worst).isPositive(); // lossy: a video that came back exact was not a video
    assertThat(sum / count).as("mean error over all frames (of 255)").isLessThan(6);
  }

  private static double meanAbs(ImageFrame a, ImageFrame b) {
    long sum = 0;
    for (int p = 0; p < a.pixels().length; p++) {
      sum += Math.abs((a.pixels()[p] & 0xff) - (b.pixels()[p] & 0xff));
    }
    return (double) sum / a.pixels().length;
  }

  /** The interop fixture's episodes with camera frames: a gradient and a square, both changing. */
  static EpisodeStore videoStore(Path dir, int episodes, int h, int w) {
    Path plain = dir.resolveSibling(dir.getFileName() + "-plain");
    try (EpisodeStore src = InteropFixtures.record(plain, episodes, List.of())) {
      EnvironmentSpec e = src.spec().environment();
      List<FeatureSpec> features = new ArrayList<>(e.observationFeatures());
      InteropFixtures.CAMS.forEach(c -> features.add(FeatureSpec.image(c, h, w)));
      EnvironmentSpec env =
          new EnvironmentSpec(
              e.name(),
              e.robot(),
              features,
              e.action(),
              e.controlRateHz(),
              e.maxEpisodeSteps(),
              e.parameters());
      DatasetSpec spec =
          new DatasetSpec(env, src.spec().environmentStateSize(), true, src.spec().description());
      EpisodeStore out = EpisodeStore.create(dir, spec);
      for (long id : src.readableEpisodeIds()) {
        Episode ep = src.readEpisode(id);
        float[][] envStates = src.readEnvironmentStates(id);
        EpisodeWriter writer = out.beginEpisode(ep.meta());
        for (Step s : ep.steps()) {
          writer.append(
              s.withObservation(withFrames(s.observation(), (int) id, s.index(), h, w)),
              envStates[s.index()]);
        }
        writer.end(
            ep.outcome(),
            ep.finalObservation().map(o -> withFrames(o, (int) id, ep.length(), h, w)));
      }
      return out;
    }
  }

  private static Observation withFrames(Observation o, int episode, int step, int H, int W) {
    Map<String, ImageFrame> images = new LinkedHashMap<>();
    for (int c = 0; c < InteropFixtures.CAMS.size(); c++) {
      byte[] px = new byte[H * W * 3];
      // a square that jumps and a background tint that changes at every step: consecutive frames
      // differ far more than the codec's error (small motions come back smeared toward the
      // frame before at LeRobot's crf 30)
      int sx = (step * 29 + episode * 7 + c * 11) % (W - 16);
      int sy = (step * 17 + episode * 5) % (H - 16);
      int tint = (step * 53 + episode * 31 + c * 90) % 200;
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int p = (y * W + x) * 3;
          boolean square = x >= sx && x < sx + 16 && y >= sy && y < sy + 16;
          px[p] = (byte) (square ? 240 : 40 + x);
          px[p + 1] = (byte) (square ? 60 : 30 + y * 2);
          px[p + 2] = (byte) (square ? 30 : 40 + tint);
        }
      }
      images.put(InteropFixtures.CAMS.get(c), new ImageFrame(H, W, 3, px));
    }
    return new Observation(o.state(), images, o.stampNanos());
  }
}
