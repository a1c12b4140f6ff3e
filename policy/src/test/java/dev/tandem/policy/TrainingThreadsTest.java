package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Training's thread count from the CPUs other processes leave free (TrainingThreads, CpuShare). */
class TrainingThreadsTest {

  static final String STAT =
      "cpu  100 5 30 800 10 1 2 7 0 0\ncpu0 50 2 15 400 5 0 1 3 0 0\nintr 12345\n";

  @Test
  void countersFromProcFilesCountStealAsBusyAndFindTimesAfterTheName() {
    // A process name with spaces and a parenthesis, as a thread may rename itself.
    String self = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 42 0";
    CpuShare.Counters c = CpuShare.counters(STAT, self);
    assertThat(c.busy()).isEqualTo(100 + 5 + 30 + 1 + 2 + 7);
    assertThat(c.total()).isEqualTo(c.busy() + 800 + 10);
    assertThat(c.self()).isEqualTo(37 + 5);
  }

  @Test
  void thisMachinesProcFilesParse() throws IOException {
    if (!Files.exists(Path.of("/proc/self/stat"))) {
      return; // not Linux: CpuShare reports nothing there, and training keeps one thread
    }
    CpuShare.Counters c = CpuShare.PROC.read();
    assertThat(c.total()).isGreaterThan(c.busy()).isPositive();
    assertThat(c.self()).isPositive();
  }

  @Test
  void othersAreTheMachinesBusyTimeLessThisProcessOverTheWindow() {
    Deque<CpuShare.Counters> readings = new ArrayDeque<>();
    CpuShare share = new CpuShare(readings::removeFirst, 2);
    readings.add(new CpuShare.Counters(1000, 5000, 300));
    assertThat(share.othersBusy()).isEmpty(); // the baseline
    // 50 ticks per CPU pass: 70 busy, 40 of them ours -> others kept 0.6 CPUs busy.
    readings.add(new CpuShare.Counters(1070, 5100, 340));
    assertThat(share.othersBusy().getAsDouble()).isCloseTo(0.6, within(1e-9));
    // Too short a window (5 ticks per CPU) is not compared, and the baseline stays.
    readings.add(new CpuShare.Counters(1080, 5110, 340));
    assertThat(share.othersBusy()).isEmpty();
    readings.add(new CpuShare.Counters(1270, 5300, 340));
    assertThat(share.othersBusy().getAsDouble()).isCloseTo(2.0, within(1e-9));
    readings.add(new CpuShare.Counters(1270, 5300, 340));
    readings.clear();
    assertThat(share.othersBusy()).isEqualTo(OptionalDouble.empty()); // unreadable: no reading
  }

  @Test
  void aThreadIsAddedOnlyWhereACpuIsFree() {
    assertThat(TrainingThreads.threadsFor(0.0, 2, 2)).isEqualTo(2);
    assertThat(TrainingThreads.threadsFor(0.2, 2, 2)).isEqualTo(2);
    assertThat(TrainingThreads.threadsFor(0.3, 2, 2)).isEqualTo(1);
    assertThat(TrainingThreads.threadsFor(2.0, 2, 2)).isEqualTo(1);
    assertThat(TrainingThreads.threadsFor(0.0, 16, 4)).isEqualTo(4);
    assertThat(TrainingThreads.threadsFor(13.5, 16, 4)).isEqualTo(2);
    assertThat(TrainingThreads.threadsFor(0.0, 1, 4)).isEqualTo(1);
  }

  @Test
  void theCountIsRechosenOncePerIntervalFromAFreshReading() {
    AtomicLong now = new AtomicLong(0);
    double[] others = {0.0};
    long[] ticks = {0, 0}; // busy, total
    // Each reading: 100 ticks per CPU later, others busy as set, this process idle.
    CpuShare share =
        new CpuShare(
            () -> {
              ticks[0] += Math.round(others[0] * 100);
              ticks[1] += 200;
              return new CpuShare.Counters(ticks[0], ticks[1], 0);
            },
            2);
    TrainingThreads threads = new TrainingThreads(share, 2, now::get);
    assertThat(threads.choose(1)).isEqualTo(1); // one asked for: nothing read
    assertThat(threads.choose(2)).isEqualTo(2); // quiet machine
    others[0] = 1.0;
    now.addAndGet(TrainingThreads.INTERVAL_NANOS / 2);
    assertThat(threads.choose(2)).isEqualTo(2); // not rechosen within the interval
    now.addAndGet(TrainingThreads.INTERVAL_NANOS / 2);
    assertThat(threads.choose(2)).isEqualTo(1); // another process took a CPU
    others[0] = 0.05;
    now.addAndGet(TrainingThreads.INTERVAL_NANOS);
    assertThat(threads.choose(2)).isEqualTo(2); // and left it
    assertThat(threads.choices()[1]).isEqualTo(2);
    assertThat(threads.choices()[2]).isEqualTo(3);
  }

  /** A real busy process is counted as others'; this process's own busy thread is not. */
  @Test
  void aBusyChildProcessCountsAsOthersAndOurOwnThreadDoesNot() throws Exception {
    if (!Files.exists(Path.of("/proc/self/stat"))) {
      return;
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    CpuShare others = new CpuShare(CpuShare.PROC, cpus);
    CpuShare all =
        new CpuShare(
            () -> {
              CpuShare.Counters c = CpuShare.PROC.read();
              return new CpuShare.Counters(c.busy(), c.total(), 0);
            },
            cpus);
    AtomicBoolean spin = new AtomicBoolean(true);
    Thread own =
        new Thread(
            () -> {
              long x = 0;
              while (spin.get()) {
                x += System.nanoTime() & 1;
              }
              if (x == -1) {
                System.out.print("");
              }
            });
    own.start();
    others.othersBusy();
    all.othersBusy();
    Thread.sleep(1000);
    double othersWhileOwnSpins = others.othersBusy().orElseThrow();
    double allWhileOwnSpins = all.othersBusy().orElseThrow();
    spin.set(false);
    own.join();
    // Our own spinning thread took most of a CPU, counted as busy but not as others'.
    assertThat(allWhileOwnSpins - othersWhileOwnSpins).isGreaterThan(0.5);
    Process child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      Thread.sleep(200);
      others.othersBusy();
      Thread.sleep(1000);
      assertThat(others.othersBusy().orElseThrow()).isGreaterThan(0.6);
    } finally {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Training allowed two threads trains, and records its choices (one or two per step). */
  @Test
  void trainingAllowedTwoThreadsChoosesOneOrTwoAndLearns() {
    DjlRuntime two = DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 2));
    BcConfig config = ReproducibilityAndSelectionTest.small(300, 5);
    DjlRuntime.takeTrainingThreadChoices();
    TrainingResult r =
        new BcTrainer(two)
            .train(
                ReproducibilityAndSelectionTest.DEMOS,
                ReproducibilityAndSelectionTest.features(),
                config);
    long[] choices = DjlRuntime.takeTrainingThreadChoices();
    assertThat(choices[1] + choices[2]).isEqualTo(300 + 1); // at the start and before each step
    for (int n = 3; n < choices.length; n++) {
      assertThat(choices[n]).isZero();
    }
    assertThat(r.last().trainLoss()).isLessThan(r.first().trainLoss());
  }
}
