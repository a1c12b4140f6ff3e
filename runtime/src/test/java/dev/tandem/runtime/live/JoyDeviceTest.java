package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.DeviceReading;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.TeleopSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor_msgs.msg.dds.Joy;
import sensor_msgs.msg.dds.JoyPubSubType;

/**
 * {@code sensor_msgs/Joy} as an operator device ({@code type: joy}): a publisher on 127.0.0.1 and a
 * random domain plays joy_node; the device reads its axes and buttons through the takeover protocol
 * the viewer's devices go through.
 */
class JoyDeviceTest {
  static final ActionSpec SPEC =
      new ActionSpec(
          ActionSpec.ActionMode.EE_DELTA,
          List.of("ee.dx", "ee.dy", "ee.dz", "gripper"),
          new double[] {-1, -1, -1, -1},
          new double[] {1, 1, 1, 1});

  @TempDir Path dir;

  private static void send(DdsParticipant.Writer<Joy> w, Joy m, float[] axes, int[] buttons) {
    m.getAxes().resetQuick();
    for (float a : axes) {
      m.getAxes().add(a);
    }
    m.getButtons().resetQuick();
    for (int b : buttons) {
      m.getButtons().add(b);
    }
    w.write(m);
  }

  private static DeviceReading await(JoyConfig.JoyDevice device, Predicate<DeviceReading> until)
      throws InterruptedException {
    DeviceReading r = device.read(System.nanoTime());
    for (int i = 0; i < 300 && !until.test(r); i++) {
      Thread.sleep(10);
      r = device.read(System.nanoTime());
    }
    return r;
  }

  @Test
  void joyAxesAndButtonsDriveTheTakeoverAndAStopSilenceReadsAsLost() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    Path yaml = dir.resolve("joy.yaml");
    Files.writeString(
        yaml,
        "type: joy\ndomainId: "
            + domain
            + "\ndeadmanButton: 5\naxes: {dx: {axis: 1}, dz: {axis: 2, invert: true}}\n");
    JoyConfig config = (JoyConfig) ConfigLoader.discover().load(yaml, List.of());
    float[] still = {0, 0, 0};
    int[] none = {0, 0, 0, 0, 0, 0};
    try (DdsParticipant joyNode = new DdsParticipant("test_joy_node", domain, "127.0.0.1", 2);
        JoyConfig.JoyDevice device = (JoyConfig.JoyDevice) config.create(SPEC, null)) {
      DdsParticipant.Writer<Joy> w =
          joyNode.writer(new JoyPubSubType(), "/joy", DdsParticipant.Qos.rosDefault());
      assertThat(w.awaitMatch(10_000_000_000L)).isTrue();
      Joy m = new Joy();
      List<OperatorEvent> events = new CopyOnWriteArrayList<>();
      TeleopSession session = new TeleopSession(List.of(device), events::add);
      send(w, m, still, none);
      assertThat(await(device, DeviceReading::connected).connected()).isTrue();
      session.tick(System.nanoTime()); // seen released once: armed
      // deadman (button 5) held, stick forward half way, axis 2 at 1 (inverted: down)
      send(w, m, new float[] {0, 0.55f, 1}, new int[] {0, 0, 0, 0, 0, 1});
      DeviceReading r = await(device, DeviceReading::deadman);
      assertThat(r.deadman()).isTrue();
      // (0.55 - 0.1) / 0.9 = 0.5 after the deadzone
      assertThat(r.action().get(0)).isCloseTo(0.5f, within(1e-6f));
      assertThat(r.action().get(2)).isEqualTo(-1f);
      session.tick(System.nanoTime());
      assertThat(events)
          .anySatisfy(e -> assertThat(e).isInstanceOf(OperatorEvent.TakeoverStarted.class));
      assertThat(
              ((OperatorEvent.TakeoverStarted)
                      events.stream()
                          .filter(e -> e instanceof OperatorEvent.TakeoverStarted)
                          .findFirst()
                          .get())
                  .claim())
          .isEqualTo("operator takeover (joy)");
      // Y (3) tapped between two reads opens the gripper, and it stays open
      send(w, m, still, new int[] {0, 0, 0, 1, 0, 1});
      send(w, m, still, new int[] {0, 0, 0, 0, 0, 1});
      r = await(device, x -> x.action().get(3) == 1f);
      assertThat(r.action().get(3)).isEqualTo(1f);
      // joy_node stops while the ticker reads on (a read after a long pause of its own would
      // hold position instead, see MappedDevice#read): after staleAfterSeconds (0.5) it is lost
      long until = System.nanoTime() + 700_000_000L;
      while (System.nanoTime() < until) {
        device.read(System.nanoTime());
        Thread.sleep(50);
      }
      r = device.read(System.nanoTime());
      assertThat(r.connected()).isFalse();
      assertThat(r.problem()).contains("input stopped");
    }
  }

  @Test
  void badJoyConfigsNameTheField() {
    assertThatThrownBy(() -> new JoyConfig(null, null, null, 3, null, null, null, null, null, null))
        .hasMessageContaining("button 3 is used twice");
    assertThatThrownBy(
            () ->
                new JoyConfig(
                    null,
                    null,
                    null,
                    null,
                    java.util.Map.of("forward", new JoyConfig.Axis(1, null)),
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("axes: found 'forward'");
  }
}
