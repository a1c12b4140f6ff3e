package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.live.LiveSession;
import dev.tandem.runtime.live.TeleopSessionConfig;
import dev.tandem.web.WebConsoleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem teleop <config>}: a live session with an operator at the viewer. */
@Command(
    name = "teleop",
    mixinStandardHelpOptions = true,
    description = {
      "Run a live session on a sim task: the policy drives, you watch in the viewer, hold a",
      "device's deadman to take over, release to hand back, type corrections (viewer or here).",
      "Every step is recorded; the policy is retrained between episodes and hot-swapped.",
      "Needs a display (or xvfb-run). Example: tandem teleop configs/teleop/session.yaml"
    })
public final class TeleopCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "CONFIG",
      description = "Session YAML, e.g. configs/teleop/session.yaml.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config value, e.g. --set retrainEveryEpisodes=1.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--max-episodes",
      paramLabel = "N",
      description = "Stop after N episodes (default: the config's maxEpisodes; 0 = until closed).")
  Integer maxEpisodes;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Stop after S seconds (the episode in progress ends as an operator stop).")
  Double seconds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Session directory (default: the config's output).")
  Path out;

  @CommandLine.Mixin WebOptions web = new WebOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    WebConsoleConfig console = web.config();
    return run(
        load(config, overrides, maxEpisodes, seconds), maxEpisodes, seconds, out, console, spec);
  }

  /** The session config at {@code config} with {@code overrides}; bad input is a UserException. */
  static TeleopSessionConfig load(
      Path config, List<String> overrides, Integer maxEpisodes, Double seconds) {
    if (!Files.isRegularFile(config)) {
      throw new UserException(config + ": no such session config");
    }
    if (maxEpisodes != null && maxEpisodes < 0) {
      throw new UserException("--max-episodes: found " + maxEpisodes + ", expected 0 or more");
    }
    if (seconds != null && !(seconds > 0)) {
      throw new UserException("--seconds: found " + seconds + ", expected a positive number");
    }
    if (!(ConfigLoader.discover().load(config, overrides) instanceof TeleopSessionConfig cfg)) {
      throw new UserException(config + ": not a teleop session (expected type: teleop_session)");
    }
    return cfg;
  }

  /** Runs the live session; set-up problems are UserExceptions. */
  static int run(
      TeleopSessionConfig cfg,
      Integer maxEpisodes,
      Double seconds,
      Path out,
      WebConsoleConfig web,
      CommandLine.Model.CommandSpec spec) {
    try {
      new LiveSession(
              cfg,
              new LiveSession.Options(maxEpisodes, seconds, out, web),
              spec.commandLine().getOut(),
              System.in,
              Clock.systemUTC())
          .run();
    } catch (LiveSession.SetupException e) {
      throw new UserException(e.getMessage(), e);
    }
    return 0;
  }
}
