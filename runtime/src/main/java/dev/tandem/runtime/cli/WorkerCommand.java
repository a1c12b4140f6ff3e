package dev.tandem.runtime.cli;

import dev.tandem.runtime.cluster.ClusterWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem worker --join host:port}: a cluster worker running experiment cells, or with {@code
 * --actor NAME} an actor of a learner.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Join a cluster experiment's coordinator (tandem experiment <config> --cluster) and run the",
      "cells it hands out until it leaves. See docs/design/cluster.md for several machines and TLS."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--join",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The coordinator, e.g. 127.0.0.1:25520.")
  String join;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port this worker listens on (default ${DEFAULT-VALUE}: any free one).")
  int port;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description =
          "Where cells are run and kept until the coordinator has their results"
              + " (default: a new temporary folder).")
  Path work;

  @Option(
      names = "--join-timeout-seconds",
      defaultValue = "60",
      description =
          "Give up (exit 2) when the coordinator has not let this worker in within this many"
              + " seconds (default ${DEFAULT-VALUE}).")
  int joinTimeoutSeconds;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description =
          "Join a learner (tandem learner) as the actor NAME instead: run episodes, ship them;"
              + " restart with the same NAME and --work to ship what a crash left behind.")
  String actor;

  @CommandLine.Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    if (joinTimeoutSeconds < 1) {
      throw new UserException(
          "--join-timeout-seconds: " + joinTimeoutSeconds + ", expected at least 1");
    }
    var settings = cluster.settings(port, Optional.of(join));
    Path dir = work != null ? work : Files.createTempDirectory("tandem-worker-");
    Outputs.writableDirectory(dir, "--work");
    if (actor != null && !actor.matches("[A-Za-z0-9_.-]+")) {
      throw new UserException(
          "--actor: '" + actor + "', expected letters, digits, '-', '_' or '.'");
    }
    boolean ran;
    try {
      ran =
          ClusterWorker.run(
              settings,
              dir,
              Optional.ofNullable(actor),
              Duration.ofSeconds(joinTimeoutSeconds),
              System.err);
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage(), e);
    }
    if (!ran) {
      throw new UserException(
          "worker: could not join the coordinator at "
              + join
              + " within "
              + joinTimeoutSeconds
              + " s: is `tandem experiment --cluster` running there on that port, and (with TLS)"
              + " does each node trust the other's certificate?");
    }
    return 0;
  }
}
