package dev.tandem.teleop.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.teleop.viewer.ViewerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example configs load; bad ones fail naming the field and what was expected. */
class DeviceConfigTest {
  static final Path CONFIGS = Path.of("..", "configs", "teleop");
  final ConfigLoader loader = ConfigLoader.discover();

  @Test
  void every_example_config_in_configs_teleop_loads() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(CONFIGS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    // session.yaml is the runtime's live-session config (type: teleop_session), loaded by the
    // runtime's AllConfigsLoadTest where its type is registered
    files = files.stream().filter(p -> !p.getFileName().toString().equals("session.yaml")).toList();
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("keyboard.yaml", "gamepad.yaml", "spacemouse.yaml", "viewer.yaml");
    for (Path f : files) {
      assertThat(loader.load(f, List.of())).as(f.toString()).isNotNull();
    }
    GamepadConfig pad = (GamepadConfig) loader.load(CONFIGS.resolve("gamepad.yaml"), List.of());
    assertThat(pad.deadman().button()).isEqualTo("left_bumper");
    assertThat(pad.axes().get("dz").positive()).isEqualTo("right_trigger");
    SpaceMouseConfig mouse =
        (SpaceMouseConfig) loader.load(CONFIGS.resolve("spacemouse.yaml"), List.of());
    assertThat(mouse.axes()).hasSize(6);
    KeyboardConfig keys = (KeyboardConfig) loader.load(CONFIGS.resolve("keyboard.yaml"), List.of());
    assertThat(keys.deadman()).isEqualTo("left_control");
    ViewerConfig viewer = (ViewerConfig) loader.load(CONFIGS.resolve("viewer.yaml"), List.of());
    assertThat(viewer.width()).isEqualTo(960);
  }

  @Test
  void a_device_family_field_selects_the_device_by_type() {
    TeleopDeviceConfig c =
        loader.loadString("inline.yaml", "type: spacemouse\n", TeleopDeviceConfig.class, List.of());
    assertThat(c).isEqualTo(SpaceMouseConfig.defaults());
  }

  @Test
  void a_deadzone_out_of_range_names_the_file_line_and_field() {
    assertThatThrownBy(() -> loader.load(CONFIGS.resolve("gamepad.yaml"), List.of("deadzone=1.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deadzone")
        .hasMessageContaining("1.5")
        .hasMessageContaining("[0.0, 0.9]");
  }

  @Test
  void an_unknown_gamepad_axis_lists_the_known_ones() {
    String yaml = "axes:\n  dx: {axis: left_stick}\n";
    assertThatThrownBy(() -> loader.loadString("pad.yaml", yaml, GamepadConfig.class, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pad.yaml:2")
        .hasMessageContaining("axes.dx.axis")
        .hasMessageContaining("'left_stick'")
        .hasMessageContaining("left_x");
  }

  @Test
  void an_unknown_motion_axis_key_is_an_error() {
    String yaml = "axes:\n  dw: {axis: left_x}\n";
    assertThatThrownBy(() -> loader.loadString("pad.yaml", yaml, GamepadConfig.class, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'dw'")
        .hasMessageContaining("dx");
  }

  @Test
  void a_control_bound_twice_is_refused() {
    String yaml = "deadman: {button: a}\ngripperClose: a\n";
    assertThatThrownBy(() -> loader.loadString("pad.yaml", yaml, GamepadConfig.class, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'a' is already bound to deadman");
  }

  @Test
  void a_printable_key_cannot_drive_because_it_types_the_correction() {
    String yaml = "deadman: space\n";
    assertThatThrownBy(() -> loader.loadString("keys.yaml", yaml, KeyboardConfig.class, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deadman")
        .hasMessageContaining("'space'")
        .hasMessageContaining("left_control");
    String wasd = "keys:\n  dx: {positive: w, negative: s}\n";
    assertThatThrownBy(() -> loader.loadString("keys.yaml", wasd, KeyboardConfig.class, List.of()))
        .hasMessageContaining("positive")
        .hasMessageContaining("'w'");
  }

  @Test
  void unknown_keys_are_errors() {
    assertThatThrownBy(
            () ->
                loader.loadString(
                    "mouse.yaml",
                    "deadzone: 0.1\nsensitivity: 2\n",
                    SpaceMouseConfig.class,
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mouse.yaml:2")
        .hasMessageContaining("unknown key");
  }

  @Test
  void a_deadman_needs_exactly_one_of_button_or_axis() {
    assertThatThrownBy(() -> new GamepadDeadman("a", "left_trigger", null))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new GamepadDeadman(null, null, null)).hasMessageContaining("neither");
  }
}
