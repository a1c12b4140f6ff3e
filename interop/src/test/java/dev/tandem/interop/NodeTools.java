package dev.tandem.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent parquet scripts in {@code src/test/node} (hyparquet, hyparquet-writer from
 * npm). Node and npm are required, never skipped: .ci/run installs them (Debian's nodejs, npm) and
 * the modules ({@code npm ci}); a checkout without the modules gets them here the same way.
 */
public final class NodeTools {
  /** The scripts' directory, from the interop module or a sibling module (runtime's CLI tests). */
  public static final Path DIR =
      (Files.isRegularFile(Path.of("src/test/node/package.json"))
              ? Path.of("src/test/node")
              : Path.of("../interop/src/test/node"))
          .toAbsolutePath()
          .normalize();

  private NodeTools() {}

  private static synchronized void ensureModules() throws Exception {
    if (Files.isDirectory(DIR.resolve("node_modules/hyparquet"))
        && Files.isDirectory(DIR.resolve("node_modules/hyparquet-writer"))) {
      return;
    }
    String out = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    if (!Files.isDirectory(DIR.resolve("node_modules/hyparquet"))) {
      fail("npm ci in " + DIR + " did not install hyparquet: " + out);
    }
  }

  /** Runs {@code node script args...} in the node directory; fails the test on a non-zero exit. */
  public static String node(String script, String... args) throws Exception {
    ensureModules();
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    return exec(cmd, 120);
  }

  private static String exec(List<String> cmd, int timeoutSeconds) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(
          cmd.get(0)
              + " not found ("
              + e.getMessage()
              + "): the LeRobot tests need Node.js and npm; install them with 'apt-get install -y"
              + " nodejs npm' (.ci/run does)");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return fail(String.join(" ", cmd) + " timed out:\n" + out);
    }
    if (p.exitValue() != 0) {
      return fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }
}
