package dev.tandem.bridge.fake;

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
 * The independent C fake robot ({@code fake_robot.c} and its message IDL, resources of this
 * package; Eclipse Cyclone DDS, a DDS implementation Tandem does not use) as a child process on
 * 127.0.0.1, for the bridge's tests and {@code tandem bench bridge}: compiled from the classpath
 * into a directory with {@code idlc} and {@code gcc} (Debian's {@code gcc cyclonedds-dev
 * cyclonedds-tools}, installed by {@code .ci/run}), switched through its stdin, and its stdout's
 * "cmd ..." lines (the commands it received) collected.
 */
public final class FakeRobot implements AutoCloseable {

  /** The fake robot could not be built: a tool is missing or the compiler failed. */
  public static final class BuildException extends RuntimeException {
    BuildException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final java.util.Map<Path, Path> BUILT = new java.util.HashMap<>();

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<double[]> commands = new LinkedBlockingQueue<>();
  private final BlockingQueue<double[]> gripperCommands = new LinkedBlockingQueue<>();
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
                    commands.add(values(line.substring(4)));
                  } else if (line.startsWith("gcmd ")) {
                    gripperCommands.add(values(line.substring(5)));
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

  private static double[] values(String line) {
    String[] parts = line.trim().split(" ");
    double[] v = new double[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.parseDouble(parts[i]);
    }
    return v;
  }

  /**
   * Starts a fake robot built in {@code dir} (built there first if this JVM has not yet); arguments
   * as in fake_robot.c ({@code joints=a,b domain=7 ...}).
   *
   * @throws BuildException when it cannot be built
   */
  public static FakeRobot start(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(build(dir).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment()
        .put("CYCLONEDDS_URI", "file://" + dir.resolve("cyclonedds.xml").toAbsolutePath());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return new FakeRobot(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles the IDL and the C program from the classpath into {@code dir}, once per JVM and
   * directory.
   *
   * @return the executable
   * @throws BuildException naming the missing tool (and the Debian packages that bring it) or the
   *     compiler's output
   */
  public static synchronized Path build(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    Path done = BUILT.get(key);
    if (done != null) {
      return done;
    }
    try {
      Files.createDirectories(dir);
      for (String r : List.of("fake_robot.c", "ros2_msgs.idl")) {
        try (var in = FakeRobot.class.getResourceAsStream(r)) {
          Files.copy(in, dir.resolve(r), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      run("idlc", "-x", "final", "-o", dir.toString(), dir.resolve("ros2_msgs.idl").toString());
      Path out = dir.resolve("fake_robot");
      run(
          "gcc",
          "-O2",
          "-o",
          out.toString(),
          "-I" + dir,
          dir.resolve("fake_robot.c").toString(),
          dir.resolve("ros2_msgs.c").toString(),
          "-lddsc",
          "-lm");
      // loopback only: no multicast on lo here, unicast discovery to 127.0.0.1's well-known ports
      Files.writeString(
          dir.resolve("cyclonedds.xml"),
          "<CycloneDDS><Domain id=\"any\"><General><Interfaces>"
              + "<NetworkInterface address=\"127.0.0.1\"/></Interfaces>"
              + "<AllowMulticast>false</AllowMulticast></General>"
              + "<Discovery><ParticipantIndex>auto</ParticipantIndex>"
              + "<Peers><Peer address=\"127.0.0.1\"/></Peers></Discovery></Domain></CycloneDDS>");
      BUILT.put(key, out);
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
      throw new BuildException(
          "cannot run '"
              + cmd[0]
              + "': the C fake robot needs gcc and Eclipse Cyclone DDS's headers and idlc"
              + " (Debian: apt-get install gcc libc6-dev cyclonedds-dev cyclonedds-tools)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new BuildException(
            String.join(" ", cmd)
                + " failed (are gcc, libc6-dev, cyclonedds-dev and cyclonedds-tools installed?): "
                + output.strip(),
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends one switch line (see fake_robot.c). */
  public void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next command the robot received, or null after {@code timeoutMillis}. */
  public double[] nextCommand(long timeoutMillis) throws InterruptedException {
    return commands.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The next gripper command the robot received, or null after {@code timeoutMillis}. */
  public double[] nextGripperCommand(long timeoutMillis) throws InterruptedException {
    return gripperCommands.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Forgets the commands (arm and gripper) received so far. */
  public void clearCommands() {
    commands.clear();
    gripperCommands.clear();
  }

  /** Kills the process at once (SIGKILL): it leaves the DDS domain without a goodbye. */
  public void kill() throws InterruptedException {
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
