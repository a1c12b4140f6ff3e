package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A crash-safe, append-only store of recorded episodes: one directory per dataset, one file per
 * episode.
 *
 * <pre>
 * dataset/
 *   dataset.json          format version, creation time, environment spec, features
 *   evicted.log           ids of evicted episodes (checksummed records)
 *   episodes/000000000042.tep   header, meta record, step records, end record
 * </pre>
 *
 * <p>Steps are appended as they happen through an {@link EpisodeWriter}; a background flusher
 * forces new data at least every {@link StoreOptions#groupCommitInterval()} (group commit), so a
 * step is durable within about that interval and {@code append} never waits for the disk. Several
 * episodes may be recording at once from different threads. Opening a dataset for writing recovers
 * it: torn tails are cut back to the last whole record, episodes that were never ended are sealed
 * as {@link EndReason#INCOMPLETE}, damaged records are reported with their offset and the rest
 * stays readable (see {@link #recoveryReport()}).
 *
 * <p>Training reads a {@link StoreSampleView} over memory-mapped episode files. Episodes can be
 * evicted one by one without rewriting the others. One writable store per dataset at a time (a lock
 * file enforces it across processes); read-only stores may be opened alongside.
 */
public final class EpisodeStore implements AutoCloseable {

  private final Path dir;
  private final Path episodesDir;
  private final DatasetManifest manifest;
  private final StepLayout layout;
  private final StepCodec codec;
  private final StoreOptions options;
  private final boolean writable;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final TombstoneLog tombstones;
  private final GroupCommitter committer;
  private final ConcurrentSkipListMap<Long, EpisodeEntry> entries = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<Long, MappedEpisode> mapped = new ConcurrentHashMap<>();
  private final AtomicLong nextId;
  private final BufferPool buffers;
  private final RecoveryReport recovery;
  private volatile boolean closed;

  private EpisodeStore(
      Path dir,
      DatasetManifest manifest,
      StoreOptions options,
      boolean writable,
      FileChannel lockChannel,
      FileLock lock,
      TombstoneLog tombstones,
      List<RecoveryReport.Action> actions,
      ProgressListener progress)
      throws IOException {
    this.dir = dir;
    this.episodesDir = dir.resolve(StoreFormat.EPISODES_DIR);
    this.manifest = manifest;
    this.layout =
        StepLayout.of(manifest.features(), dir.resolve(StoreFormat.DATASET_FILE).toString());
    this.codec = new StepCodec(layout);
    this.options = options;
    this.writable = writable;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.tombstones = tombstones;
    this.buffers = new BufferPool(options.writeBufferBytes(), 64);
    long maxId = loadEpisodes(actions, progress);
    this.nextId = new AtomicLong(Math.max(maxId, tombstones.maxId()) + 1);
    this.recovery = new RecoveryReport(dir, actions);
    this.committer =
        writable
            ? new GroupCommitter(
                episodesDir,
                options.groupCommitInterval().toNanos(),
                "tandem-store-flusher-" + dir.getFileName())
            : null;
  }

  // ------------------------------------------------------------------ opening

  /** Creates a dataset in {@code dir} (which must not exist or be empty) with default options. */
  public static EpisodeStore create(Path dir, DatasetSpec spec) {
    return create(dir, spec, StoreOptions.defaults());
  }

  /**
   * Creates a dataset in {@code dir}, which must not exist or be an empty directory, and opens it
   * for writing.
   */
  public static EpisodeStore create(Path dir, DatasetSpec spec, StoreOptions options) {
    try {
      StepLayout.of(spec.features(), "dataset spec");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot create a dataset at " + dir + ": " + e.getMessage());
    }
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new EpisodeStoreException(
              dir, "cannot create a dataset at " + dir + ": it is a file");
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
          if (s.iterator().hasNext()) {
            throw new EpisodeStoreException(
                dir,
                "cannot create a dataset at "
                    + dir
                    + ": the directory is not empty"
                    + (Files.exists(dir.resolve(StoreFormat.DATASET_FILE))
                        ? " (it is a dataset already: open it instead)"
                        : ""));
          }
        }
      }
      Files.createDirectories(dir.resolve(StoreFormat.EPISODES_DIR));
      Fsync.directory(dir);
      if (dir.toAbsolutePath().getParent() != null) {
        Fsync.directory(dir.toAbsolutePath().getParent());
      }
      new DatasetManifest(StoreFormat.FORMAT_VERSION, options.clock().instant(), spec).write(dir);
    } catch (IOException e) {
      throw new EpisodeStoreException(dir, "cannot create a dataset at " + dir + ": " + e, e);
    }
    return open(dir, options);
  }

  /**
   * Opens {@code dir} if it is a dataset with the same features as {@code spec}, else creates it.
   */
  public static EpisodeStore openOrCreate(Path dir, DatasetSpec spec, StoreOptions options) {
    if (!Files.exists(dir.resolve(StoreFormat.DATASET_FILE))) {
      return create(dir, spec, options);
    }
    EpisodeStore store = open(dir, options);
    if (!store.features().equals(spec.features())
        || !store.spec().environment().name().equals(spec.environment().name())) {
      store.close();
      throw new EpisodeStoreException(
          dir.resolve(StoreFormat.DATASET_FILE),
          "dataset "
              + dir
              + " records environment '"
              + store.spec().environment().name()
              + "' with features "
              + keys(store.features())
              + ", asked for '"
              + spec.environment().name()
              + "' with "
              + keys(spec.features()));
    }
    return store;
  }

  /** Opens a dataset for writing with default options, recovering it (see class comment). */
  public static EpisodeStore open(Path dir) {
    return open(dir, StoreOptions.defaults());
  }

  public static EpisodeStore open(Path dir, StoreOptions options) {
    return open(dir, options, ProgressListener.NONE);
  }

  /**
   * Opens a dataset for writing: takes the dataset's lock, checks every episode file and repairs
   * what a crash left (see {@link #recoveryReport()}).
   *
   * @param progress bytes of episode files checked, of the total
   * @throws EpisodeStoreException when {@code dir} is not a dataset, has a newer format version, or
   *     is open for writing elsewhere
   */
  public static EpisodeStore open(Path dir, StoreOptions options, ProgressListener progress) {
    DatasetManifest manifest = DatasetManifest.read(dir);
    Path lockFile = dir.resolve(StoreFormat.LOCK_FILE);
    FileChannel ch = null;
    FileLock lock = null;
    TombstoneLog tombs = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new EpisodeStoreException(
            lockFile,
            "dataset "
                + dir
                + " is open for writing by another store (lock "
                + lockFile
                + " is held); open it read-only or close the other one");
      }
      Files.createDirectories(dir.resolve(StoreFormat.EPISODES_DIR));
      List<RecoveryReport.Action> actions = new ArrayList<>();
      tombs = TombstoneLog.open(dir.resolve(StoreFormat.EVICTED_FILE), true);
      if (tombs.problem() != null) {
        actions.add(
            new RecoveryReport.Action(
                -1,
                tombs.file(),
                RecoveryReport.Kind.EVICTION_LOG_TAIL_CUT,
                tombs.problem().offset(),
                0,
                tombs.problem().reason(),
                true));
      }
      return new EpisodeStore(dir, manifest, options, true, ch, lock, tombs, actions, progress);
    } catch (IOException | RuntimeException e) {
      closeQuietly(tombs, lock, ch);
      if (e instanceof EpisodeStoreException ese) {
        throw ese;
      }
      if (e instanceof IllegalArgumentException iae) {
        throw new EpisodeStoreException(dir, iae.getMessage(), iae);
      }
      throw new EpisodeStoreException(dir, "cannot open dataset " + dir + ": " + e, e);
    }
  }

  /** Opens a dataset for reading only: nothing on disk is changed, no lock is taken. */
  public static EpisodeStore openReadOnly(Path dir) {
    return openReadOnly(dir, ProgressListener.NONE);
  }

  /**
   * Opens a dataset for reading only. Torn tails and unfinished episodes are reported in {@link
   * #recoveryReport()} (not applied) and read up to their last whole record.
   *
   * @param progress bytes of episode files checked, of the total
   */
  public static EpisodeStore openReadOnly(Path dir, ProgressListener progress) {
    DatasetManifest manifest = DatasetManifest.read(dir);
    TombstoneLog tombs = null;
    try {
      tombs = TombstoneLog.open(dir.resolve(StoreFormat.EVICTED_FILE), false);
      List<RecoveryReport.Action> actions = new ArrayList<>();
      if (tombs.problem() != null) {
        actions.add(
            new RecoveryReport.Action(
                -1,
                tombs.file(),
                RecoveryReport.Kind.EVICTION_LOG_TAIL_CUT,
                tombs.problem().offset(),
                0,
                tombs.problem().reason(),
                false));
      }
      return new EpisodeStore(
          dir, manifest, StoreOptions.defaults(), false, null, null, tombs, actions, progress);
    } catch (IOException | RuntimeException e) {
      closeQuietly(tombs, null, null);
      if (e instanceof EpisodeStoreException ese) {
        throw ese;
      }
      throw new EpisodeStoreException(dir, "cannot open dataset " + dir + ": " + e, e);
    }
  }

  private static void closeQuietly(TombstoneLog t, FileLock lock, FileChannel ch) {
    try {
      if (t != null) {
        t.close();
      }
      if (lock != null) {
        lock.release();
      }
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // Already failing; the original error is reported.
    }
  }

  /** Lists episode files, finishes evictions, scans and (when writable) repairs each file. */
  private long loadEpisodes(List<RecoveryReport.Action> actions, ProgressListener progress)
      throws IOException {
    EpisodeFiles files = EpisodeFiles.list(episodesDir, progress);
    EpisodeRecovery recovery =
        new EpisodeRecovery(writable, tombstones, options.clock(), codec, actions);
    boolean dirChanged = false;
    for (Map.Entry<Long, Path> f : files.byId().entrySet()) {
      long id = f.getKey();
      Path file = f.getValue();
      if (tombstones.contains(id)) {
        long size = Files.size(file);
        if (writable) {
          Files.deleteIfExists(file);
          dirChanged = true;
        }
        actions.add(
            new RecoveryReport.Action(
                id,
                file,
                RecoveryReport.Kind.EVICTION_FINISHED,
                -1,
                size,
                "the episode was evicted; its file was still present",
                writable));
        files.skip(size);
        continue;
      }
      EpisodeEntry entry = recovery.recover(files.scan(id, codec));
      if (entry == null) {
        dirChanged = true;
      } else {
        entries.put(id, entry);
      }
    }
    if (dirChanged && writable) {
      Fsync.directory(episodesDir);
    }
    return files.maxId();
  }

  // ------------------------------------------------------------------ describing

  public Path directory() {
    return dir;
  }

  public DatasetSpec spec() {
    return manifest.spec();
  }

  /** The features every step has (state, action, optional environment state, images). */
  public List<FeatureSpec> features() {
    return manifest.features();
  }

  public Instant createdAt() {
    return manifest.createdAt();
  }

  public boolean isReadOnly() {
    return !writable;
  }

  /** What opening the dataset found and repaired. */
  public RecoveryReport recoveryReport() {
    return recovery;
  }

  /** Every episode in id order, including those recording. */
  public List<EpisodeSummary> episodes() {
    return entries.values().stream().map(EpisodeEntry::summary).toList();
  }

  public Optional<EpisodeSummary> episode(long id) {
    return Optional.ofNullable(entries.get(id)).map(EpisodeEntry::summary);
  }

  /** Ids of the episodes that can be read (everything but recording and unreadable ones). */
  public List<Long> readableEpisodeIds() {
    return entries.values().stream().filter(EpisodeEntry::readable).map(EpisodeEntry::id).toList();
  }

  /** Counts and sizes for {@code tandem dataset info}. */
  public DatasetInfo info() {
    Map<EpisodeStatus, Integer> byStatus = new EnumMap<>(EpisodeStatus.class);
    Map<EndReason, Integer> byReason = new EnumMap<>(EndReason.class);
    Map<ControlSource, Long> bySource = new EnumMap<>(ControlSource.class);
    int success = 0;
    long steps = 0;
    long bytes = 0;
    List<EpisodeSummary> all = episodes();
    for (EpisodeSummary s : all) {
      byStatus.merge(s.status(), 1, Integer::sum);
      if (s.outcome().isPresent()) {
        byReason.merge(s.outcome().get().reason(), 1, Integer::sum);
        if (s.outcome().get().success()) {
          success++;
        }
      }
      steps += s.steps();
      bytes += s.fileBytes();
      s.stepsBySource().forEach((k, v) -> bySource.merge(k, v, Long::sum));
    }
    try {
      bytes += Files.size(dir.resolve(StoreFormat.DATASET_FILE));
      Path evicted = dir.resolve(StoreFormat.EVICTED_FILE);
      if (Files.exists(evicted)) {
        bytes += Files.size(evicted);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sizes in " + dir, e);
    }
    return new DatasetInfo(
        dir,
        manifest.formatVersion(),
        manifest.createdAt(),
        manifest.spec().description(),
        manifest.spec().environment(),
        manifest.features(),
        all.size(),
        byStatus,
        byReason,
        success,
        steps,
        bySource,
        bytes,
        tombstones.entries().size(),
        corrections(all));
  }

  /** The language events of the readable episodes, read from their step records alone. */
  private List<DatasetInfo.Correction> corrections(List<EpisodeSummary> episodes) {
    List<DatasetInfo.Correction> out = new ArrayList<>();
    for (EpisodeSummary s : episodes) {
      EpisodeEntry e = entries.get(s.id());
      if (e == null || !e.readable()) {
        continue;
      }
      MappedEpisode m = mapping(e);
      for (long off : e.stepOffsets()) {
        int seg = m.segmentOf(off);
        int pos = m.positionIn(seg, off);
        int step = codec.stepIndex(m.bytes(seg), pos);
        for (var event : codec.readLanguage(m.bytes(seg), pos)) {
          out.add(new DatasetInfo.Correction(e.id(), step, event));
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ writing

  /**
   * Starts recording an episode with a new id (unique and increasing in this dataset). The episode
   * file exists when this returns; its steps become durable with the following group commits.
   *
   * @throws IllegalArgumentException when {@code meta} names another environment than the dataset's
   */
  public EpisodeWriter beginEpisode(EpisodeMeta meta) {
    requireWritable();
    String env = manifest.spec().environment().name();
    if (!meta.environment().equals(env)) {
      throw new IllegalArgumentException(
          "episode metadata names environment '"
              + meta.environment()
              + "' but dataset "
              + dir
              + " records environment '"
              + env
              + "'");
    }
    long id = nextId.getAndIncrement();
    Path file = episodesDir.resolve(StoreFormat.episodeFileName(id));
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      EpisodeWriter w =
          new EpisodeWriter(this, id, file, ch, codec, meta, buffers, options.writeThrough());
      entries.put(id, EpisodeEntry.recording(id, file, meta, w));
      committer.register(w);
      return w;
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // Reported below.
        }
      }
      throw new EpisodeStoreException(
          file, "cannot start episode " + id + " in " + file + ": " + e, e);
    }
  }

  void episodeEnded(EpisodeEntry entry) {
    entries.put(entry.id(), entry);
  }

  /** Registers a listener told after each group commit which steps are durable. */
  public void addDurabilityListener(DurabilityListener listener) {
    requireWritable();
    committer.addListener(listener);
  }

  public void removeDurabilityListener(DurabilityListener listener) {
    if (committer != null) {
      committer.removeListener(listener);
    }
  }

  /**
   * Forces everything appended before this call to disk now (waits for a group commit). Not from a
   * {@link DurabilityListener}: those run on the flusher thread.
   */
  public void sync() {
    requireWritable();
    committer.sync();
  }

  /** Flusher counters (zeros for a read-only store). */
  public StoreStats stats() {
    return committer == null ? new StoreStats(0, 0, 0, 0, 0, 0, 0, 0) : committer.stats();
  }

  /**
   * Removes an episode from the dataset without touching the others: its id is written to the
   * eviction log (and forced) first, then its file is deleted. Sample views built before keep
   * reading their mapping.
   *
   * @throws IllegalArgumentException when there is no such episode
   * @throws IllegalStateException when the episode is still recording
   */
  public void evict(long episodeId, String reason) {
    requireWritable();
    EpisodeEntry e = entries.get(episodeId);
    if (e == null) {
      throw new IllegalArgumentException("dataset " + dir + " has no episode " + episodeId);
    }
    if (e.status() == EpisodeStatus.RECORDING) {
      throw new IllegalStateException(
          "episode " + episodeId + " is still recording; end it before evicting it");
    }
    try {
      tombstones.append(episodeId, options.clock().instant(), reason == null ? "" : reason);
      Files.deleteIfExists(e.file());
      Fsync.directory(episodesDir);
    } catch (IOException ex) {
      throw new EpisodeStoreException(
          e.file(), "cannot evict episode " + episodeId + " (" + e.file() + "): " + ex, ex);
    }
    entries.remove(episodeId);
    mapped.remove(episodeId);
  }

  /** Ids of evicted episodes, ascending. */
  public List<Long> evictedEpisodeIds() {
    return List.copyOf(tombstones.entries().keySet());
  }

  // ------------------------------------------------------------------ reading

  private EpisodeEntry readableEntry(long id) {
    requireOpen();
    EpisodeEntry e = entries.get(id);
    if (e == null) {
      throw new IllegalArgumentException(
          "dataset "
              + dir
              + " has no episode "
              + id
              + (tombstones.contains(id) ? " (it was evicted)" : ""));
    }
    if (e.status() == EpisodeStatus.RECORDING) {
      throw new IllegalStateException("episode " + id + " is still recording");
    }
    if (e.meta() == null) {
      throw new EpisodeStoreException(e.file(), "episode " + id + " is unreadable: " + e.problem());
    }
    return e;
  }

  private MappedEpisode mapping(EpisodeEntry e) {
    return mapped.computeIfAbsent(
        e.id(),
        id -> {
          try {
            return MappedEpisode.map(e.file(), e);
          } catch (IOException ex) {
            throw new EpisodeStoreException(
                e.file(), "cannot map episode " + id + " (" + e.file() + "): " + ex, ex);
          }
        });
  }

  /**
   * Reads a whole episode into memory: metadata, the readable steps, the final observation when
   * recorded, and the outcome (INCOMPLETE for an episode cut by a crash).
   */
  public Episode readEpisode(long id) {
    EpisodeEntry e = readableEntry(id);
    MappedEpisode m = mapping(e);
    List<Step> steps = new ArrayList<>(e.stepOffsets().length);
    for (long off : e.stepOffsets()) {
      int s = m.segmentOf(off);
      steps.add(codec.readStep(m.bytes(s), m.positionIn(s, off), null));
    }
    Optional<Observation> fin = Optional.empty();
    if (e.hasFinal()) {
      int s = m.segmentOf(e.endOffset());
      fin =
          Optional.of(
              codec.readEnd(m.bytes(s), m.positionIn(s, e.endOffset()), true).finalObservation());
    }
    return new Episode(id, e.meta(), steps, fin, e.outcome());
  }

  /**
   * The recorded flat environment state of every readable step of an episode ({@code [steps][n]});
   * empty rows when the dataset records none.
   */
  public float[][] readEnvironmentStates(long id) {
    EpisodeEntry e = readableEntry(id);
    MappedEpisode m = mapping(e);
    float[][] out = new float[e.stepOffsets().length][layout.envStateSize];
    int k = 0;
    for (long off : e.stepOffsets()) {
      int s = m.segmentOf(off);
      int pos = m.positionIn(s, off);
      int at = pos + StoreFormat.STEP_STATE + 4 * (layout.stateSize + 2 * layout.actionSize);
      m.bytes(s)
          .slice(at, 4 * layout.envStateSize)
          .order(StoreFormat.ORDER)
          .asFloatBuffer()
          .get(out[k++]);
    }
    return out;
  }

  /** A sample view over every readable episode, classes from the control source. */
  public StoreSampleView sampleView() {
    return sampleView(readableEpisodeIds(), StepLabeller.BY_SOURCE);
  }

  /** A sample view over the given episodes (in that order), classes from the control source. */
  public StoreSampleView sampleView(Collection<Long> episodeIds) {
    return sampleView(episodeIds, StepLabeller.BY_SOURCE);
  }

  /**
   * A sample view over the given episodes (in the given order, duplicates dropped), classes from
   * {@code labeller}. {@link StepLabeller#BY_SOURCE} labels from the mapped records; any other
   * labeller is given each episode read into memory once, while the view is built.
   *
   * @throws IllegalArgumentException for an unknown id; IllegalStateException for one recording
   */
  public StoreSampleView sampleView(Collection<Long> episodeIds, StepLabeller labeller) {
    List<StoreSampleView.Part> parts = new ArrayList<>();
    for (long id : new LinkedHashSet<>(episodeIds)) {
      EpisodeEntry e = readableEntry(id);
      SampleClass[] classes = null;
      if (labeller != StepLabeller.BY_SOURCE) {
        Episode ep = readEpisode(id);
        Function<Step, SampleClass> f = labeller.forEpisode(ep);
        classes = new SampleClass[ep.length()];
        for (int k = 0; k < classes.length; k++) {
          classes[k] = f.apply(ep.steps().get(k));
          if (classes[k] == null) {
            throw new IllegalArgumentException(
                "labeller gave no class to step " + k + " of episode " + id);
          }
        }
      }
      parts.add(new StoreSampleView.Part(e, mapping(e), classes));
    }
    return new StoreSampleView(layout, parts);
  }

  StepCodec codec() {
    return codec;
  }

  /** The index of a readable episode (for tests of the mapping code). */
  EpisodeEntry entry(long id) {
    return readableEntry(id);
  }

  // ------------------------------------------------------------------ closing

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("episode store " + dir + " is closed");
    }
  }

  private void requireWritable() {
    requireOpen();
    if (!writable) {
      throw new IllegalStateException("episode store " + dir + " is open read-only");
    }
  }

  /**
   * Ends episodes still recording as ABORTED ("store closed while recording"), forces everything,
   * stops the flusher and releases the lock.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (writable) {
      for (EpisodeEntry e : entries.values()) {
        if (e.status() == EpisodeStatus.RECORDING && e.writer().failure().isEmpty()) {
          try {
            e.writer()
                .end(
                    new EpisodeOutcome(
                        EndReason.ABORTED,
                        false,
                        "the store was closed while the episode was recording"));
          } catch (RuntimeException ex) {
            // Already ended concurrently, or failed: recovery handles it on the next open.
          }
        }
      }
      committer.close();
    }
    closed = true;
    closeQuietly(tombstones, lock, lockChannel);
  }

  private static List<String> keys(List<FeatureSpec> f) {
    return f.stream().map(x -> x.key() + x.shape()).toList();
  }
}
