package dev.tandem.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * How many CPUs other processes kept busy since the previous reading: the machine's busy time
 * (user, nice, system, interrupts, steal: {@code /proc/stat}'s first line) minus this process's own
 * CPU time ({@code /proc/self/stat}), over the time that passed, in CPUs. Steal counts as others':
 * a hypervisor's other guests take the core as surely as a process here does. Linux only;
 * elsewhere, or when a file cannot be read, there is no reading.
 */
final class CpuShare {

  /** One reading of the counters, in clock ticks. */
  record Counters(long busy, long total, long self) {}

  /** Where the counters come from (the real files, or a test's figures). */
  interface Source {
    Counters read() throws IOException;
  }

  static final Source PROC =
      () ->
          counters(
              Files.readString(Path.of("/proc/stat")),
              Files.readString(Path.of("/proc/self/stat")));

  /** Readings closer together than this (clock ticks per CPU, 10 ms each) are not compared. */
  static final int MIN_TICKS = 10;

  private final Source source;
  private final int cpus;
  private Counters last;

  CpuShare(Source source, int cpus) {
    this.source = source;
    this.cpus = cpus;
  }

  /**
   * CPUs busy with other work since the previous reading (0 to the CPU count), or empty on the
   * first call (which takes the baseline), when less than {@link #MIN_TICKS} ticks passed, or when
   * the counters cannot be read.
   */
  OptionalDouble othersBusy() {
    Counters now;
    try {
      now = source.read();
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
    Counters before = last;
    if (before == null) {
      last = now;
      return OptionalDouble.empty();
    }
    double elapsedPerCpu = (double) (now.total() - before.total()) / cpus;
    if (elapsedPerCpu < MIN_TICKS) {
      return OptionalDouble.empty(); // too short to tell; the earlier reading stays the baseline
    }
    last = now;
    double others = (now.busy() - before.busy()) - (now.self() - before.self());
    return OptionalDouble.of(Math.max(0, Math.min(cpus, others / elapsedPerCpu)));
  }

  /** The counters from the text of {@code /proc/stat} and {@code /proc/self/stat}. */
  static Counters counters(String stat, String selfStat) {
    String line = stat.substring(0, stat.indexOf('\n') < 0 ? stat.length() : stat.indexOf('\n'));
    if (!line.startsWith("cpu ")) {
      throw new IllegalArgumentException("/proc/stat: first line is not the 'cpu' total: " + line);
    }
    String[] f = line.substring(4).trim().split("\\s+");
    long user = Long.parseLong(f[0]);
    long nice = Long.parseLong(f[1]);
    long system = Long.parseLong(f[2]);
    long idle = Long.parseLong(f[3]);
    long iowait = f.length > 4 ? Long.parseLong(f[4]) : 0;
    long irq = f.length > 5 ? Long.parseLong(f[5]) : 0;
    long softirq = f.length > 6 ? Long.parseLong(f[6]) : 0;
    long steal = f.length > 7 ? Long.parseLong(f[7]) : 0;
    long busy = user + nice + system + irq + softirq + steal;
    // The process name may hold spaces and parentheses: fields are counted after the last ')'.
    String[] s = selfStat.substring(selfStat.lastIndexOf(')') + 2).trim().split("\\s+");
    // Fields 14 and 15 of the file (utime, stime) are the 12th and 13th after the name.
    long self = Long.parseLong(s[11]) + Long.parseLong(s[12]);
    return new Counters(busy, busy + idle + iowait, self);
  }
}
