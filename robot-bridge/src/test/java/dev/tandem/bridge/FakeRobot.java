package dev.tandem.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The C fake robot ({@code src/test/c/fake_robot.c}, Eclipse Cyclone DDS) as a child process on
 * 127.0.0.1: built once per build into {@code target/fake-robot/} with {@code idlc} and {@code gcc}
 * (Debian's {@code cyclonedds-dev cyclonedds-tools}, installed by {@code .ci/run}), switched
 * through its stdin, and its stdout's "cmd ..." lines (the commands it received) collected.
 */
final class FakeRobot implements AutoCloseable {

  static final Path BUILD = Path.of("target", "fake-robot");
  private static Path binary;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<double[]> commands = new LinkedBlockingQueue<>();
  private final Thread reader;

  private FakeRobot(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.reader =
        new Thread(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith("cmd ")) {
                    String[] parts = line.substring(4).trim().split(" ");
                    double[] v = new double[parts.length];
                    for (int i = 0; i < v.length; i++) {
                      v[i] = Double.parseDouble(parts[i]);
                    }
                    commands.add(v);
                  }
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "fake-robot-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a fake robot; arguments as in fake_robot.c ({@code joints=a,b domain=7 ...}). */
  static FakeRobot start(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(build().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment()
        .put("CYCLONEDDS_URI", "file://" + BUILD.resolve("cyclonedds.xml").toAbsolutePath());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return new FakeRobot(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles the IDL and the C program once into target/fake-robot/. */
  static synchronized Path build() {
    if (binary != null) {
      return binary;
    }
    try {
      Files.createDirectories(BUILD);
      Path src = Path.of("src", "test", "c");
      run("idlc", "-x", "final", "-o", BUILD.toString(), src.resolve("ros2_msgs.idl").toString());
      Path out = BUILD.resolve("fake_robot");
      run(
          "gcc",
          "-O2",
          "-o",
          out.toString(),
          "-I" + BUILD,
          src.resolve("fake_robot.c").toString(),
          BUILD.resolve("ros2_msgs.c").toString(),
          "-lddsc",
          "-lm");
      // loopback only: no multicast on lo here, unicast discovery to 127.0.0.1's well-known ports
      Files.writeString(
          BUILD.resolve("cyclonedds.xml"),
          "<CycloneDDS><Domain id=\"any\"><General><Interfaces>"
              + "<NetworkInterface address=\"127.0.0.1\"/></Interfaces>"
              + "<AllowMulticast>false</AllowMulticast></General>"
              + "<Discovery><ParticipantIndex>auto</ParticipantIndex>"
              + "<Peers><Peer address=\"127.0.0.1\"/></Peers></Discovery></Domain></CycloneDDS>");
      binary = out;
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(String... cmd) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run '"
              + cmd[0]
              + "': the fake robot needs gcc and Debian's cyclonedds-dev cyclonedds-tools"
              + " (see .ci/run)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends one switch line (see fake_robot.c). */
  void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next command the robot received, or null after {@code timeoutMillis}. */
  double[] nextCommand(long timeoutMillis) throws InterruptedException {
    return commands.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Forgets the commands received so far. */
  void clearCommands() {
    commands.clear();
  }

  /** Kills the process at once (SIGKILL): it leaves the DDS domain without a goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
