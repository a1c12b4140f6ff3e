package dev.tandem.runtime.cli;

import dev.tandem.core.store.DatasetInfo;
import dev.tandem.core.store.DatasetVerifier;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeStoreException;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.VerifyReport;
import dev.tandem.intervention.Segmenter;
import dev.tandem.runtime.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem dataset info|verify|export|import}. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Inspect, check, export and import recorded datasets.",
    subcommands = {
      DatasetCommand.Info.class,
      DatasetCommand.Verify.class,
      DatasetCommand.Export.class,
      DatasetImportCommand.class
    })
public final class DatasetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Path existingDataset(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserException(dir + ": no such dataset directory");
    }
    return dir;
  }

  static RuntimeException userError(EpisodeStoreException e) {
    return new UserException(e.getMessage(), e);
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Summarize a dataset.")
  static final class Info implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "Dataset directory.")
    Path dir;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      existingDataset(dir);
      DatasetInfo info;
      Map<Long, String> safety;
      try (EpisodeStore store = EpisodeStore.openReadOnly(dir)) {
        info = store.info();
        safety = safetyByEpisode(store);
      } catch (EpisodeStoreException e) {
        throw userError(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>(info.toMap());
        Map<String, String> bySafety = new LinkedHashMap<>();
        safety.forEach((id, text) -> bySafety.put(Long.toString(id), text));
        m.put("safety", bySafety);
        out.println(Json.write(m));
      } else {
        out.printf("dataset      %s%n", info.directory());
        out.printf(
            "environment  %s (%s, %s, %.0f Hz, %d steps max)%n",
            info.environment().name(),
            info.environment().robot().name(),
            info.environment().action().mode(),
            info.environment().controlRateHz(),
            info.environment().maxEpisodeSteps());
        out.printf("created      %s%n", info.createdAt());
        out.printf(
            "episodes     %d (%d successful, %d evicted) %s%n",
            info.episodes(),
            info.successfulEpisodes(),
            info.evictedEpisodes(),
            info.episodesByStatus());
        out.printf("end reasons  %s%n", info.episodesByEndReason());
        out.printf("steps        %d by source %s%n", info.steps(), info.stepsBySource());
        out.printf("on disk      %.1f MiB%n", info.bytesOnDisk() / (1024.0 * 1024.0));
        out.printf("corrections  %d language corrections%n", info.corrections().size());
        info.corrections()
            .forEach(
                c ->
                    out.printf(
                        "  episode %d step %d: \"%s\" -> %s%n",
                        c.episodeId(),
                        c.step(),
                        c.event().text(),
                        c.event().understood()
                            ? c.event().interpretation()
                            : "not understood"
                                + (c.event().interpretation().isEmpty()
                                    ? ""
                                    : " (" + c.event().interpretation() + ")")));
        if (!safety.isEmpty()) {
          out.printf("safety       what a robot bridge's safety layer did, by episode%n");
          safety.forEach((id, text) -> out.printf("  episode %d: %s%n", id, text));
        }
        out.println("features");
        info.features()
            .forEach(
                f -> out.printf("  %-32s %s %s %s%n", f.key(), f.shape(), f.dtype(), f.units()));
      }
      out.flush();
      return 0;
    }
  }

  /**
   * What a robot bridge's safety layer did in each episode it ended, from the episode's outcome
   * detail (totals and the steps each kind happened at; see docs/design/robot-bridge.md).
   */
  static Map<Long, String> safetyByEpisode(EpisodeStore store) {
    Map<Long, String> out = new TreeMap<>();
    for (EpisodeSummary e : store.episodes()) {
      String detail = e.outcome().map(o -> o.detail()).orElse("");
      int at = detail.indexOf(SAFETY_MARK);
      if (at >= 0) {
        out.put(e.id(), detail.substring(at + SAFETY_MARK.length()));
      }
    }
    return out;
  }

  /** How the bridge's episode totals begin in an outcome's detail. */
  private static final String SAFETY_MARK = "this episode safety: ";

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check every record's checksum; name damaged episodes and offsets. Exit code 3 when damaged.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "Dataset directory.")
    Path dir;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      existingDataset(dir);
      VerifyReport report;
      try (Progress bar = Progress.start("verify", 1, quiet)) {
        report = DatasetVerifier.verify(dir, bar::update);
      } catch (EpisodeStoreException e) {
        throw userError(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      report.datasetProblems().forEach(p -> out.println("dataset: " + p));
      for (VerifyReport.EpisodeCheck c : report.episodes()) {
        if (c.result() != VerifyReport.Result.OK) {
          out.println(c);
        }
      }
      out.printf(
          "%d episodes: %d ok, %d incomplete, %d torn, %d corrupted, %d unreadable%n",
          report.episodes().size(),
          report.count(VerifyReport.Result.OK),
          report.count(VerifyReport.Result.INCOMPLETE),
          report.count(VerifyReport.Result.TORN_TAIL),
          report.count(VerifyReport.Result.CORRUPTED),
          report.count(VerifyReport.Result.UNREADABLE));
      out.flush();
      return report.ok() ? 0 : 3;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Export to the robomimic HDF5 layout (data/demo_N/..., the default) or, with --format",
        "lerobot, to a LeRobot dataset v3.0 directory (see docs/design/interop.md).",
        "intv_labels as Sirius: demo -1,",
        "robot 0, intervention 1, pre-intervention -10; control_source tells takeovers (1) from",
        "language corrections (2); language/ holds what was said. See docs/design/episode-store.md.",
        "Damaged episodes (see 'dataset verify') are listed and refused with exit code 3 unless"
            + " --allow-partial."
      })
  static final class Export implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset directory.")
    Path dir;

    @Parameters(
        index = "1",
        paramLabel = "OUT",
        description = "File to write (robomimic) or new directory (lerobot).")
    Path out;

    /** The export formats. */
    enum Format {
      robomimic,
      lerobot
    }

    @Option(
        names = "--format",
        defaultValue = "robomimic",
        description =
            "robomimic (HDF5 file) or lerobot (LeRobot v3.0 directory); default ${DEFAULT-VALUE}.")
    Format format;

    @Option(
        names = "--task",
        paramLabel = "TEXT",
        description =
            "LeRobot task text (default: the dataset's description, else its environment).")
    String task = "";

    @Option(
        names = "--episodes",
        split = ",",
        description = "Episode ids to export (default: all readable).")
    java.util.List<Long> episodes = new java.util.ArrayList<>();

    @Option(names = "--no-images", description = "Leave camera images out.")
    boolean noImages;

    @Option(
        names = "--video",
        description =
            "lerobot: camera frames as video features (MP4 files, LeRobot's usual layout) encoded"
                + " by ffmpeg (Debian's ffmpeg; TANDEM_FFMPEG names another) instead of PNG"
                + " images in parquet. Lossy: frames come back close, not bit for bit.")
    boolean video;

    @Option(
        names = "--video-codec",
        paramLabel = "ENCODER",
        description =
            "ffmpeg encoder for --video (default: libsvtav1, LeRobot's, where ffmpeg has it,"
                + " else libx264).")
    String videoCodec;

    @Option(
        names = "--allow-partial",
        description =
            "Export the readable steps of corrupted episodes and leave unreadable ones out"
                + " (both listed) instead of refusing.")
    boolean allowPartial;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(
        names = "--pre-intervention-steps",
        paramLabel = "N",
        description =
            "Policy steps before each takeover labelled pre-intervention (-10), as training"
                + " segments them (default ${DEFAULT-VALUE}, Sirius' window).")
    int preInterventionSteps = Segmenter.DEFAULT_PRE_INTERVENTION_STEPS;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
      existingDataset(dir);
      if (preInterventionSteps < 0) {
        throw new UserException(
            "--pre-intervention-steps " + preInterventionSteps + ": expected 0 or more");
      }
      if (format == Format.lerobot) {
        return exportLeRobot();
      }
      if (video || videoCodec != null) {
        throw new UserException(
            "--video and --video-codec are for --format lerobot (robomimic keeps images in HDF5)");
      }
      dev.tandem.core.store.RobomimicExporter.Report report;
      java.util.List<String> damage;
      try (EpisodeStore store = EpisodeStore.openReadOnly(dir)) {
        damage = damage(store);
        if (!damage.isEmpty() && !allowPartial) {
          PrintWriter err = spec.commandLine().getErr();
          damage.forEach(d -> err.println("tandem: " + d));
          err.printf(
              "tandem: export refused: %d damaged episode(s) listed above; --allow-partial exports"
                  + " what is readable%n",
              damage.size());
          err.flush();
          return 3;
        }
        java.util.List<Long> ids = exportable(store);
        var options =
            dev.tandem.core.store.RobomimicExporter.Options.defaults()
                .withEpisodeIds(ids)
                .withLabeller(new Segmenter(preInterventionSteps).labeller());
        if (noImages) {
          options = options.withoutImages();
        }
        try (Progress bar = Progress.start("export", 1, quiet)) {
          report = dev.tandem.core.store.RobomimicExporter.export(store, out, options, bar::update);
        }
      } catch (EpisodeStoreException | IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      PrintWriter o = spec.commandLine().getOut();
      o.printf("wrote %s: %d demos, %d samples%n", report.file(), report.demos(), report.samples());
      damage.forEach(d -> o.println("partial: " + d));
      report.skipped().forEach((id, why) -> o.printf("skipped episode %d: %s%n", id, why));
      o.printf("observation keys %s%n", report.observationKeys());
      o.flush();
      return 0;
    }

    private int exportLeRobot() throws java.io.IOException {
      dev.tandem.interop.lerobot.LeRobotExporter.Report report;
      java.util.List<String> damage;
      try (EpisodeStore store = EpisodeStore.openReadOnly(dir)) {
        damage = damage(store);
        if (!damage.isEmpty() && !allowPartial) {
          PrintWriter err = spec.commandLine().getErr();
          damage.forEach(d -> err.println("tandem: " + d));
          err.printf(
              "tandem: export refused: %d damaged episode(s) listed above; --allow-partial exports"
                  + " what is readable%n",
              damage.size());
          err.flush();
          return 3;
        }
        var options =
            dev.tandem.interop.lerobot.LeRobotExporter.Options.defaults()
                .withEpisodeIds(exportable(store))
                .withLabeller(new Segmenter(preInterventionSteps).labeller())
                .withTask(task);
        if (noImages) {
          options = options.withoutImages();
        }
        if (videoCodec != null && !video) {
          throw new UserException("--video-codec " + videoCodec + ": give --video as well");
        }
        if (video && noImages) {
          throw new UserException("--video with --no-images: there are no frames to encode");
        }
        if (video) {
          var v =
              dev.tandem.interop.lerobot.LeRobotExporter.Video.of(
                  dev.tandem.interop.Ffmpeg.locate());
          options = options.withVideo(videoCodec == null ? v : v.withCodec(videoCodec));
        }
        try (Progress bar = Progress.start("export", 1, quiet)) {
          report =
              dev.tandem.interop.lerobot.LeRobotExporter.export(store, out, options, bar::update);
        }
      } catch (EpisodeStoreException | IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      PrintWriter o = spec.commandLine().getOut();
      o.printf(
          "wrote %s: LeRobot v3.0, %d episodes, %d frames in %d data file(s)%s%n",
          report.directory(),
          report.episodes(),
          report.frames(),
          report.dataFiles(),
          report.videoFiles() > 0 ? ", " + report.videoFiles() + " video file(s)" : "");
      damage.forEach(d -> o.println("partial: " + d));
      o.printf("features %s%n", report.features());
      o.flush();
      return 0;
    }

    /** The episodes asked for (every one when none) that are damaged, one line each. */
    private java.util.List<String> damage(EpisodeStore store) {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (dev.tandem.core.store.EpisodeSummary s : store.episodes()) {
        if (s.status() != dev.tandem.core.store.EpisodeStatus.CORRUPTED
            || !episodes.isEmpty() && !episodes.contains(s.id())) {
          continue;
        }
        String problem = s.problem().orElse("damaged");
        out.add(
            s.meta().isEmpty()
                ? "episode " + s.id() + " is unreadable and left out: " + problem
                : "episode " + s.id() + " is cut to its first " + s.steps() + " steps: " + problem);
      }
      return out;
    }

    /** The ids to export: those asked for (or every readable one), without unreadable ones. */
    private java.util.List<Long> exportable(EpisodeStore store) {
      java.util.List<Long> readable = store.readableEpisodeIds();
      if (episodes.isEmpty()) {
        if (readable.isEmpty()) {
          throw new UserException(dir + ": no readable episodes to export");
        }
        return readable;
      }
      java.util.List<Long> ids =
          episodes.stream()
              .filter(
                  id ->
                      readable.contains(id)
                          || store.episode(id).map(e -> e.meta().isPresent()).orElse(true))
              .toList();
      if (ids.isEmpty()) {
        throw new UserException("--episodes " + episodes + ": none of them is readable");
      }
      return ids;
    }
  }
}
