package dev.tandem.interop;

import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/**
 * The episode store an import writes: created as {@code <out>.partial}, moved to {@code out} only
 * when every episode is in, removed on failure, so nothing half-written is left behind.
 */
public final class ImportTarget implements AutoCloseable {
  private final Path out;
  private final Path tmp;
  private final EpisodeStore store;
  private boolean committed;

  private ImportTarget(Path out, Path tmp, EpisodeStore store) {
    this.out = out;
    this.tmp = tmp;
    this.store = store;
  }

  /** Refuses, before any work, a target that exists or whose parent directory is missing. */
  public static void check(Path out) throws IOException {
    if (Files.exists(out)) {
      throw new FileAlreadyExistsException(
          out.toString(), null, "already exists; import into a new dataset directory");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new NoSuchFileException(
          out.toString(), null, "the directory " + parent + " does not exist");
    }
  }

  public static ImportTarget create(Path out, DatasetSpec spec) throws IOException {
    check(out);
    Path tmp = out.resolveSibling(out.getFileName() + ".partial");
    deleteTree(tmp);
    return new ImportTarget(out, tmp, EpisodeStore.create(tmp, spec));
  }

  public EpisodeStore store() {
    return store;
  }

  /** Closes the store and moves it into place. */
  public void commit() throws IOException {
    store.close();
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  /** Removes the partial store unless committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      store.close();
      deleteTree(tmp);
    }
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
