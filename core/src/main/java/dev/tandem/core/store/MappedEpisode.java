package dev.tandem.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The readable part of an episode file, memory-mapped read-only in segments that never split a
 * record (one segment unless the file is larger than {@link #MAX_SEGMENT_BYTES}). Each segment has
 * a little-endian byte view and a float view whose index {@code k} is byte {@code 4k} of the
 * segment; segments start at record boundaries, which are 8-aligned, so float fields stay aligned.
 *
 * <p>Mappings stay valid after the file is deleted (eviction) until they are garbage collected.
 */
final class MappedEpisode {

  static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE & ~7L;

  private final long[] starts;
  private final ByteBuffer[] bytes;
  private final FloatBuffer[] floats;

  private MappedEpisode(long[] starts, ByteBuffer[] bytes, FloatBuffer[] floats) {
    this.starts = starts;
    this.bytes = bytes;
    this.floats = floats;
  }

  static MappedEpisode map(Path file, EpisodeEntry e) throws IOException {
    return map(file, e.stepOffsets(), e.endOffset(), e.validEnd(), MAX_SEGMENT_BYTES);
  }

  static MappedEpisode map(
      Path file, long[] stepOffsets, long endOffset, long validEnd, long maxSegment)
      throws IOException {
    int n = stepOffsets.length + (endOffset >= 0 ? 1 : 0);
    long[] records = Arrays.copyOf(stepOffsets, n);
    if (endOffset >= 0) {
      records[n - 1] = endOffset;
    }
    List<Long> segStarts = new ArrayList<>();
    segStarts.add(0L);
    long segStart = 0;
    for (int k = 0; k < n; k++) {
      long recEnd = k + 1 < n ? records[k + 1] : validEnd;
      if (recEnd - segStart > maxSegment) {
        if (records[k] == segStart || recEnd - records[k] > maxSegment) {
          throw new IOException(
              file + ": record at " + records[k] + " is larger than a mapping segment");
        }
        segStart = records[k];
        segStarts.add(segStart);
      }
    }
    int s = segStarts.size();
    long[] starts = new long[s];
    ByteBuffer[] bytes = new ByteBuffer[s];
    FloatBuffer[] floats = new FloatBuffer[s];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int i = 0; i < s; i++) {
        starts[i] = segStarts.get(i);
        long end = i + 1 < s ? segStarts.get(i + 1) : validEnd;
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, starts[i], end - starts[i]);
        m.order(StoreFormat.ORDER);
        bytes[i] = m;
        floats[i] = m.asFloatBuffer();
      }
    }
    return new MappedEpisode(starts, bytes, floats);
  }

  int segments() {
    return starts.length;
  }

  /** The segment holding the record that starts at {@code fileOffset}. */
  int segmentOf(long fileOffset) {
    int i = Arrays.binarySearch(starts, fileOffset);
    return i >= 0 ? i : -i - 2;
  }

  /** Position of {@code fileOffset} within its segment. */
  int positionIn(int segment, long fileOffset) {
    return (int) (fileOffset - starts[segment]);
  }

  ByteBuffer bytes(int segment) {
    return bytes[segment];
  }

  FloatBuffer floats(int segment) {
    return floats[segment];
  }
}
