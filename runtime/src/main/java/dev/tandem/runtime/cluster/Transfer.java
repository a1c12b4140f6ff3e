package dev.tandem.runtime.cluster;

import dev.tandem.runtime.actors.TandemMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Files between nodes in chunks the receiver asks for one at a time: each chunk fits Artery's
 * ordinary frame (256 KiB), so bulk data needs no large-message settings, and the receiver's pace
 * is the flow control (nothing queues up and nothing is dropped). A file is served from its owner's
 * folder by name; names never leave that folder.
 */
final class Transfer {
  static final int CHUNK_BYTES = 192 * 1024;

  private Transfer() {}

  /** Asks for the bytes of {@code file} from {@code offset}. */
  record FetchChunk(String file, long offset, ActorRef<Chunk> replyTo)
      implements WorkerActor.Command,
          CoordinatorActor.Command,
          LearnerNodeActor.Command,
          ActorNodeActor.Command,
          TandemMessage {}

  /**
   * Up to {@link #CHUNK_BYTES} of {@code file} from {@code offset}; {@code last} when the file ends
   * with it; {@code error} (and no bytes) when the file cannot be served.
   */
  record Chunk(String file, long offset, byte[] bytes, boolean last, String error)
      implements WorkerActor.Command,
          CoordinatorActor.Command,
          LearnerNodeActor.Command,
          ActorNodeActor.Command,
          TandemMessage {}

  /** Serves a chunk of a file of {@code dir}. */
  static Chunk serve(Path dir, FetchChunk f) {
    Path p = dir.resolve(f.file()).normalize();
    if (!p.getParent().equals(dir.normalize()) || !Files.isRegularFile(p)) {
      return new Chunk(f.file(), f.offset(), new byte[0], true, "no file " + f.file());
    }
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
      long size = raf.length();
      int n = (int) Math.max(0, Math.min(CHUNK_BYTES, size - f.offset()));
      byte[] bytes = new byte[n];
      raf.seek(f.offset());
      raf.readFully(bytes);
      return new Chunk(f.file(), f.offset(), bytes, f.offset() + n >= size, null);
    } catch (IOException e) {
      return new Chunk(f.file(), f.offset(), new byte[0], true, f.file() + ": " + e.getMessage());
    }
  }

  /**
   * Appends a chunk to {@code target} (created by the first chunk); returns the offset to ask for
   * next.
   *
   * @throws IllegalStateException when the chunk reports an error or is out of order
   */
  static long receive(Chunk c, Path target, long expectedOffset) {
    if (c.error() != null) {
      throw new IllegalStateException(c.error());
    }
    if (c.offset() != expectedOffset) {
      throw new IllegalStateException(
          c.file() + ": chunk at " + c.offset() + ", expected " + expectedOffset);
    }
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream out =
          Files.newOutputStream(
              target,
              StandardOpenOption.CREATE,
              c.offset() == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
        out.write(c.bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    return c.offset() + c.bytes().length;
  }
}
