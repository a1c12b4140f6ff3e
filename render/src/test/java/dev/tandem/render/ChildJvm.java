package dev.tandem.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RenderProbeMain} in a fresh JVM with a changed environment (the renderer reads
 * DISPLAY and the EGL vendor files from the process environment, which a running JVM cannot
 * change), optionally under {@code xvfb-run}, and returns its output lines as a key to value map.
 */
final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 60;

  private ChildJvm() {}

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the probe; {@code env} entries with a null value are removed from the environment.
   *
   * @return the first word of each output line mapped to the rest of the line
   */
  static Map<String, String> runProbe(String probe, Map<String, String> env, boolean underXvfb)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (underXvfb) {
      command.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 640x480x24"));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    command.addAll(List.of(java, "-cp", classPath, RenderProbeMain.class.getName(), probe));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getValue() == null) {
        builder.environment().remove(e.getKey());
      } else {
        builder.environment().put(e.getKey(), e.getValue());
      }
    }
    Process process = builder.start();
    byte[] output;
    try {
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "probe '" + probe + "' did not finish in " + TIMEOUT_SECONDS + " s");
      }
    } finally {
      process.destroyForcibly();
    }
    Map<String, String> lines = new HashMap<>();
    String text = new String(output, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        lines.putIfAbsent(line.substring(0, space), line.substring(space + 1).trim());
      }
    }
    lines.put("_all", text);
    return lines;
  }
}
