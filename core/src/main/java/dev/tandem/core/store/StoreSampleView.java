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
 * rewards straight from the memory-mapped episode files. The heap holds only an index: 17 bytes per
 * sample (two record locations with the end flags folded in, and a class).
 *
 * <p>Sample {@code i} is one step that has a known next state: every step of an episode except the
 * last one of an episode without a final observation (an episode cut by a crash). Samples are
 * grouped by episode in the order the episodes were given, steps in order. The action is the
 * applied one. Weights are 1; classes come from the {@link StepLabeller} the view was built with
 * (by default from the control source). Wrap the view in a {@link
 * dev.tandem.core.dataset.ForwardingSampleView} to supply other weights, classes or rewards; {@link
 * #episodeId}, {@link #stepIndex}, {@link #source} and {@link #interventionId} map samples back to
 * the recording.
 *
 * <p>Reads are thread-safe.
 */
public final class StoreSampleView implements SampleView {

  private static final SampleClass[] CLASSES = SampleClass.values();
  // A location packs the segment (high 32 bits), a float index in the segment (bits 0-28; segments
  // are below 2 GiB) and, for state locations, the terminal and episode-end flags (bits 29, 30).
  private static final long FLOAT_INDEX_MASK = (1L << 29) - 1;
  private static final long BIT_TERMINAL = 1L << 29;
  private static final long BIT_EPISODE_END = 1L << 30;

  private final int stateSize;
  private final int actionSize;
  private final ByteBuffer[] segBytes;
  private final FloatBuffer[] segFloats;

  /** Per sample i: [2i] state location and flags, [2i+1] next-state location (one cache line). */
  private final long[] locs;

  private final byte[] classes;

  /** Per recorded camera: name, bytes from the step's state to its image, and its size. */
  private final java.util.Map<String, int[]> imageAt = new java.util.LinkedHashMap<>();

  private final long[] episodeIds;
  private final int[] episodeStarts;

  /** One episode to include: its index, mapping and, unless labelled by source, its classes. */
  record Part(EpisodeEntry entry, MappedEpisode mapped, SampleClass[] classes) {}

  StoreSampleView(StepLayout layout, List<Part> parts) {
    this.stateSize = layout.stateSize;
    this.actionSize = layout.actionSize;
    int imageOffset = 4 * (layout.stateSize + 2 * layout.actionSize + layout.envStateSize);
    for (StepLayout.Camera cam : layout.cameras) {
      imageAt.put(cam.name(), new int[] {imageOffset, cam.bytes()});
      imageOffset += cam.bytes();
    }
    int total = 0;
    int segs = 0;
    for (Part p : parts) {
      total = Math.addExact(total, p.entry().samples());
      segs += p.mapped().segments();
    }
    segBytes = new ByteBuffer[segs];
    segFloats = new FloatBuffer[segs];
    locs = new long[2 * total];
    classes = new byte[total];
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
        long state = loc(segBase + seg, (pos + STEP_STATE) >> 2);
        if ((b.get(pos + STEP_FLAGS) & FLAG_TERMINATED) != 0) {
          state |= BIT_TERMINAL;
        }
        if (k == samples - 1) {
          state |= BIT_EPISODE_END;
        }
        locs[2 * i] = state;
        if (k + 1 < offsets.length) {
          int ns = m.segmentOf(offsets[k + 1]);
          locs[2 * i + 1] = loc(segBase + ns, (m.positionIn(ns, offsets[k + 1]) + STEP_STATE) >> 2);
        } else {
          int ns = m.segmentOf(entry.endOffset());
          locs[2 * i + 1] =
              loc(segBase + ns, (m.positionIn(ns, entry.endOffset()) + END_FINAL_STATE) >> 2);
        }
        SampleClass c =
            p.classes() == null
                ? StepLabeller.classOf(StoreFormat.source(b.get(pos + STEP_SOURCE) & 0xff))
                : p.classes()[k];
        classes[i] = (byte) c.ordinal();
        i++;
      }
      segBase += m.segments();
    }
    episodeStarts[parts.size()] = i;
  }

  private static long loc(int segment, int floatIndex) {
    if (floatIndex < 0 || floatIndex > FLOAT_INDEX_MASK) {
      throw new IllegalStateException("float index " + floatIndex + " outside a mapping segment");
    }
    return ((long) segment << 32) | floatIndex;
  }

  private static int seg(long loc) {
    return (int) (loc >>> 32);
  }

  private static int at(long loc) {
    return (int) (loc & FLOAT_INDEX_MASK);
  }

  @Override
  public int size() {
    return classes.length;
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
    long l = locs[2 * i];
    segFloats[seg(l)].get(at(l), out, offset, stateSize);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    long l = locs[2 * i];
    segFloats[seg(l)].get(at(l) + stateSize + actionSize, out, offset, actionSize);
  }

  /**
   * Copies the action the policy proposed at sample i (differs from the applied one on takeover).
   */
  public void proposedAction(int i, float[] out, int offset) {
    long l = locs[2 * i];
    segFloats[seg(l)].get(at(l) + stateSize, out, offset, actionSize);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    long l = locs[2 * i + 1];
    segFloats[seg(l)].get(at(l), out, offset, stateSize);
  }

  /**
   * Reads a training batch: for each {@code indices[j]}, its state into {@code states} at {@code j
   * * stateSize()}, applied action into {@code actions} at {@code j * actionSize()}, next state,
   * reward, terminal and episode-end flags. Faster than the per-sample calls on large datasets: it
   * looks up every location first and touches every record before copying, so the memory accesses
   * of the batch overlap instead of waiting one after another. Any output array may be null to skip
   * it.
   */
  public void readBatch(
      int[] indices,
      float[] states,
      float[] actions,
      float[] nextStates,
      float[] rewards,
      boolean[] terminals,
      boolean[] episodeEnds) {
    int n = indices.length;
    long[] batch = new long[2 * n];
    for (int j = 0; j < n; j++) {
      int i = indices[j];
      batch[2 * j] = locs[2 * i];
      batch[2 * j + 1] = locs[2 * i + 1];
    }
    int touched = 0;
    for (int j = 0; j < 2 * n; j++) {
      long l = batch[j];
      touched += segBytes[seg(l)].get(at(l) << 2);
    }
    sink = touched;
    for (int j = 0; j < n; j++) {
      long l = batch[2 * j];
      int s = seg(l);
      int a = at(l);
      if (states != null) {
        segFloats[s].get(a, states, j * stateSize, stateSize);
      }
      if (actions != null) {
        segFloats[s].get(a + stateSize + actionSize, actions, j * actionSize, actionSize);
      }
      if (rewards != null) {
        rewards[j] = segBytes[s].getFloat((a << 2) - STEP_STATE + STEP_REWARD);
      }
      if (nextStates != null) {
        long nl = batch[2 * j + 1];
        segFloats[seg(nl)].get(at(nl), nextStates, j * stateSize, stateSize);
      }
      if (terminals != null) {
        terminals[j] = (l & BIT_TERMINAL) != 0;
      }
      if (episodeEnds != null) {
        episodeEnds[j] = (l & BIT_EPISODE_END) != 0;
      }
    }
  }

  @SuppressWarnings("unused")
  private volatile int sink;

  private int recordPos(int i) {
    return (at(locs[2 * i]) << 2) - STEP_STATE;
  }

  private ByteBuffer recordBytes(int i) {
    return segBytes[seg(locs[2 * i])];
  }

  /**
   * Copies sample i's frame of {@code camera} from the mapped episode file: no decoding, no copy of
   * anything else (the frame is stored raw after the step's floats).
   */
  @Override
  public void image(int i, String camera, byte[] out) {
    int[] at = imageAt.get(camera);
    if (at == null) {
      throw new IllegalArgumentException(
          "no camera '" + camera + "' in this dataset; it has " + imageAt.keySet());
    }
    if (out.length < at[1]) {
      throw new IllegalArgumentException(
          "camera '" + camera + "' frames are " + at[1] + " bytes, buffer has " + out.length);
    }
    long loc = locs[2 * i];
    segBytes[seg(loc)].get((at(loc) << 2) + at[0], out, 0, at[1]);
  }

  /** The cameras recorded in this view's dataset, in record order. */
  public List<String> cameras() {
    return List.copyOf(imageAt.keySet());
  }

  @Override
  public float reward(int i) {
    return recordBytes(i).getFloat(recordPos(i) + STEP_REWARD);
  }

  @Override
  public boolean terminal(int i) {
    return (locs[2 * i] & BIT_TERMINAL) != 0;
  }

  @Override
  public boolean episodeEnd(int i) {
    return (locs[2 * i] & BIT_EPISODE_END) != 0;
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
    if (i < 0 || i >= classes.length) {
      throw new IndexOutOfBoundsException("sample " + i + " of " + classes.length);
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
