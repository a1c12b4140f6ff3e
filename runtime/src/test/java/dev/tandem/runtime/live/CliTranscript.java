package dev.tandem.runtime.live;

import java.io.Writer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live command's terminal as a probe sees it: each line is echoed as "cli ..." (for the test that
 * reads the probe's output) without the "[07:31:02.418] " stamp the session puts before it, and
 * kept in order for {@link #await}. A line without the stamp is echoed as "unstamped ..." too.
 */
final class CliTranscript extends Writer {
  /** "[07:31:02.418] " before every line the session prints. */
  static final Pattern STAMP = Pattern.compile("^\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] ");

  private final String command;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final StringBuilder line = new StringBuilder();
  private int cursor;

  /** {@code command} names the command in a timeout's message, e.g. "tandem teleop". */
  CliTranscript(String command) {
    this.command = command;
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      if (c == '\n') {
        String raw = line.toString();
        line.setLength(0);
        Matcher m = STAMP.matcher(raw);
        String l = m.find() ? raw.substring(m.end()) : raw;
        if (l == raw) {
          System.out.println("unstamped " + raw);
        }
        System.out.println("cli " + l);
        seen.add(l);
      } else if (c != '\r') {
        line.append(c);
      }
    }
  }

  @Override
  public void flush() {
    System.out.flush();
  }

  @Override
  public void close() {}

  /** The next line after the last awaited one that matches (the output is read in order). */
  String await(Predicate<String> match, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (int i = cursor; i < seen.size(); i++) {
        if (match.test(seen.get(i))) {
          cursor = i + 1;
          return seen.get(i);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching line from " + command + " within " + seconds + " s");
  }

  /** Whether a line after the last awaited one matches, without waiting or moving on. */
  boolean seen(Predicate<String> match) {
    for (int i = cursor; i < seen.size(); i++) {
      if (match.test(seen.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** The first line that matches, even one before the last awaited one (a line said once). */
  String awaitEver(Predicate<String> match, long seconds) throws InterruptedException {
    int from = cursor;
    cursor = 0;
    try {
      return await(match, seconds);
    } finally {
      cursor = Math.max(cursor, from);
    }
  }
}
