package dev.tandem.bridge.dds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import std_msgs.msg.dds.Bool;
import std_msgs.msg.dds.BoolPubSubType;

class DdsParticipantTest {

  /** stdout belongs to the program: `tandem bench` prints its JSON there. */
  @Test
  void discoveryPrintsNothingOnStdout() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (DdsParticipant a = new DdsParticipant("a", domain, "127.0.0.1", 3);
        DdsParticipant b = new DdsParticipant("b", domain, "127.0.0.1", 3)) {
      DdsParticipant.Writer<Bool> w =
          a.writer(new BoolPubSubType(), "/t", DdsParticipant.Qos.rosDefault());
      b.reader(new BoolPubSubType(), "/t", DdsParticipant.Qos.rosDefault(), m -> {});
      assertThat(w.awaitMatch(TimeUnit.SECONDS.toNanos(10))).as("the reader matched").isTrue();
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /**
   * Closing a participant while samples keep arriving: ihmc-pub-sub's subscriber delete and a
   * listener taking a sample wait for each other unless close() keeps listeners out first.
   */
  @Test
  void closingWhileSamplesArriveDoesNotHang() throws Exception {
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    try (DdsParticipant a = new DdsParticipant("a", domain, "127.0.0.1", 3)) {
      DdsParticipant.Writer<Bool> w =
          a.writer(new BoolPubSubType(), "/flood", DdsParticipant.Qos.rosDefault());
      AtomicBoolean run = new AtomicBoolean(true);
      Thread flood =
          new Thread(
              () -> {
                Bool b = new Bool();
                while (run.get()) {
                  w.write(b);
                  LockSupport.parkNanos(50_000);
                }
              });
      flood.start();
      try {
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> {
              for (int i = 0; i < 15; i++) {
                CountDownLatch got = new CountDownLatch(20);
                DdsParticipant b = new DdsParticipant("b", domain, "127.0.0.1", 3);
                b.reader(
                    new BoolPubSubType(),
                    "/flood",
                    DdsParticipant.Qos.rosDefault(),
                    m -> got.countDown());
                assertThat(got.await(10, TimeUnit.SECONDS)).as("samples arrive").isTrue();
                b.close();
              }
            });
      } finally {
        run.set(false);
        flood.join();
      }
    }
  }
}
