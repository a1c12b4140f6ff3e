package dev.tandem.runtime.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem bench <part>}: each prints exactly one JSON object on stdout. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object on stdout.",
    subcommands = {})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static void print(CommandLine.Model.CommandSpec spec, Map<String, Object> figures) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.write(figures));
    out.flush();
  }
}
