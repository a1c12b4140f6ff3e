package dev.tandem.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a dataset without changing it ({@code tandem dataset verify}): the manifest, the eviction
 * log and every record of every episode file (framing, CRC-32C, step sequence, end record).
 */
public final class DatasetVerifier {

  private DatasetVerifier() {}

  public static VerifyReport verify(Path dir) {
    return verify(dir, ProgressListener.NONE);
  }

  /**
   * Verifies {@code dir}.
   *
   * @param progress bytes of episode files checked, of the total
   * @throws EpisodeStoreException when {@code dir} is not a dataset or has a newer format version
   */
  public static VerifyReport verify(Path dir, ProgressListener progress) {
    DatasetManifest manifest = DatasetManifest.read(dir);
    StepCodec codec =
        new StepCodec(
            StepLayout.of(manifest.features(), dir.resolve(StoreFormat.DATASET_FILE).toString()));
    List<String> problems = new ArrayList<>();
    List<VerifyReport.EpisodeCheck> checks = new ArrayList<>();
    try {
      Map<Long, TombstoneLog.Tombstone> evicted = Map.of();
      Path evictedFile = dir.resolve(StoreFormat.EVICTED_FILE);
      try (TombstoneLog log = TombstoneLog.open(evictedFile, false)) {
        evicted = log.entries();
        if (log.problem() != null) {
          problems.add(
              evictedFile
                  + ": torn tail at offset "
                  + log.problem().offset()
                  + " ("
                  + log.problem().reason()
                  + "), cut on the next writable open");
        }
      } catch (EpisodeStoreException e) {
        problems.add(e.getMessage());
      }
      Path episodes = dir.resolve(StoreFormat.EPISODES_DIR);
      if (!Files.isDirectory(episodes)) {
        problems.add(episodes + " is missing");
        return new VerifyReport(dir, manifest.formatVersion(), problems, checks);
      }
      EpisodeFiles files = EpisodeFiles.list(episodes, progress);
      for (Map.Entry<Long, Path> f : files.byId().entrySet()) {
        if (evicted.containsKey(f.getKey())) {
          problems.add(
              "episode "
                  + f.getKey()
                  + " was evicted but "
                  + f.getValue()
                  + " is still present (removed on the next writable open)");
        }
        EpisodeScanner.Result r = files.scan(f.getKey(), codec);
        checks.add(check(r));
      }
    } catch (IOException e) {
      problems.add("cannot read " + dir + ": " + e);
    }
    return new VerifyReport(dir, manifest.formatVersion(), problems, checks);
  }

  private static VerifyReport.EpisodeCheck check(EpisodeScanner.Result r) {
    EpisodeScanner.Problem p = r.problem;
    VerifyReport.Result result;
    long offset = -1;
    String reason = "";
    if (p == null) {
      if (r.meta == null) {
        result = VerifyReport.Result.TORN_TAIL;
        offset = r.validEnd;
        reason = "the file ends before its meta record";
      } else {
        result = r.end == null ? VerifyReport.Result.INCOMPLETE : VerifyReport.Result.OK;
      }
    } else {
      offset = p.offset();
      reason = p.reason();
      result =
          switch (p.kind()) {
            case BAD_HEADER -> VerifyReport.Result.UNREADABLE;
            case CORRUPTED ->
                r.meta == null ? VerifyReport.Result.UNREADABLE : VerifyReport.Result.CORRUPTED;
            case TORN_TAIL -> VerifyReport.Result.TORN_TAIL;
          };
      if (result == VerifyReport.Result.UNREADABLE
          && p.kind() == EpisodeScanner.ProblemKind.CORRUPTED) {
        reason = "meta record at offset " + p.offset() + ": " + p.reason();
      }
    }
    return new VerifyReport.EpisodeCheck(
        r.episodeId, r.file, result, r.steps(), r.fileSize, offset, reason);
  }
}
