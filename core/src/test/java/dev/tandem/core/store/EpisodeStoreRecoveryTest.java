package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files: flipped bytes, torn tails, garbage, empty files, a damaged eviction log. */
class EpisodeStoreRecoveryTest {

  private static final int S = 6;
  private static final int A = 2;

  @TempDir Path tmp;

  /** Three ended episodes of 50 steps with final observations; returns the dataset directory. */
  private Path dataset(String name) {
    Path dir = tmp.resolve(name);
    try (EpisodeStore store = EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A)))) {
      for (int e = 0; e < 3; e++) {
        EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(e));
        for (int i = 0; i < 50; i++) {
          w.append(StoreFixtures.step(e, i, S, A));
        }
        w.end(
            EpisodeOutcome.of(EndReason.SUCCESS, true),
            Optional.of(StoreFixtures.observation(e, 50, S, List.of(), 0, 0)));
      }
    }
    return dir;
  }

  private static Path file(Path dir, long id) {
    return dir.resolve("episodes").resolve(StoreFormat.episodeFileName(id));
  }

  /** Record start offsets, read from the length prefixes (meta record first). */
  private static List<Long> records(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Long> out = new ArrayList<>();
    int pos = 32;
    while (pos + 8 <= b.limit()) {
      int len = b.getInt(pos);
      if (len < 16 || pos + len > b.limit()) {
        break;
      }
      out.add((long) pos);
      pos += len;
    }
    return out;
  }

  private static void flip(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= (byte) 0x5a;
    Files.write(file, bytes);
  }

  private static void assertSteps(Episode ep, long seed, int n) {
    assertThat(ep.length()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      assertThat(ep.steps().get(i)).isEqualTo(StoreFixtures.step(seed, i, S, A));
    }
  }

  @Test
  void flippedBytesMidEpisodeAreReportedWithEpisodeAndOffsetAndTheRestStaysReadable()
      throws IOException {
    Path dir = dataset("flip");
    Path f1 = file(dir, 1);
    long step20 = records(f1).get(1 + 20);
    flip(f1, step20 + 44); // inside the state floats of step 20 (records are 88 bytes here)
    byte[] damaged = Files.readAllBytes(f1);

    VerifyReport report = DatasetVerifier.verify(dir);
    assertThat(report.ok()).isFalse();
    VerifyReport.EpisodeCheck c = report.episodes().get(1);
    assertThat(c.episodeId()).isEqualTo(1);
    assertThat(c.result()).isEqualTo(VerifyReport.Result.CORRUPTED);
    assertThat(c.offset()).isEqualTo(step20);
    assertThat(c.reason()).contains("checksum mismatch");
    assertThat(c.readableSteps()).isEqualTo(20);
    assertThat(c.toString()).contains("episode 1").contains("offset " + step20);
    assertThat(report.episodes().get(0).result()).isEqualTo(VerifyReport.Result.OK);
    assertThat(report.episodes().get(2).result()).isEqualTo(VerifyReport.Result.OK);

    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().actions())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo(RecoveryReport.Kind.CORRUPTED_RECORD);
                assertThat(a.episodeId()).isEqualTo(1);
                assertThat(a.offset()).isEqualTo(step20);
              });
      // The damaged file is left as it was (nothing recorded is thrown away).
      assertThat(Files.readAllBytes(f1)).isEqualTo(damaged);
      assertSteps(store.readEpisode(0), 0, 50);
      assertSteps(store.readEpisode(2), 2, 50);
      Episode broken = store.readEpisode(1);
      assertSteps(broken, 1, 20);
      assertThat(broken.outcome().reason()).isEqualTo(EndReason.INCOMPLETE);
      assertThat(broken.outcome().detail()).contains("offset " + step20);
      assertThat(store.episode(1).orElseThrow().status()).isEqualTo(EpisodeStatus.CORRUPTED);
      // 50 + 19 (step 19 has no readable next state) + 50 samples.
      assertThat(store.sampleView().size()).isEqualTo(119);
      assertThat(store.beginEpisode(StoreFixtures.meta(3)).id()).isEqualTo(3);
    }
  }

  @Test
  void damagedLengthFieldIsStillFoundAsMidFileCorruption() throws IOException {
    Path dir = dataset("length");
    Path f2 = file(dir, 2);
    long step7 = records(f2).get(1 + 7);
    flip(f2, step7 + 1);
    VerifyReport.EpisodeCheck c = DatasetVerifier.verify(dir).episodes().get(2);
    assertThat(c.result()).isEqualTo(VerifyReport.Result.CORRUPTED);
    assertThat(c.offset()).isEqualTo(step7);
    assertThat(c.readableSteps()).isEqualTo(7);
  }

  @Test
  void tornTailIsCutBackToTheLastWholeRecordAndTheEpisodeSealedIncomplete() throws IOException {
    Path dir = dataset("torn");
    Path f0 = file(dir, 0);
    long step7 = records(f0).get(1 + 7);
    long cut = step7 + 50; // inside step 7's record
    try (var ch = java.nio.channels.FileChannel.open(f0, StandardOpenOption.WRITE)) {
      ch.truncate(cut);
    }
    byte[] before = Files.readAllBytes(f0);

    // Read-only: reported, not applied, file unchanged, the 7 whole steps readable.
    try (EpisodeStore ro = EpisodeStore.openReadOnly(dir)) {
      assertThat(ro.recoveryReport().actions())
          .extracting(RecoveryReport.Action::kind, RecoveryReport.Action::applied)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(RecoveryReport.Kind.TORN_TAIL_CUT, false),
              org.assertj.core.groups.Tuple.tuple(RecoveryReport.Kind.SEALED_INCOMPLETE, false));
      assertSteps(ro.readEpisode(0), 0, 7);
    }
    assertThat(Files.readAllBytes(f0)).isEqualTo(before);
    VerifyReport.EpisodeCheck c = DatasetVerifier.verify(dir).episodes().get(0);
    assertThat(c.result()).isEqualTo(VerifyReport.Result.TORN_TAIL);
    assertThat(c.offset()).isEqualTo(step7);
    assertThat(c.toString()).contains("torn tail cut at offset " + step7);

    try (EpisodeStore store = EpisodeStore.open(dir)) {
      RecoveryReport r = store.recoveryReport();
      assertThat(r.actions()).hasSize(2);
      RecoveryReport.Action torn = r.actions().get(0);
      assertThat(torn.kind()).isEqualTo(RecoveryReport.Kind.TORN_TAIL_CUT);
      assertThat(torn.offset()).isEqualTo(step7);
      assertThat(torn.bytes()).isEqualTo(50);
      assertThat(torn.applied()).isTrue();
      assertThat(r.actions().get(1).kind()).isEqualTo(RecoveryReport.Kind.SEALED_INCOMPLETE);
      Episode ep = store.readEpisode(0);
      assertSteps(ep, 0, 7);
      assertThat(ep.outcome().reason()).isEqualTo(EndReason.INCOMPLETE);
      assertThat(ep.outcome().detail()).contains("7 steps recovered").contains("offset " + step7);
      assertSteps(store.readEpisode(1), 1, 50);
    }
    // Sealed: the next open has nothing to do and verify is clean.
    assertThat(records(f0)).hasSize(1 + 7 + 1);
    assertThat(DatasetVerifier.verify(dir).ok()).isTrue();
    try (EpisodeStore again = EpisodeStore.open(dir)) {
      assertThat(again.recoveryReport().clean()).isTrue();
      assertThat(again.episode(0).orElseThrow().status()).isEqualTo(EpisodeStatus.INCOMPLETE);
    }
  }

  @Test
  void garbageAfterTheEndRecordAndZeroTailsAreCut() throws IOException {
    Path dir = dataset("garbage");
    Path f1 = file(dir, 1);
    long size = Files.size(f1);
    byte[] junk = new byte[37];
    Arrays.fill(junk, (byte) 0x33);
    Files.write(f1, junk, StandardOpenOption.APPEND);
    Path f2 = file(dir, 2);
    long end2 = records(f2).get(1 + 50);
    try (var ch = java.nio.channels.FileChannel.open(f2, StandardOpenOption.WRITE)) {
      ch.truncate(end2); // drop the end record
    }
    Files.write(f2, new byte[4096], StandardOpenOption.APPEND); // a zero-filled tail
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.episode(1).orElseThrow().status()).isEqualTo(EpisodeStatus.COMPLETE);
      assertSteps(store.readEpisode(1), 1, 50);
      assertThat(store.readEpisode(1).finalObservation()).isPresent();
      assertThat(store.episode(2).orElseThrow().status()).isEqualTo(EpisodeStatus.INCOMPLETE);
      assertSteps(store.readEpisode(2), 2, 50);
      assertThat(store.recoveryReport().actions())
          .filteredOn(a -> a.kind() == RecoveryReport.Kind.TORN_TAIL_CUT)
          .extracting(RecoveryReport.Action::episodeId, RecoveryReport.Action::bytes)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(1L, 37L),
              org.assertj.core.groups.Tuple.tuple(2L, 4096L));
    }
    assertThat(Files.size(f1)).isEqualTo(size);
  }

  @Test
  void anEmptyEpisodeFileIsRemovedAndItsIdIsNeverReused() throws IOException {
    Path dir = dataset("empty");
    Files.write(file(dir, 7), new byte[20]);
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().actions())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo(RecoveryReport.Kind.REMOVED_EMPTY_EPISODE);
                assertThat(a.episodeId()).isEqualTo(7);
              });
      assertThat(Files.exists(file(dir, 7))).isFalse();
      assertThat(store.evictedEpisodeIds()).containsExactly(7L);
      assertThat(store.beginEpisode(StoreFixtures.meta(8)).id()).isEqualTo(8);
    }
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.beginEpisode(StoreFixtures.meta(9)).id()).isEqualTo(9);
    }
  }

  @Test
  void aDamagedMetaRecordLeavesTheEpisodeListedButUnreadable() throws IOException {
    Path dir = dataset("meta");
    Path f0 = file(dir, 0);
    flip(f0, 32 + 20);
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().actions())
          .singleElement()
          .satisfies(a -> assertThat(a.kind()).isEqualTo(RecoveryReport.Kind.UNREADABLE_HEADER));
      EpisodeSummary s = store.episode(0).orElseThrow();
      assertThat(s.status()).isEqualTo(EpisodeStatus.CORRUPTED);
      assertThat(s.meta()).isEmpty();
      assertThat(store.readableEpisodeIds()).containsExactly(1L, 2L);
      assertThatThrownBy(() -> store.readEpisode(0))
          .isInstanceOf(EpisodeStoreException.class)
          .hasMessageContaining("episode 0 is unreadable")
          .hasMessageContaining("checksum mismatch");
      assertThat(store.sampleView().size()).isEqualTo(100);
    }
    assertThat(DatasetVerifier.verify(dir).episodes().get(0).result())
        .isEqualTo(VerifyReport.Result.UNREADABLE);
  }

  @Test
  void aTornEvictionLogIsCutAndAnEvictionInterruptedBeforeTheDeleteIsFinished() throws IOException {
    Path dir = dataset("evicted");
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      store.evict(0, "test");
    }
    Path log = dir.resolve("evicted.log");
    long logSize = Files.size(log);
    // A crash between the tombstone and the delete: put the file back.
    try (EpisodeStore ro = EpisodeStore.openReadOnly(dataset("evicted-copy"))) {
      Files.copy(file(ro.directory(), 0), file(dir, 0));
    }
    Files.write(log, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().actions())
          .extracting(RecoveryReport.Action::kind)
          .containsExactlyInAnyOrder(
              RecoveryReport.Kind.EVICTION_LOG_TAIL_CUT, RecoveryReport.Kind.EVICTION_FINISHED);
      assertThat(Files.exists(file(dir, 0))).isFalse();
      assertThat(store.readableEpisodeIds()).containsExactly(1L, 2L);
    }
    assertThat(Files.size(log)).isEqualTo(logSize);
  }
}
