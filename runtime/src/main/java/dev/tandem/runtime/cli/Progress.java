package dev.tandem.runtime.cli;

import dev.tandem.runtime.experiment.ExperimentProgress;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long work (stdout stays clean for results and JSON). Silent when
 * {@code quiet}. Also how an experiment shows its progress on the command line ({@link #bars}).
 */
public final class Progress implements ExperimentProgress.Bar {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  public static Progress start(String task, long total, boolean quiet) {
    if (quiet) {
      return new Progress(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(total, 1))
            .setStyle(
                System.console() != null
                    ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK
                    : ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .setMaxRenderedLength(100)
            .setEtaFunction(s -> java.util.Optional.empty())
            .continuousUpdate()
            .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
            .build();
    return new Progress(bar);
  }

  /** An experiment's progress as bars ({@code quiet}: none). */
  public static ExperimentProgress bars(boolean quiet) {
    return (task, total) -> start(task, total, quiet);
  }

  public void stepTo(long n) {
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  /** For listeners that report {@code done} of {@code total} (the total may grow). */
  public void update(long done, long total) {
    if (bar != null) {
      if (total > 0 && total != bar.getMax()) {
        bar.maxHint(total);
      }
      bar.stepTo(done);
    }
  }

  @Override
  public void step() {
    if (bar != null) {
      bar.step();
    }
  }

  public void message(String m) {
    if (bar != null) {
      bar.setExtraMessage(m);
    }
  }

  public Duration elapsed() {
    return bar == null ? Duration.ZERO : bar.getTotalElapsed();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
