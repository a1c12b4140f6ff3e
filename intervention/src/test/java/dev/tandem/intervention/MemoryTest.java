package dev.tandem.intervention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.memory.Fifo;
import dev.tandem.intervention.memory.Lfi;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.memory.MemoryStrategy;
import dev.tandem.intervention.memory.Mfi;
import dev.tandem.intervention.memory.RandomEviction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryTest {
  // episode 1: demo; 2: clean rollout (oldest); 3: two interventions; 4: clean rollout (newest)
  private final List<EpisodeTimeline> timelines =
      List.of(
          EpisodeTimeline.parse(1, "SSSSS"),
          EpisodeTimeline.parse(2, "PPPPPPPPPP"),
          EpisodeTimeline.parse(3, "PPPHHPPHHP"),
          EpisodeTimeline.parse(4, "PPPPPPPPPP"));
  private final Map<Long, SampleClass[]> classes = new HashMap<>();

  {
    Segmenter seg = new Segmenter(1);
    for (EpisodeTimeline t : timelines) {
      classes.put(t.episodeId(), seg.classify(t));
    }
  }

  private Map<Long, boolean[]> keep(int capacity, MemoryStrategy s) {
    return new Memory(capacity, s, 3L).keep(timelines, classes);
  }

  private static int kept(boolean[] k) {
    int n = 0;
    for (boolean b : k) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private int total(Map<Long, boolean[]> keep) {
    return keep.values().stream().mapToInt(MemoryTest::kept).sum();
  }

  private void assertDemosAndInterventionsKept(Map<Long, boolean[]> keep) {
    for (EpisodeTimeline t : timelines) {
      SampleClass[] c = classes.get(t.episodeId());
      for (int i = 0; i < c.length; i++) {
        if (c[i] == SampleClass.DEMO || c[i] == SampleClass.INTERVENTION) {
          assertThat(keep.get(t.episodeId())[i])
              .as("episode %d step %d", t.episodeId(), i)
              .isTrue();
        }
      }
    }
  }

  @Test
  void underCapacityKeepsEverything() {
    assertThat(total(keep(1000, new Fifo()))).isEqualTo(35);
  }

  @Test
  void fifoEvictsOldestRolloutFirst() {
    Map<Long, boolean[]> k = keep(28, new Fifo());
    assertThat(total(k)).isEqualTo(28);
    assertThat(kept(k.get(2L))).isEqualTo(3);
    assertThat(kept(k.get(3L))).isEqualTo(10);
    assertThat(kept(k.get(4L))).isEqualTo(10);
    assertDemosAndInterventionsKept(k);
  }

  @Test
  void lfiKeepsNeverIntervenedRolloutsLongest() {
    Map<Long, boolean[]> k = keep(28, new Lfi());
    assertThat(kept(k.get(3L))).isEqualTo(4); // only its interventions remain
    assertThat(kept(k.get(2L))).isEqualTo(9);
    assertThat(kept(k.get(4L))).isEqualTo(10);
    assertDemosAndInterventionsKept(k);
  }

  @Test
  void mfiEvictsNeverIntervenedRolloutsFirst() {
    Map<Long, boolean[]> k = keep(18, new Mfi());
    assertThat(kept(k.get(2L))).isZero();
    assertThat(kept(k.get(4L))).isEqualTo(3);
    assertThat(kept(k.get(3L))).isEqualTo(10);
  }

  @Test
  void randomIsSeededAndExact() {
    Map<Long, boolean[]> a = keep(20, new RandomEviction());
    Map<Long, boolean[]> b = keep(20, new RandomEviction());
    assertThat(total(a)).isEqualTo(20);
    for (long id : a.keySet()) {
      assertThat(a.get(id)).containsExactly(b.get(id));
    }
    assertDemosAndInterventionsKept(a);
  }

  @Test
  void demosAndInterventionsSurviveEvenATinyCapacity() {
    for (MemoryStrategy s : List.of(new Fifo(), new Lfi(), new Mfi(), new RandomEviction())) {
      Map<Long, boolean[]> k = keep(1, s);
      assertThat(total(k)).as(s.toString()).isEqualTo(5 + 4);
      assertDemosAndInterventionsKept(k);
    }
  }
}
