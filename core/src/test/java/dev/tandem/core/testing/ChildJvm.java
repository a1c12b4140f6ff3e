package dev.tandem.core.testing;

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
 * Runs a main class in a fresh JVM on the test class path with a changed environment (GLFW and EGL
 * read DISPLAY and the vendor files from the process environment, which a running JVM cannot
 * change), optionally under {@code xvfb-run}, and returns its output. Shared by the modules' tests
 * through core's test jar.
 */
public final class ChildJvm {
  private static final int DEFAULT_MAX_HEAP_MB = 256;
  private static final long DEFAULT_TIMEOUT_SECONDS = 90;

  private ChildJvm() {}

  /** Whether {@code program} is an executable on the PATH. */
  public static boolean onPath(String program) {
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
   * Runs {@code mainClass} with {@code args} (256 MB heap, at most 90 s); {@code env} entries with
   * null values are removed.
   */
  public static Result run(
      Class<?> mainClass, List<String> args, Map<String, String> env, boolean underXvfb)
      throws IOException, InterruptedException {
    return run(mainClass, args, env, underXvfb, DEFAULT_MAX_HEAP_MB, DEFAULT_TIMEOUT_SECONDS);
  }

  /**
   * Runs {@code mainClass} with {@code args}, a heap of at most {@code maxHeapMb} and its standard
   * input closed; fails when it runs longer than {@code timeoutSeconds}.
   */
  public static Result run(
      Class<?> mainClass,
      List<String> args,
      Map<String, String> env,
      boolean underXvfb,
      int maxHeapMb,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (underXvfb) {
      command.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 800x600x24"));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    command.addAll(List.of(java, "-Xmx" + maxHeapMb + "m", "-cp", classPath, mainClass.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getValue() == null) {
        builder.environment().remove(e.getKey());
      } else {
        builder.environment().put(e.getKey(), e.getValue());
      }
    }
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output;
    int exit;
    try {
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError(
            mainClass.getSimpleName() + " did not finish in " + timeoutSeconds + " s");
      }
      exit = process.exitValue();
    } finally {
      process.destroyForcibly();
    }
    String text = new String(output, StandardCharsets.UTF_8);
    return new Result(exit, List.of(text.split("\n")), text);
  }

  /** The child's exit code and its output (stdout and stderr together). */
  public record Result(int exitCode, List<String> lines, String all) {
    /** Lines starting with {@code prefix + " "}, without the prefix. */
    public List<String> with(String prefix) {
      return lines.stream()
          .filter(l -> l.startsWith(prefix + " "))
          .map(l -> l.substring(prefix.length() + 1).trim())
          .toList();
    }

    public String first(String prefix) {
      List<String> w = with(prefix);
      if (w.isEmpty()) {
        throw new AssertionError("no line '" + prefix + " ...' in the output:\n" + all);
      }
      return w.get(0);
    }

    /** The first word of each line mapped to the rest of the line (the first such line wins). */
    public Map<String, String> byFirstWord() {
      Map<String, String> out = new HashMap<>();
      for (String line : lines) {
        int space = line.indexOf(' ');
        if (space > 0) {
          out.putIfAbsent(line.substring(0, space), line.substring(space + 1).trim());
        }
      }
      return out;
    }
  }
}
