package dev.tandem.core.store;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link EpisodeStoreCrashTest}: records into a dataset until it is killed, and
 * prints to stdout which steps are durable ({@code DURABLE <episode> <steps> <ended>}) as the
 * store's flusher reports them.
 *
 * <p>Episode 0 is recorded and ended first; then two threads record episodes 1 and 2 at once,
 * without end, until the parent sends SIGKILL. With the argument {@code write-through} the store
 * hands each append to the OS at once, and the child also prints {@code APPENDED <episode> <steps>}
 * every 50 steps, after the append returned.
 */
public final class StoreCrashChild {

  static final int STATE = 16;
  static final int ACTION = 4;
  static final List<String> CAMS = List.of("front");
  static final int H = 8;
  static final int W = 8;

  private StoreCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean writeThrough = args.length > 1 && args[1].equals("write-through");
    PrintStream out = System.out;
    DatasetSpec spec = DatasetSpec.of(StoreFixtures.env(STATE, ACTION, CAMS, H, W));
    EpisodeStore store =
        EpisodeStore.create(dir, spec, StoreOptions.defaults().withWriteThrough(writeThrough));
    store.addDurabilityListener(
        (id, steps, ended) -> {
          synchronized (out) {
            out.println("DURABLE " + id + " " + steps + " " + ended);
            out.flush();
          }
        });
    EpisodeWriter first = store.beginEpisode(StoreFixtures.meta(0));
    for (int i = 0; i < 100; i++) {
      first.append(StoreFixtures.step(0, i, STATE, ACTION, CAMS, H, W));
    }
    first.end(EpisodeOutcome.of(EndReason.SUCCESS, true));
    store.sync();
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(w(t)));
      long seed = w(t);
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; ; i++) {
                  w.append(StoreFixtures.step(seed, i, STATE, ACTION, CAMS, H, W));
                  if (writeThrough && (i + 1) % 50 == 0) {
                    synchronized (out) {
                      out.println("APPENDED " + w.id() + " " + (i + 1));
                      out.flush();
                    }
                  }
                  if (i % 5 == 4) {
                    try {
                      Thread.sleep(1);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              },
              "recorder-" + t);
      threads[t].start();
    }
    synchronized (out) {
      out.println("RECORDING");
      out.flush();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Seed of the episode recorded by thread t (its id is t + 1). */
  static long w(int t) {
    return t + 1;
  }
}
