package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import sensor_msgs.msg.dds.JointState;

/**
 * {@link JointStateTracker#await}: the control loop gets each new state (in order, none twice)
 * while states come at 200 Hz, and a timeout once they stop. (How promptly is {@code tandem bench
 * bridge}'s to say.)
 */
class JointStateTrackerTest {
  private static final List<String> JOINTS = List.of("a", "b");

  @Test
  void awaitGivesEachNewStateOnceAndTimesOutWhenTheyStop() throws Exception {
    JointStateTracker t = new JointStateTracker(JOINTS, JOINTS, System::nanoTime);
    AtomicBoolean run = new AtomicBoolean(true);
    Thread robot =
        new Thread(
            () -> {
              long stamp = 1;
              while (run.get()) {
                t.accept(state(stamp++));
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    robot.start();
    List<JointStateTracker.Sample> got = new ArrayList<>();
    long after = System.nanoTime();
    try {
      for (int i = 0; i < 100; i++) {
        JointStateTracker.Sample s = t.await(after, TimeUnit.SECONDS.toNanos(2));
        assertThat(s).as("state %d", i).isNotNull();
        got.add(s);
        after = s.arrivalNanos();
      }
    } finally {
      run.set(false);
      robot.join();
    }
    for (int i = 1; i < got.size(); i++) {
      assertThat(got.get(i).stampNanos())
          .as("newer than the one before")
          .isGreaterThan(got.get(i - 1).stampNanos());
    }
    long start = System.nanoTime();
    assertThat(t.await(after, TimeUnit.MILLISECONDS.toNanos(200))).as("no more states").isNull();
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  private static JointState state(long stamp) {
    JointState m = new JointState();
    for (String j : JOINTS) {
      m.getName().add(j);
      m.getPosition().add(0.1);
    }
    m.getHeader().getStamp().setSec((int) (stamp / 1000));
    m.getHeader().getStamp().setNanosec((int) (stamp % 1000) * 1000);
    return m;
  }
}
