package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.live.LiveSession;
import dev.tandem.runtime.live.TeleopSessionConfig;
import dev.tandem.runtime.live.WebFleet;
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

/** {@code tandem serve <config>}: simulated robots watched, driven and corrected from browsers. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run a teleop session's task on one or more simulated robots and serve the web console:",
      "watch them in a browser, hold the deadman (Left Ctrl or a gamepad's left bumper) to drive,",
      "type corrections, press E-STOP. Every step is recorded per robot under <out>/<robot>/data.",
      "Listens on 127.0.0.1 unless --host says otherwise (then --token is required).",
      "Example: tandem serve configs/teleop/session.yaml --robots 2"
    })
public final class ServeCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 8480;

  @Parameters(
      paramLabel = "CONFIG",
      description = "Session YAML, e.g. configs/teleop/session.yaml.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--robots", paramLabel = "N", description = "Simulated robots (default 1).")
  int robots = 1;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default 8480; 0 = any free).")
  int port = DEFAULT_PORT;

  @Option(
      names = "--token",
      paramLabel = "SECRET",
      description =
          "Secret browsers must present (required when --host is not a loopback address).")
  String token = "";

  @Option(
      names = "--deadman-ms",
      paramLabel = "MS",
      description = "Hand back when a driver's input stops for this long (default 300).")
  int deadmanMillis = 300;

  @Option(
      names = "--max-episodes",
      paramLabel = "N",
      description = "Episodes per robot (0 = unbounded).")
  int maxEpisodes = 0;

  @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds.")
  Double seconds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Session directory (default: the config's output).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(config)) {
      throw new UserException(config + ": no such session config");
    }
    if (seconds != null && !(seconds > 0)) {
      throw new UserException("--seconds: found " + seconds + ", expected a positive number");
    }
    if (!(ConfigLoader.discover().load(config, overrides) instanceof TeleopSessionConfig cfg)) {
      throw new UserException(config + ": not a teleop session (expected type: teleop_session)");
    }
    WebConsoleConfig web = WebOptions.console("serve", host, port, token, deadmanMillis);
    WebFleet.Options options;
    try {
      options = new WebFleet.Options(robots, web, maxEpisodes, seconds, out);
    } catch (IllegalArgumentException e) {
      throw new UserException("serve: " + e.getMessage(), e);
    }
    try {
      new WebFleet(cfg, options, spec.commandLine().getOut(), Clock.systemUTC(), uri -> {}).run();
    } catch (LiveSession.SetupException e) {
      throw new UserException(e.getMessage(), e);
    }
    return 0;
  }
}
