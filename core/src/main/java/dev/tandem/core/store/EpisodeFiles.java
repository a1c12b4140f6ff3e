package dev.tandem.core.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The episode files of a dataset's {@code episodes/} directory, by id, and a scan over them that
 * reports progress in bytes across all of them. Opening a store and verifying a dataset both read
 * the directory this way.
 */
final class EpisodeFiles {

  private final SortedMap<Long, Path> files;
  private final long totalBytes;
  private final ProgressListener progress;
  private final FileWindow.Buffer window;
  private long doneBytes;

  private EpisodeFiles(SortedMap<Long, Path> files, long totalBytes, ProgressListener progress) {
    this.files = Collections.unmodifiableSortedMap(files);
    this.totalBytes = totalBytes;
    this.progress = progress;
    this.window =
        new FileWindow.Buffer(
            (int) Math.max(64, Math.min(EpisodeScanner.WINDOW_BYTES, totalBytes)));
  }

  /**
   * Lists {@code episodesDir} (none when it does not exist): every regular file whose name is an
   * episode file name; reports progress 0 of the total size.
   */
  static EpisodeFiles list(Path episodesDir, ProgressListener progress) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    if (Files.isDirectory(episodesDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(episodesDir)) {
        for (Path p : s) {
          OptionalLong id = StoreFormat.parseEpisodeFileName(p.getFileName().toString());
          if (id.isPresent() && Files.isRegularFile(p)) {
            files.put(id.getAsLong(), p);
          }
        }
      }
    }
    long total = 0;
    for (Path p : files.values()) {
      total += Files.size(p);
    }
    progress.onProgress(0, total);
    return new EpisodeFiles(files, total, progress);
  }

  /** The files by episode id, in id order. */
  SortedMap<Long, Path> byId() {
    return files;
  }

  /** The highest episode id with a file, or -1. */
  long maxId() {
    return files.isEmpty() ? -1 : files.lastKey();
  }

  /** Scans one of the listed files, counting its bytes as they are read. */
  EpisodeScanner.Result scan(long id, StepCodec codec) throws IOException {
    return EpisodeScanner.scan(files.get(id), id, codec, this::advance, window);
  }

  /** Counts a file that is not scanned (its bytes are done). */
  void skip(long bytes) {
    advance(bytes);
  }

  private void advance(long bytes) {
    doneBytes += bytes;
    progress.onProgress(doneBytes, totalBytes);
  }
}
