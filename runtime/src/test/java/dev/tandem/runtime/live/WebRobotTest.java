package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.runtime.Json;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.ViewerConfig;
import dev.tandem.web.WebConsole;
import dev.tandem.web.WebConsoleConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A robot's recorded steps as frames on a real console socket (127.0.0.1): the policy's camera
 * images reach the page as PNGs with their pixels, and each step's source picks the banner mode and
 * colour of the desktop viewer (STOPPED included).
 */
class WebRobotTest {
  static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/Camera",
          new RobotSpec(
              "slider",
              List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1)),
              "tip",
              Optional.empty(),
              new RobotSpec.CartesianLimits(1, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
          List.of(
              FeatureSpec.vector(FeatureSpec.STATE, 3, "", List.of()),
              FeatureSpec.image("front", 4, 6)),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA,
              List.of("ee.dx", "ee.dy", "ee.dz", "gripper"),
              new double[] {-1, -1, -1, -1},
              new double[] {1, 1, 1, 1}),
          10,
          100,
          Map.of());

  @Test
  void camerasAndModesReachThePage() throws Exception {
    WebRobot robot = new WebRobot("r1", SPEC, ViewerConfig.defaults(), BiasSettings.defaults());
    try (WebConsole console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot))) {
      robot.publishTo(console);
      Inbox page = Inbox.connect(console.address());
      page.next("hello");
      robot.began(new EpisodeMeta(SPEC.name(), 1, null, "v1", "op", Instant.EPOCH, Map.of()));
      page.next("frame");

      byte[] pixels = new byte[4 * 6 * 3];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (i * 7);
      }
      ImageFrame front = new ImageFrame(4, 6, 3, pixels);
      robot.recorded(step(0, ControlSource.POLICY, front));
      JsonNode f = page.next("frame");
      assertThat(f.at("/status/mode").asText()).isEqualTo("AUTONOMOUS");
      JsonNode camera = f.at("/status/cameras/0");
      assertThat(camera.path("name").asText()).isEqualTo("front");
      BufferedImage png =
          ImageIO.read(
              new ByteArrayInputStream(
                  Base64.getDecoder().decode(camera.path("pngBase64").asText())));
      assertThat(png.getWidth()).isEqualTo(6);
      assertThat(png.getHeight()).isEqualTo(4);
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 6; x++) {
          int i = (y * 6 + x) * 3;
          int rgb = (pixels[i] & 0xff) << 16 | (pixels[i + 1] & 0xff) << 8 | (pixels[i + 2] & 0xff);
          assertThat(png.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(rgb);
        }
      }

      robot.recorded(step(1, ControlSource.STOPPED, front));
      f = page.next("frame");
      assertThat(f.at("/status/mode").asText()).isEqualTo("STOPPED");
      float[] red = ControlMode.STOPPED.rgb();
      for (int k = 0; k < 3; k++) {
        assertThat(f.at("/status/modeRgb/" + k).floatValue()).isEqualTo(red[k]);
      }
      assertThat(f.at("/status/cameras").size()).as("images every second step").isZero();
      assertThat(f.at("/status/event").asText()).contains("control POLICY -> STOPPED");

      robot.recorded(step(2, ControlSource.CORRECTED, front));
      assertThat(page.next("frame").at("/status/mode").asText()).isEqualTo("CORRECTING");
    }
  }

  private static Step step(int index, ControlSource source, ImageFrame front) {
    return new Step(
        index,
        new Observation(new float[3], Map.of("front", front), index),
        new Action(new float[] {0.1f, 0, 0, 0}),
        new Action(new float[] {0, 0, 0, 0}),
        source,
        -1,
        0f,
        false,
        false,
        List.of(),
        index);
  }

  /** The page's side of the socket: the console's messages, in order. */
  static final class Inbox implements WebSocket.Listener {
    final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    static Inbox connect(URI page) {
      Inbox in = new Inbox();
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .buildAsync(URI.create(page.toString().replaceFirst("^http", "ws") + "ws"), in)
          .join();
      return in;
    }

    /** The next message of type {@code t} (others are passed over). */
    JsonNode next(String t) throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        String m = messages.poll(50, TimeUnit.MILLISECONDS);
        if (m != null) {
          JsonNode n = Json.mapper().readTree(m);
          if (t.equals(n.path("t").asText())) {
            return n;
          }
        }
      }
      throw new AssertionError("no '" + t + "' message");
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      w.request(1);
      return null;
    }
  }
}
