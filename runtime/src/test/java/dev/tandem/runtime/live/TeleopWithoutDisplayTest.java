package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.testing.ChildJvm;
import dev.tandem.runtime.cli.TandemCli;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a display, {@code tandem teleop} says so in one line and exits with 2. */
class TeleopWithoutDisplayTest {
  @Test
  void saysADisplayIsNeededAndExitsWithTwo() throws Exception {
    Path out = Path.of("target", "live-teleop-nodisplay").toAbsolutePath();
    Map<String, String> noDisplay = new HashMap<>();
    noDisplay.put("DISPLAY", null);
    ChildJvm.Result r =
        ChildJvm.run(
            TandemCli.class,
            List.of(
                "teleop",
                LiveTeleopXvfbTest.configs().resolve("teleop/session.yaml").toString(),
                "--out",
                out.toString()),
            noDisplay,
            false,
            512,
            60);
    List<String> lines = r.all().lines().filter(l -> !l.isBlank()).toList();
    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(lines).as(r.all()).hasSize(1);
    assertThat(lines.get(0)).startsWith("tandem: teleop needs a display").contains("xvfb-run");
    assertThat(out.resolve("data")).as("nothing recorded").doesNotExist();
  }
}
