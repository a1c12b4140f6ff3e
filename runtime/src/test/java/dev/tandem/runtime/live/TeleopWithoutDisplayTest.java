package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.runtime.cli.TandemCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a display, {@code tandem teleop} says so in one line and exits with 2. */
class TeleopWithoutDisplayTest {
  @Test
  void saysADisplayIsNeededAndExitsWithTwo() throws Exception {
    Path out = Path.of("target", "live-teleop-nodisplay").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                classPath,
                TandemCli.class.getName(),
                "teleop",
                LiveTeleopXvfbTest.configs().resolve("teleop/session.yaml").toString(),
                "--out",
                out.toString()));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().remove("DISPLAY");
    Process p = b.start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(p.exitValue()).as(text).isEqualTo(2);
    assertThat(lines).as(text).hasSize(1);
    assertThat(lines.get(0)).startsWith("tandem: teleop needs a display").contains("xvfb-run");
    assertThat(out.resolve("data")).as("nothing recorded").doesNotExist();
  }
}
