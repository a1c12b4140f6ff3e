package dev.tandem.runtime.experiment;

import java.io.PrintStream;

/**
 * Where an experiment shows how far its long steps are (demos, batches of episodes): the command
 * line draws progress bars, a quiet run shows nothing.
 */
@FunctionalInterface
public interface ExperimentProgress {

  /** Shows nothing. */
  ExperimentProgress NONE = (label, total) -> Bar.NONE;

  /** One step of {@code total} units, named {@code label}; closed when the step ends. */
  Bar start(String label, long total);

  /** The progress of one step. */
  interface Bar extends AutoCloseable {
    Bar NONE =
        new Bar() {
          @Override
          public void step() {}

          @Override
          public void close() {}
        };

    /** One more unit done. */
    void step();

    @Override
    void close();
  }

  /** A line on {@code out} as each step ends ({@code label: done n/total}). */
  static ExperimentProgress lines(PrintStream out) {
    return (label, total) ->
        new Bar() {
          private long done;

          @Override
          public void step() {
            done++;
          }

          @Override
          public void close() {
            out.printf("%s: done %d/%d%n", label, done, total);
          }
        };
  }
}
