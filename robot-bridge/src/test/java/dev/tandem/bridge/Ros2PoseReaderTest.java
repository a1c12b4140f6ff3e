package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.scene.Pose;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Object poses over DDS on 127.0.0.1 land in the world frame: stamped in the robot's base link,
 * placed by {@code baseInWorld}; stamped {@code world}, as they are; any other frame, ignored.
 */
class Ros2PoseReaderTest {

  private static Ros2RobotServer publisher(int domain, String prefix, String frame) {
    return new Ros2RobotServer(
        new Ros2RobotServer.Settings(
            "test_" + frame,
            domain,
            "127.0.0.1",
            3,
            "/joint_states_" + frame,
            "/controller_" + frame,
            CommandInterface.POSITION,
            prefix,
            frame,
            DdsParticipant.Qos.rosDefault(),
            null),
        List.of("j"),
        List.of("j"),
        System::nanoTime);
  }

  @Test
  void posesInTheBaseLinkAreTurnedIntoTheWorldThoseInWorldKeptOthersIgnored() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    Ros2RobotConfig robot =
        ConfigLoader.discover()
            .load(
                Path.of("../configs/ros2/panda.yaml"),
                Ros2RobotConfig.class,
                List.of(
                    "domainId=" + domain,
                    "participantLeaseSeconds=3",
                    // a quarter turn about z: base x is world y
                    "baseInWorld.rpyRad=[0, 0, " + Math.PI / 2 + "]"));
    Pose p = new Pose(0.5, 0.1, 0.2, 0, 0, 0, 1);
    try (Ros2RobotServer base = publisher(domain, "/base", "panda_link0");
        Ros2RobotServer world = publisher(domain, "/world", "world");
        Ros2RobotServer mocap = publisher(domain, "/mocap", "mocap");
        Ros2PoseReader reader =
            new Ros2PoseReader("test_reader", robot, List.of("/base/o", "/world/o", "/mocap/o"))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((reader.latest("/base/o").isEmpty()
              || reader.latest("/world/o").isEmpty()
              || reader.ignored() == 0)
          && System.nanoTime() < deadline) {
        base.publishPose("o", p, 0);
        world.publishPose("o", p, 0);
        mocap.publishPose("o", p, 0);
        Thread.sleep(10);
      }
      Pose b = reader.latest("/base/o").orElseThrow();
      // base (0.5, 0.1, 0.2) turned: (-0.1, 0.5, 0.2), then moved by (-0.6, 0, 0)
      assertThat(new double[] {b.x(), b.y(), b.z()})
          .containsExactly(new double[] {-0.7, 0.5, 0.2}, within(1e-12));
      double s = Math.sqrt(0.5);
      assertThat(new double[] {b.qx(), b.qy(), b.qz(), b.qw()})
          .containsExactly(new double[] {0, 0, s, s}, within(1e-12));
      assertThat(reader.latest("/world/o")).contains(p);
      assertThat(reader.latest("/mocap/o")).isEmpty();
      assertThat(reader.ignored()).isPositive();
    }
  }
}
