package dev.tandem.policy.checkpoint;

import dev.tandem.core.policy.PolicyVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An on-disk directory of policy versions. Each published checkpoint gets the next number (numbers
 * only grow, also after a rollback or a deleted file) and is written atomically as {@code
 * v000012.policy}; {@code CURRENT} names the version being served, which {@link #rollback()} moves
 * back without deleting anything. Loading verifies the file's checksum.
 *
 * <p>Publishing and rollback hold a file lock, so several processes may share a registry.
 */
public final class PolicyRegistry {

  private static final Pattern FILE = Pattern.compile("v(\\d{6,})\\.policy");
  private static final String CURRENT = "CURRENT";
  private static final String SEQUENCE = "SEQUENCE";
  private static final String LOCK = ".lock";

  private static final java.util.concurrent.ConcurrentHashMap<Path, Object> MONITORS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path dir;

  public PolicyRegistry(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("policy registry " + dir + ": cannot create directory", e);
    }
  }

  public Path directory() {
    return dir;
  }

  /** Stores {@code checkpoint} as the next version and makes it current. */
  public PolicyVersion publish(Checkpoint checkpoint) {
    byte[] encoded = CheckpointCodec.encode(checkpoint);
    return locked(
        () -> {
          long next = Math.max(readSequence(), highestOnDisk()) + 1;
          PolicyVersion v = new PolicyVersion(next, CheckpointCodec.contentHash(encoded));
          writeAtomically(file(next), encoded);
          writeAtomically(
              dir.resolve(SEQUENCE), Long.toString(next).getBytes(StandardCharsets.UTF_8));
          writeCurrent(v);
          return v;
        });
  }

  /** All stored versions, oldest first (hashes as recorded in each file, not verified). */
  public List<PolicyVersion> list() {
    List<PolicyVersion> out = new ArrayList<>();
    for (long n : numbersOnDisk()) {
      out.add(new PolicyVersion(n, storedHash(n)));
    }
    return out;
  }

  public Optional<PolicyVersion> latest() {
    List<PolicyVersion> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The version being served, if any was published. */
  public Optional<PolicyVersion> current() {
    Path p = dir.resolve(CURRENT);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    try {
      String[] parts = Files.readString(p, StandardCharsets.UTF_8).trim().split("\\s+");
      return Optional.of(new PolicyVersion(Long.parseLong(parts[0]), parts[1]));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "policy registry " + dir + ": " + CURRENT + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Loads and verifies version {@code number}. */
  public StoredPolicy load(long number) {
    Path f = file(number);
    if (!Files.exists(f)) {
      throw new IllegalArgumentException(
          "policy registry " + dir + " has no version " + number + "; it has " + numbersOnDisk());
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + f, e);
    }
    Checkpoint c = CheckpointCodec.decode(bytes, f);
    return new StoredPolicy(new PolicyVersion(number, CheckpointCodec.contentHash(bytes)), c);
  }

  /** Loads {@code version}, also checking that its content hash is the one given. */
  public StoredPolicy load(PolicyVersion version) {
    StoredPolicy p = load(version.number());
    if (!p.version().contentHash().equals(version.contentHash())) {
      throw new CorruptCheckpointException(
          file(version.number()),
          "content hash "
              + p.version().contentHash()
              + " differs from the requested "
              + version.contentHash());
    }
    return p;
  }

  public StoredPolicy loadCurrent() {
    return load(
        current()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "policy registry " + dir + " is empty: train or publish a policy first")));
  }

  /** Makes the newest version older than the current one current, and returns it. */
  public PolicyVersion rollback() {
    PolicyVersion cur =
        current()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "policy registry " + dir + " has nothing to roll back"));
    long previous = -1;
    for (long n : numbersOnDisk()) {
      if (n < cur.number()) {
        previous = n;
      }
    }
    if (previous < 0) {
      throw new IllegalStateException(
          "policy registry " + dir + ": " + cur + " is the oldest version, cannot roll back");
    }
    return rollbackTo(previous);
  }

  /** Makes version {@code number} current (after verifying it) and returns it. */
  public PolicyVersion rollbackTo(long number) {
    PolicyVersion v = load(number).version();
    return locked(
        () -> {
          writeCurrent(v);
          return v;
        });
  }

  /** The file version {@code number} is (or would be) stored in. */
  public Path file(long number) {
    return dir.resolve(String.format("v%06d.policy", number));
  }

  private String storedHash(long number) {
    Path f = file(number);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < CheckpointCodec.DIGEST_BYTES) {
        return "";
      }
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(CheckpointCodec.DIGEST_BYTES);
      ch.read(buf, size - CheckpointCodec.DIGEST_BYTES);
      return java.util.HexFormat.of().formatHex(buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + f, e);
    }
  }

  private List<Long> numbersOnDisk() {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> FILE.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing policy registry " + dir, e);
    }
  }

  private long highestOnDisk() {
    List<Long> all = numbersOnDisk();
    return all.isEmpty() ? 0 : all.get(all.size() - 1);
  }

  private long readSequence() {
    Path p = dir.resolve(SEQUENCE);
    try {
      return Files.exists(p) ? Long.parseLong(Files.readString(p).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "policy registry " + dir + ": " + SEQUENCE + " is unreadable: " + e.getMessage(), e);
    }
  }

  private void writeCurrent(PolicyVersion v) {
    writeAtomically(
        dir.resolve(CURRENT),
        (v.number() + " " + v.contentHash() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void writeAtomically(Path target, byte[] content) {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw new UncheckedIOException("writing " + tmp, e);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw new UncheckedIOException("moving " + tmp + " to " + target, e);
    }
  }

  /** A failed write leaves no half-written temporary file behind (a full disk, say). */
  private static void deleteQuietly(Path tmp, IOException cause) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private <T> T locked(java.util.function.Supplier<T> work) {
    // One monitor per directory in this JVM (file locks do not exclude threads of one process),
    // the file lock against other processes.
    Object monitor = MONITORS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new Object());
    synchronized (monitor) {
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return work.get();
      } catch (IOException e) {
        throw new UncheckedIOException("locking policy registry " + dir, e);
      }
    }
  }
}
