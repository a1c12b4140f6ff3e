package dev.tandem.teleop.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.testing.ChildJvm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a display the viewer command says what to do and exits with code 2. */
class ViewerWithoutDisplayTest {
  @Test
  void the_viewer_command_without_a_display_says_to_use_xvfb_or_set_display() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DISPLAY", null);
    ChildJvm.Result r = ChildJvm.run(ViewerMain.class, List.of("--seconds", "1"), env, false);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.all()).contains("tandem viewer: no display: run under xvfb-run or set DISPLAY");
  }

  @Test
  void a_bad_viewer_config_names_the_file_and_field() throws Exception {
    java.nio.file.Path bad = java.nio.file.Files.createTempFile("viewer", ".yaml");
    java.nio.file.Files.writeString(bad, "type: viewer\nwidth: 20\n");
    try {
      ChildJvm.Result r = ChildJvm.run(ViewerMain.class, List.of(bad.toString()), Map.of(), false);
      assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
      assertThat(r.all()).contains(bad.toString() + ":2").contains("width").contains("found 20");
    } finally {
      java.nio.file.Files.deleteIfExists(bad);
    }
  }
}
