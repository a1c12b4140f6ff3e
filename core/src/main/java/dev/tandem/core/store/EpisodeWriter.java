package dev.tandem.core.store;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Appends the steps of one episode, in order, as they happen. {@link #append} encodes the step into
 * a preallocated buffer (CRC-32C per record, no fsync); the store's flusher writes and forces the
 * file at least every group-commit interval, after which {@link #durableSteps()} and the store's
 * {@link DurabilityListener}s report the steps as durable.
 *
 * <p>Thread-safe: appends and the end may come from any thread (calls are serialized per episode);
 * writers of different episodes are independent. A step that does not match the dataset's features
 * is rejected with an {@link IllegalArgumentException} before anything is written, so the episode
 * stays usable.
 */
public final class EpisodeWriter {

  /** A batch of bytes written to the file and awaiting a force. */
  record Pending(EpisodeWriter writer, int steps, long bytes, boolean ended, long oldestNanos) {}

  private final EpisodeStore store;
  private final long id;
  private final Path file;
  private final FileChannel channel;
  private final StepLayout layout;
  private final StepCodec codec;
  private final EpisodeMeta meta;
  private final String where;
  private final boolean writeThrough;
  private final BufferPool pool;
  private final Object lock = new Object();
  private final RecordCrc crc = new RecordCrc();
  private final LongList offsets = new LongList(1024);
  private final long[] sourceCounts = new long[StoreFormat.SOURCE_CODES];

  // Guarded by lock.
  private BufferPool.Buffer pooled;
  private ByteBuffer buf;
  private FloatBuffer floats;
  private int fill;
  private long filePos;
  private int steps;
  private long endOffset = -1;
  private boolean ended;
  private long oldestPendingNanos;

  // Written by the flusher thread only.
  private long durableBytes;
  private volatile int durableSteps;
  private volatile boolean durableEnd;
  private volatile Exception failure;
  private volatile boolean channelClosed;

  EpisodeWriter(
      EpisodeStore store,
      long id,
      Path file,
      FileChannel channel,
      StepCodec codec,
      EpisodeMeta meta,
      BufferPool pool,
      boolean writeThrough)
      throws IOException {
    this.pool = pool;
    this.writeThrough = writeThrough;
    this.store = store;
    this.id = id;
    this.file = file;
    this.channel = channel;
    this.codec = codec;
    this.layout = codec.layout();
    this.meta = meta;
    this.where = "episode " + id + " (" + file + ")";
    // Header and meta record, written now so the file is well-formed from the start.
    byte[] json = SpecJson.episodeMeta(id, meta);
    int len = StepCodec.metaRecordBytes(json.length);
    int head = StoreFormat.FILE_HEADER_BYTES + len;
    allocate(Math.max(codec.stepRecordBytes(null) * 2, head));
    StoreFormat.writeFileHeader(buf, 0, StoreFormat.EPISODE_MAGIC, id);
    StepCodec.writeMeta(buf, StoreFormat.FILE_HEADER_BYTES, len, json, crc);
    fill = head;
    oldestPendingNanos = System.nanoTime();
    writeOut();
  }

  /** Takes a buffer of at least {@code min} bytes from the pool; the current one must be empty. */
  private void allocate(int min) {
    BufferPool.Buffer next = pool.acquire(min);
    if (pooled != null) {
      pool.release(pooled);
    }
    pooled = next;
    buf = next.bytes();
    floats = next.floats();
  }

  public long id() {
    return id;
  }

  public EpisodeMeta meta() {
    return meta;
  }

  public Path file() {
    return file;
  }

  /** Appends a step of a dataset that records no environment state. */
  public void append(Step step) {
    append(step, null);
  }

  /**
   * Appends the next step. Its index must be the number of steps appended so far; its features must
   * match the dataset's.
   *
   * @param environmentState the flat environment state when the step's observation was taken
   *     (before its action), when the dataset records {@value DatasetSpec#ENVIRONMENT_STATE}; else
   *     null
   * @throws IllegalArgumentException when the step does not fit the dataset (nothing is written)
   * @throws IllegalStateException when the episode has ended
   * @throws EpisodeStoreException when an earlier write of this episode failed
   */
  public void append(Step step, float[] environmentState) {
    Objects.requireNonNull(step, "step");
    layout.check(step, environmentState, where);
    if (step.language().size() > 0xffff) {
      throw new IllegalArgumentException(
          where + " step " + step.index() + ": more than 65535 language events in one step");
    }
    byte[] language = StepCodec.encodeLanguage(step.language());
    synchronized (lock) {
      checkWritable();
      if (step.index() != steps) {
        throw new IllegalArgumentException(
            where
                + ": step index "
                + step.index()
                + " out of sequence, expected "
                + steps
                + " (steps are appended in order from 0)");
      }
      int len = codec.stepRecordBytes(language);
      int pos = reserve(len);
      codec.writeStep(buf, floats, pos, len, step, environmentState, language, crc);
      fill = pos + len;
      offsets.add(filePos + pos);
      sourceCounts[StoreFormat.sourceCode(step.source())]++;
      steps++;
      if (oldestPendingNanos == 0) {
        oldestPendingNanos = System.nanoTime();
      }
      if (writeThrough) {
        writeOut();
      }
    }
  }

  /** Ends the episode without a final observation. */
  public void end(EpisodeOutcome outcome) {
    end(outcome, Optional.empty());
  }

  /** Ends the episode as {@link EndReason#ABORTED} with a detail (e.g. the environment crashed). */
  public void abort(String detail) {
    end(new EpisodeOutcome(EndReason.ABORTED, false, detail), Optional.empty());
  }

  /**
   * Ends the episode: writes the end record (outcome, and the observation after the last step when
   * known) and hands the file to the OS; it is durable after the next group commit. The episode is
   * readable through the store as soon as this returns.
   */
  public void end(EpisodeOutcome outcome, Optional<Observation> finalObservation) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(finalObservation, "finalObservation");
    finalObservation.ifPresent(o -> layout.checkObservation(o, where + " final observation"));
    byte[] detail = outcome.detail().getBytes(StandardCharsets.UTF_8);
    EpisodeEntry entry;
    synchronized (lock) {
      checkWritable();
      int len = codec.endRecordBytes(finalObservation.isPresent(), detail);
      int pos = reserve(len);
      codec.writeEnd(
          buf, floats, pos, len, steps, outcome, finalObservation.orElse(null), detail, crc);
      fill = pos + len;
      endOffset = filePos + pos;
      ended = true;
      if (oldestPendingNanos == 0) {
        oldestPendingNanos = System.nanoTime();
      }
      writeOut();
      pool.release(pooled);
      pooled = null;
      buf = null;
      floats = null;
      entry =
          new EpisodeEntry(
              id,
              file,
              meta,
              EpisodeStatus.COMPLETE,
              outcome,
              offsets.toArray(),
              endOffset,
              finalObservation.isPresent(),
              filePos,
              filePos,
              sourceCounts.clone(),
              null,
              null);
    }
    store.episodeEnded(entry);
  }

  /** Steps appended so far. */
  public int appendedSteps() {
    synchronized (lock) {
      return steps;
    }
  }

  /** Steps forced to disk (they survive a crash). */
  public int durableSteps() {
    return durableSteps;
  }

  /** Whether the end record is forced to disk. */
  public boolean isDurablyEnded() {
    return durableEnd;
  }

  public boolean isEnded() {
    synchronized (lock) {
      return ended;
    }
  }

  /** The error that stopped this writer, if any. */
  public Optional<Exception> failure() {
    return Optional.ofNullable(failure);
  }

  long[] sourceCounts() {
    synchronized (lock) {
      return sourceCounts.clone();
    }
  }

  long bytesAppended() {
    synchronized (lock) {
      return filePos + fill;
    }
  }

  private void checkWritable() {
    if (failure != null) {
      throw new EpisodeStoreException(
          file, where + ": an earlier write failed: " + failure.getMessage(), failure);
    }
    if (ended) {
      throw new IllegalStateException(where + " has ended; begin a new episode");
    }
  }

  /** Room for {@code len} bytes at the returned buffer position (writes out a full buffer). */
  private int reserve(int len) {
    if (fill + len > buf.capacity()) {
      writeOut();
      if (len > buf.capacity()) {
        allocate(len);
      }
    }
    return fill;
  }

  /** Writes the buffered bytes to the file (page cache, no force). Caller holds the lock. */
  private void writeOut() {
    if (fill == 0) {
      return;
    }
    ByteBuffer d = buf.duplicate();
    d.position(0).limit(fill);
    try {
      long at = filePos;
      while (d.hasRemaining()) {
        at += channel.write(d, at);
      }
    } catch (IOException e) {
      failure = e;
      throw new EpisodeStoreException(file, where + ": write failed: " + e.getMessage(), e);
    }
    filePos += fill;
    fill = 0;
  }

  // ------------------------------------------------------------ flusher side

  /** Writes out buffered bytes; returns what awaits a force, or null when nothing does. */
  Pending drain() {
    synchronized (lock) {
      if (failure != null || channelClosed) {
        return null;
      }
      writeOut();
      if (filePos == durableBytes) {
        return null;
      }
      Pending p = new Pending(this, steps, filePos, ended, oldestPendingNanos);
      oldestPendingNanos = 0;
      return p;
    }
  }

  void force() throws IOException {
    channel.force(false);
  }

  void markDurable(Pending p) {
    durableBytes = p.bytes();
    durableSteps = p.steps();
    if (p.ended()) {
      durableEnd = true;
    }
  }

  void closeChannel() {
    synchronized (lock) {
      channelClosed = true;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // The data is already forced; nothing is lost by a failing close.
    }
  }

  void fail(Exception e) {
    synchronized (lock) {
      if (failure == null) {
        failure = e;
      }
    }
    closeChannel();
  }
}
