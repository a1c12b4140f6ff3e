package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/**
 * How an error reaching the CLI is classified. The permission case is built from the exception the
 * JDK throws for EACCES, because the suite may run as root, for whom permissions deny nothing
 * (read-only file systems and full disks are tested for real in {@link CliFilesystemErrorsTest}).
 */
class FailuresTest {
  @Test
  void aDeniedPathIsAUserErrorNamingThePathAndTheReason() {
    Failures.Failure f =
        Failures.of(
            new UncheckedIOException(
                "policy registry /data/reg: cannot create directory",
                new AccessDeniedException("/data/reg")));
    assertThat(f)
        .isEqualTo(
            new Failures.Failure(
                2,
                "policy registry /data/reg: cannot create directory: /data/reg: permission denied"));
  }

  @Test
  void aFullDiskIsNamedFirstWithWhereEvenWhenOnlyTheTextCarriesIt() {
    // the learner's reply carries its failure as text (it may come from another node)
    Failures.Failure f =
        Failures.of(
            new IllegalStateException(
                "round 2: training failed: java.io.UncheckedIOException: writing /r/v2.policy.tmp:"
                    + " java.io.IOException: No space left on device"));
    assertThat(f)
        .isEqualTo(
            new Failures.Failure(
                2, "no space left on device: round 2: training failed: writing /r/v2.policy.tmp"));
    Failures.Failure chained =
        Failures.of(
            new IOException(
                "writing /x/out.hdf5: Exception writing",
                new IOException("No space left on device")));
    assertThat(chained.line())
        .isEqualTo("no space left on device: writing /x/out.hdf5: Exception writing");
  }

  @Test
  void anythingElseIsABugWithExitCodeOne() {
    Failures.Failure f = Failures.of(new NullPointerException("x is null"));
    assertThat(f)
        .isEqualTo(
            new Failures.Failure(1, "internal error: java.lang.NullPointerException: x is null"));
  }
}
