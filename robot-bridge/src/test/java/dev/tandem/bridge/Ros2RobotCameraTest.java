package dev.tandem.bridge;

import static dev.tandem.bridge.Ros2RobotTest.domain;
import static dev.tandem.bridge.Ros2RobotTest.patient;
import static dev.tandem.bridge.Ros2RobotTest.robot;
import static dev.tandem.bridge.Ros2RobotTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.core.spec.FeatureSpec;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Cameras from {@code sensor_msgs/Image} in the bridge's observation: the C fake robot (Cyclone
 * DDS, a DDS implementation Tandem does not use) publishes its joint states and a test image (pixel
 * (x, y): r = x, g = y, b = x + 2y mod 256 in rgb8 or bgr8; x + y in mono8) on 127.0.0.1.
 */
class Ros2RobotCameraTest {

  static final int W = 32;
  static final int H = 24;

  static Ros2RobotConfig config(int domain, OnStale onStale) {
    Ros2RobotConfig base =
        Ros2RobotTest.config(domain, CommandInterface.POSITION, ActionMode.EE_DELTA, patient());
    return new Ros2RobotConfig(
        base.name(),
        base.urdf(),
        base.endEffectorLink(),
        base.gripperJoints(),
        base.domainId(),
        base.interfaceAddress(),
        base.participantLeaseSeconds(),
        base.jointStatesTopic(),
        base.controller(),
        base.commandInterface(),
        base.qos(),
        base.actionMode(),
        base.controlRateHz(),
        base.maxEpisodeSteps(),
        base.maxEeStepMeters(),
        // the default connect timeout (10 s): cross-DDS discovery of the fake robot's topics took
        // over 2 s once on a quiet machine, and reset refused the missing image
        null,
        base.baseInWorld(),
        base.safety(),
        null,
        null,
        List.of(new CameraTopicConfig("front", null, W, H, 0.3, onStale)),
        null,
        null);
  }

  /**
   * The observed frame, computed from the test pattern: blocks of {@code block} x {@code block}
   * source pixels from column {@code x0} (the centre crop) averaged, rounded half up.
   */
  static ImageFrame expected(int x0, int block, IntBinaryOperator... channels) {
    byte[] px = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int k = 0; k < 3; k++) {
          long sum = 0;
          for (int yy = y * block; yy < (y + 1) * block; yy++) {
            for (int xx = x0 + x * block; xx < x0 + (x + 1) * block; xx++) {
              sum += channels[channels.length == 1 ? 0 : k].applyAsInt(xx, yy) & 0xff;
            }
          }
          px[(y * W + x) * 3 + k] = (byte) Math.round(sum / (double) (block * block));
        }
      }
    }
    return new ImageFrame(H, W, 3, px);
  }

  static final IntBinaryOperator[] RGB = {(x, y) -> x, (x, y) -> y, (x, y) -> x + 2 * y};

  /** Steps until the front image is {@code frame} (or 3 s), returning the last transition. */
  static Transition untilImage(Ros2Robot env, ImageFrame frame) {
    return run(
        env, Action.of(0, 0, 0), 3, tr -> frame.equals(tr.observation().images().get("front")));
  }

  @Test
  void rgb8Bgr8AndMono8ImagesAreObservedAtThePolicysSizeCroppedAboutTheCentre() throws Exception {
    int d = domain();
    Ros2RobotConfig config = config(d, OnStale.HOLD);
    assertThat(config.spec().feature(FeatureSpec.IMAGES_PREFIX + "front").shape())
        .containsExactly(H, W, 3);
    try (FakeRobot fake = robot(d, "position")) {
      fake.send("camera rgb8 320 240");
      try (Ros2Robot env = config.create()) {
        env.reset(0);
        ImageFrame rgb = expected(0, 10, RGB);
        assertThat(untilImage(env, rgb).observation().image("front")).isEqualTo(rgb);
        // the same picture in bgr8, at half the size: the same colours, blocks of 5
        fake.send("camera bgr8 160 120");
        ImageFrame bgr = expected(0, 5, RGB);
        assertThat(bgr).isNotEqualTo(rgb);
        assertThat(untilImage(env, bgr).observation().image("front")).isEqualTo(bgr);
        // mono8, wider than 4:3: its centre 320 x 240 (from column 40), grey
        fake.send("camera mono8 400 240");
        ImageFrame mono = expected(40, 10, (x, y) -> x + y);
        Transition t = untilImage(env, mono);
        assertThat(t.observation().image("front")).isEqualTo(mono);
        assertThat(t.detail()).doesNotContain("stale");
        assertThat(env.safetyStats().ignoredInputs()).isZero();
      }
    }
  }

  @Test
  void imagesOfAnotherEncodingOrShortDataAreRefusedSayingWhyAndTheRobotHolds() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position")) {
      fake.send("camera rgba8 64 48");
      try (Ros2Robot env = config(d, OnStale.HOLD).create()) {
        assertThatThrownBy(() -> env.reset(0))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("camera front (/tandem/cameras/front/image_raw")
            .hasMessageContaining(
                "last image refused: encoding 'rgba8', expected rgb8, bgr8 or mono8");
        assertThat(env.safetyStats().ignoredInputs()).isPositive();
        fake.send("camera rgb8 64 48");
        env.reset(1);
        Action up = Action.of(0, 0, 1);
        run(env, up, 0.1, tr -> false);
        long refused = env.safetyStats().ignoredInputs();
        fake.send("camera short");
        run(env, up, 2, tr -> env.safetyStats().ignoredInputs() > refused);
        fake.send("camera off");
        Transition held = run(env, up, 2, tr -> tr.detail().contains("stale input"));
        assertThat(held.detail())
            .contains("camera front")
            .contains("last image refused: 64x48 rgb8 with step 192 and 9024 bytes of data")
            .contains("expected width and height > 0, step >= 192 and 9216 bytes")
            .contains("holding");
        assertThat(held.observation().image("front")).as("the last good image").isNotNull();
        float z0 = held.observation().state()[9];
        Transition still = run(env, up, 0.3, tr -> false);
        assertThat(still.observation().state()[9]).as("held").isCloseTo(z0, within(0.005f));
        fake.send("camera mono8 64 48");
        Transition later = run(env, up, 2, tr -> tr.observation().state()[9] > z0 + 0.02f);
        assertThat(later.observation().state()[9])
            .as("moves again by itself once images are fresh")
            .isGreaterThan(z0 + 0.02f);
        assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
        assertThat(env.safetyStats().staleInputTicks()).isPositive();
      }
    }
  }

  @Test
  void keepLastObservesTheLastImageAndKeepsMoving() throws Exception {
    int d = domain();
    try (FakeRobot fake = robot(d, "position")) {
      fake.send("camera rgb8 320 240");
      try (Ros2Robot env = config(d, OnStale.KEEP_LAST).create()) {
        env.reset(0);
        Action up = Action.of(0, 0, 1);
        run(env, up, 0.1, tr -> false);
        fake.send("camera off");
        Transition stale = run(env, up, 2, tr -> tr.detail().contains("stale input"));
        assertThat(stale.detail()).contains("camera front").contains("last kept");
        float z0 = stale.observation().state()[9];
        Transition later = run(env, up, 0.3, tr -> false);
        assertThat(later.observation().state()[9]).as("still moving").isGreaterThan(z0 + 0.01f);
        assertThat(later.observation().image("front")).isEqualTo(expected(0, 10, RGB));
        assertThat(env.hold()).isEqualTo(Ros2Robot.Hold.NONE);
      }
    }
  }
}
