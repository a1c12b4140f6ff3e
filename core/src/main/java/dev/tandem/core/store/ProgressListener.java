package dev.tandem.core.store;

/**
 * Progress of long work (open, verify, export) for a progress bar: {@code done} of {@code total}
 * units (bytes or steps, as the method documents). Called from the working thread.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> {};

  void onProgress(long done, long total);
}
