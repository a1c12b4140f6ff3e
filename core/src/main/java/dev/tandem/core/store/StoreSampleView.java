package dev.tandem.core.store;

import static dev.tandem.core.store.StoreFormat.*;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link SampleView} over episodes of an {@link EpisodeStore}, reading states, actions and
 * rewards straight from the memory-mapped episode files. The heap holds only an index: two record
 * locations, a class and a flag byte per sample.
 *
 * <p>Sample {@code i} is one step that has a known next state: every step of an episode except the
 * last one of an episode without a final observation (an episode cut by a crash). Samples are
 * grouped by episode in the order the episodes were given, steps in order. The action is the
 * applied one. Weights are 1; classes come from the {@link StepLabeller} the view was built with
 * (by default from the control source). Wrap the view in a {@link ForwardingSampleView} to supply
 * other weights, classes or rewards; {@link #episodeId}, {@link #stepIndex}, {@link #source} and
 * {@link #interventionId} map samples back to the recording.
 *
 * <p>Reads are thread-safe.
 */
public final class StoreSampleView implements SampleView {

  private static final SampleClass[] CLASSES = SampleClass.values();
  private static final int FLAG_TERMINAL = 1;
  private static final int FLAG_EPISODE_END = 2;

  private final int stateSize;
  private final int actionSize;
  private final ByteBuffer[] segBytes;
  private final FloatBuffer[] segFloats;
  private final long[] stateLoc;
  private final long[] nextLoc;
  private final byte[] classes;
  private final byte[] flags;
  private final long[] episodeIds;
  private final int[] episodeStarts;

  /** One episode to include: its index, mapping and, unless labelled by source, its classes. */
  record Part(EpisodeEntry entry, MappedEpisode mapped, SampleClass[] classes) {}

  StoreSampleView(StepLayout layout, List<Part> parts) {
    this.stateSize = layout.stateSize;
    this.actionSize = layout.actionSize;
    int total = 0;
    int segs = 0;
    for (Part p : parts) {
      total = Math.addExact(total, p.entry().samples());
      segs += p.mapped().segments();
    }
    segBytes = new ByteBuffer[segs];
    segFloats = new FloatBuffer[segs];
    stateLoc = new long[total];
    nextLoc = new long[total];
    classes = new byte[total];
    flags = new byte[total];
    episodeIds = new long[parts.size()];
    episodeStarts = new int[parts.size() + 1];
    int i = 0;
    int segBase = 0;
    for (int e = 0; e < parts.size(); e++) {
      Part p = parts.get(e);
      MappedEpisode m = p.mapped();
      for (int s = 0; s < m.segments(); s++) {
        segBytes[segBase + s] = m.bytes(s);
        segFloats[segBase + s] = m.floats(s);
      }
      EpisodeEntry entry = p.entry();
      long[] offsets = entry.stepOffsets();
      int samples = entry.samples();
      episodeIds[e] = entry.id();
      episodeStarts[e] = i;
      for (int k = 0; k < samples; k++) {
        int seg = m.segmentOf(offsets[k]);
        int pos = m.positionIn(seg, offsets[k]);
        ByteBuffer b = m.bytes(seg);
        stateLoc[i] = loc(segBase + seg, (pos + STEP_STATE) >> 2);
        if (k + 1 < offsets.length) {
          int ns = m.segmentOf(offsets[k + 1]);
          nextLoc[i] = loc(segBase + ns, (m.positionIn(ns, offsets[k + 1]) + STEP_STATE) >> 2);
        } else {
          int ns = m.segmentOf(entry.endOffset());
          nextLoc[i] =
              loc(segBase + ns, (m.positionIn(ns, entry.endOffset()) + END_FINAL_STATE) >> 2);
        }
        int f = (b.get(pos + STEP_FLAGS) & FLAG_TERMINATED) != 0 ? FLAG_TERMINAL : 0;
        if (k == samples - 1) {
          f |= FLAG_EPISODE_END;
        }
        flags[i] = (byte) f;
        SampleClass c =
            p.classes() == null
                ? StepLabeller.classOf(source(b.get(pos + STEP_SOURCE) & 0xff))
                : p.classes()[k];
        classes[i] = (byte) c.ordinal();
        i++;
      }
      segBase += m.segments();
    }
    episodeStarts[parts.size()] = i;
  }

  private static long loc(int segment, int floatIndex) {
    return ((long) segment << 32) | (floatIndex & 0xffffffffL);
  }

  @Override
  public int size() {
    return stateLoc.length;
  }

  @Override
  public int stateSize() {
    return stateSize;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void state(int i, float[] out, int offset) {
    long l = stateLoc[i];
    segFloats[(int) (l >>> 32)].get((int) l, out, offset, stateSize);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    long l = stateLoc[i];
    segFloats[(int) (l >>> 32)].get((int) l + stateSize + actionSize, out, offset, actionSize);
  }

  /**
   * Copies the action the policy proposed at sample i (differs from the applied one on takeover).
   */
  public void proposedAction(int i, float[] out, int offset) {
    long l = stateLoc[i];
    segFloats[(int) (l >>> 32)].get((int) l + stateSize, out, offset, actionSize);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    long l = nextLoc[i];
    segFloats[(int) (l >>> 32)].get((int) l, out, offset, stateSize);
  }

  private int recordPos(int i) {
    return ((int) stateLoc[i] << 2) - STEP_STATE;
  }

  private ByteBuffer recordBytes(int i) {
    return segBytes[(int) (stateLoc[i] >>> 32)];
  }

  @Override
  public float reward(int i) {
    return recordBytes(i).getFloat(recordPos(i) + STEP_REWARD);
  }

  @Override
  public boolean terminal(int i) {
    return (flags[i] & FLAG_TERMINAL) != 0;
  }

  @Override
  public boolean episodeEnd(int i) {
    return (flags[i] & FLAG_EPISODE_END) != 0;
  }

  @Override
  public float weight(int i) {
    return 1f;
  }

  @Override
  public SampleClass sampleClass(int i) {
    return CLASSES[classes[i]];
  }

  /** Who was in control at sample i. */
  public ControlSource source(int i) {
    return StoreFormat.source(recordBytes(i).get(recordPos(i) + STEP_SOURCE) & 0xff);
  }

  /** The intervention sample i belongs to, or -1. */
  public int interventionId(int i) {
    return recordBytes(i).getInt(recordPos(i) + STEP_INTERVENTION);
  }

  /**
   * Whether the episode was cut at sample i (time limit, abort...) rather than ended by the task.
   */
  public boolean truncated(int i) {
    return (recordBytes(i).get(recordPos(i) + STEP_FLAGS) & FLAG_TRUNCATED) != 0;
  }

  /** The id of the episode sample i comes from. */
  public long episodeId(int i) {
    return episodeIds[episodeOrdinal(i)];
  }

  /** The step index of sample i within its episode. */
  public int stepIndex(int i) {
    return i - episodeStarts[episodeOrdinal(i)];
  }

  /** Episodes in the view, in sample order. */
  public List<Long> episodeIds() {
    List<Long> out = new ArrayList<>(episodeIds.length);
    for (long id : episodeIds) {
      out.add(id);
    }
    return out;
  }

  /** The first sample of the e-th episode of the view ({@code e == episodes} gives size()). */
  public int episodeStart(int e) {
    return episodeStarts[e];
  }

  private int episodeOrdinal(int i) {
    if (i < 0 || i >= stateLoc.length) {
      throw new IndexOutOfBoundsException("sample " + i + " of " + stateLoc.length);
    }
    int e = Arrays.binarySearch(episodeStarts, i);
    if (e >= 0) {
      // Skip episodes without samples that share the same start.
      while (e + 1 < episodeStarts.length && episodeStarts[e + 1] == i) {
        e++;
      }
      return e;
    }
    return -e - 2;
  }
}
