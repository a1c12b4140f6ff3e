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
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every live session command takes ({@code teleop}, {@code deploy}): the config and limits.
 */
final class SessionOptions {
  @Parameters(
      paramLabel = "CONFIG",
      description =
          "Session YAML, e.g. configs/teleop/session.yaml (teleop) or configs/deploy/reach.yaml"
              + " (deploy).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override a config value, e.g. --set retrainEveryEpisodes=1 or --set task.domainId=3.")
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

  /**
   * The session config with the {@code --set} overrides and then {@code more}; bad input is a
   * UserException.
   */
  TeleopSessionConfig load(List<String> more) {
    if (!Files.isRegularFile(config)) {
      throw new UserException(config + ": no such session config");
    }
    if (maxEpisodes != null && maxEpisodes < 0) {
      throw new UserException("--max-episodes: found " + maxEpisodes + ", expected 0 or more");
    }
    if (seconds != null && !(seconds > 0)) {
      throw new UserException("--seconds: found " + seconds + ", expected a positive number");
    }
    List<String> all = new ArrayList<>(overrides);
    all.addAll(more);
    if (!(ConfigLoader.discover().load(config, all) instanceof TeleopSessionConfig cfg)) {
      throw new UserException(config + ": not a teleop session (expected type: teleop_session)");
    }
    return cfg;
  }

  /** Runs the live session; set-up problems are UserExceptions. */
  int run(TeleopSessionConfig cfg, WebConsoleConfig web, CommandLine.Model.CommandSpec spec) {
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
