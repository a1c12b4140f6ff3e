package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker whose work does not stop after its node was downed logs where that work is. */
class WorkThreadsLogTest {

  @Test
  void theLogNamesEachWorkThreadAndWhereItWaits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Thread t =
        new Thread(
            () ->
                ClusterWorker.counted(
                        () -> {
                          started.countDown();
                          return waitForRelease(release);
                        })
                    .get(),
            "tandem-cell-under-test");
    t.start();
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // until it waits where the test put it (just after countDown it may still be leaving that)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ClusterWorker.logWorkThreads(new PrintStream(out, true, StandardCharsets.UTF_8));
      String log = out.toString(StandardCharsets.UTF_8);
      assertThat(log)
          .contains("work item(s) still running")
          .contains("\"tandem-cell-under-test\"")
          .contains("WorkThreadsLogTest.waitForRelease");
    } finally {
      release.countDown();
      t.join(10_000);
    }
    ByteArrayOutputStream after = new ByteArrayOutputStream();
    ClusterWorker.logWorkThreads(new PrintStream(after, true, StandardCharsets.UTF_8));
    assertThat(after.toString(StandardCharsets.UTF_8)).doesNotContain("tandem-cell-under-test");
    assertThat(t.isAlive()).isFalse();
  }

  private static boolean waitForRelease(CountDownLatch release) {
    try {
      return release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
