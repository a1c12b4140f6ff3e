package dev.tandem.runtime.cluster;

import dev.tandem.runtime.cli.TandemCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code tandem} commands in JVMs of their own on the test class path (cluster nodes are separate
 * processes, and a worker must be killable with SIGKILL), with their output in a file the test
 * watches.
 */
final class ClusterProcesses implements AutoCloseable {
  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();

  ClusterProcesses(Path dir) {
    this.dir = dir;
  }

  /** A running {@code tandem} process and its output file (stdout and stderr together). */
  record Node(String name, Process process, Path output) {
    String text() {
      try {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Waits until a line of the output matches; fails after {@code timeout}. */
    String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        for (String line : text().split("\n")) {
          if (matches.test(line)) {
            return line;
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      throw new AssertionError(name + ": no such line within " + timeout + "; output:\n" + text());
    }

    /** Waits for the exit; returns its code. */
    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " did not finish within " + timeout + "; output:\n" + text());
      }
      return process.exitValue();
    }
  }

  /** Starts {@code tandem args...} with {@code env} added to the environment. */
  Node start(String name, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dai.djl.offline=true",
            "-DOPT_OUT_TRACKING=true",
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            TandemCli.class.getName()));
    command.addAll(List.of(args));
    Path output = dir.resolve(name + ".log");
    ProcessBuilder b =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    b.environment().putAll(env);
    b.environment().put("DJL_OFFLINE", "true");
    b.environment().put("OPT_OUT_TRACKING", "true");
    Process p = b.start();
    p.getOutputStream().close();
    Node n = new Node(name, p, output);
    nodes.add(n);
    return n;
  }

  /**
   * Starts {@code tandem experiment <config> --cluster} on {@code port} writing to {@code runs} and
   * waits until it listens.
   */
  Node coordinator(Path config, int port, Path runs) throws Exception {
    Node c =
        start(
            "coordinator",
            Map.of(),
            "experiment",
            config.toString(),
            "--cluster",
            "--port",
            Integer.toString(port),
            "--runs",
            runs.toString(),
            "--quiet");
    c.awaitLine(l -> l.contains("coordinator at 127.0.0.1"), Duration.ofSeconds(30));
    return c;
  }

  /** A port nothing listens on at the moment. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.process().destroyForcibly();
    }
  }
}
