package dev.tandem.runtime.cli;

import dev.tandem.runtime.live.LiveSession;
import dev.tandem.runtime.live.WebBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem bench web}: the web console's input-to-applied-action latency. */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    description = {
      "Web console on 127.0.0.1: input_to_action_ms_p50/p99/max, from a client sending a drive",
      "command over a loopback WebSocket (at a random moment of the tick, deadman held) to the",
      "frame of the step that applied it reaching that client, and server_input_to_action_ms_p50/p99",
      "(arrival to the applied step's frame leaving). One simulated robot of a teleop session's",
      "task at --rate-hz (default 20); target: input_to_action_ms_p99 <= one tick."
    })
public final class BenchWebCommand implements Callable<Integer> {
  @Option(
      names = "--inputs",
      defaultValue = "400",
      description = "Commands measured, at least 10 (default ${DEFAULT-VALUE}).")
  int inputs;

  @Option(
      names = "--rate-hz",
      defaultValue = "20",
      description = "Control rate (default ${DEFAULT-VALUE}).")
  double rateHz;

  @Option(
      names = "--session",
      defaultValue = "configs/teleop/session.yaml",
      description = "The teleop session whose task is served (default ${DEFAULT-VALUE}).")
  Path session;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(session)) {
      throw new UserException(session + ": no such session config");
    }
    try {
      BenchCommand.print(spec, WebBenchmark.run(new WebBenchmark.Options(session, inputs, rateHz)));
    } catch (IllegalArgumentException | LiveSession.SetupException e) {
      throw new UserException("bench web: " + e.getMessage(), e);
    }
    return 0;
  }
}
