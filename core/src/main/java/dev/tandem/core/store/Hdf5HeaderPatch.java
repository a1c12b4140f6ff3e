package dev.tandem.core.store;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Two edits jhdf 0.9.4 cannot make while writing, applied to the object headers of datasets it
 * wrote (version 2 headers, one chunk, Jenkins lookup3 checksum):
 *
 * <ul>
 *   <li>mark a 1-byte integer dataset unsigned (jhdf writes every Java {@code byte} as signed int8;
 *       camera images must be uint8);
 *   <li>replace the dimensions of a dataset by others of the same rank and element count (images
 *       are written as {@code [N, H, 1, W*C]} — one Java array per image row instead of one per
 *       pixel, the same bytes in C order — and relabelled {@code [N, H, W, C]}).
 * </ul>
 *
 * Only the datatype sign bit, the dimension sizes and the header checksum change; the data is
 * untouched. Anything unexpected in the header is an error, never a silent skip.
 */
final class Hdf5HeaderPatch {

  private static final int MSG_DATASPACE = 0x0001;
  private static final int MSG_DATATYPE = 0x0003;

  /** What to change in one dataset: unsigned when true, new dimensions when non-null. */
  record Change(boolean unsigned, long[] dimensions) {}

  private Hdf5HeaderPatch() {}

  static void apply(Path file, Map<String, Change> changes) throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    Map<String, Long> addresses = new HashMap<>();
    try (HdfFile hdf = new HdfFile(file)) {
      for (String path : changes.keySet()) {
        Dataset d = hdf.getDatasetByPath(path);
        addresses.put(path, d.getAddress());
      }
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (Map.Entry<String, Change> e : changes.entrySet()) {
        patch(ch, addresses.get(e.getKey()), e.getKey(), e.getValue(), file);
      }
      ch.force(true);
    }
  }

  private static void patch(FileChannel ch, long address, String path, Change change, Path file)
      throws IOException {
    String where = file + " dataset " + path;
    ByteBuffer head = read(ch, address, 64);
    byte[] sig = new byte[4];
    head.get(0, sig);
    if (!"OHDR".equals(new String(sig, StandardCharsets.US_ASCII)) || head.get(4) != 2) {
      throw new IOException(where + ": expected a version 2 object header at " + address);
    }
    int flags = head.get(5) & 0xff;
    int p = 6;
    if ((flags & 0x20) != 0) {
      p += 16;
    }
    if ((flags & 0x10) != 0) {
      p += 4;
    }
    int sizeBytes = 1 << (flags & 0x03);
    long chunkSize = readUnsigned(head, p, sizeBytes);
    p += sizeBytes;
    int chunkStart = p;
    long total = chunkStart + chunkSize + 4;
    if (total > (16 << 20)) {
      throw new IOException(where + ": object header of " + total + " bytes is implausible");
    }
    ByteBuffer h = read(ch, address, (int) total);
    boolean creationOrder = (flags & 0x04) != 0;
    int end = (int) (chunkStart + chunkSize);
    boolean typeDone = !change.unsigned();
    boolean dimsDone = change.dimensions() == null;
    int q = chunkStart;
    while (q + 4 <= end) {
      int type = h.get(q) & 0xff;
      int size = Short.toUnsignedInt(h.getShort(q + 1));
      int data = q + 4 + (creationOrder ? 2 : 0);
      if (data + size > end) {
        break;
      }
      if (type == MSG_DATATYPE && change.unsigned()) {
        int classAndVersion = h.get(data) & 0xff;
        int size0 = h.getInt(data + 4);
        if ((classAndVersion & 0x0f) != 0 || size0 != 1) {
          throw new IOException(
              where
                  + ": expected a 1-byte fixed-point datatype, found class "
                  + (classAndVersion & 0x0f)
                  + " of "
                  + size0
                  + " bytes");
        }
        h.put(data + 1, (byte) (h.get(data + 1) & ~0x08));
        typeDone = true;
      } else if (type == MSG_DATASPACE && change.dimensions() != null) {
        int version = h.get(data) & 0xff;
        int rank = h.get(data + 1) & 0xff;
        int dsFlags = h.get(data + 2) & 0xff;
        int dims = version == 1 ? data + 8 : data + 4;
        long[] want = change.dimensions();
        if (rank != want.length) {
          throw new IOException(where + ": rank " + rank + ", expected " + want.length);
        }
        long before = 1;
        long after = 1;
        for (int k = 0; k < rank; k++) {
          before *= h.getLong(dims + 8 * k);
          after *= want[k];
        }
        if (before != after) {
          throw new IOException(
              where + ": new dimensions hold " + after + " elements, the dataset " + before);
        }
        for (int k = 0; k < rank; k++) {
          h.putLong(dims + 8 * k, want[k]);
          if ((dsFlags & 0x01) != 0) {
            h.putLong(dims + 8 * (rank + k), want[k]);
          }
        }
        dimsDone = true;
      }
      q = data + size;
    }
    if (!typeDone || !dimsDone) {
      throw new IOException(where + ": datatype or dataspace message not found in its header");
    }
    h.putInt(end, ChecksumUtils.checksum(h.duplicate().position(0).limit(end)));
    h.clear();
    long at = address;
    while (h.hasRemaining()) {
      at += ch.write(h, at);
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int r = ch.read(b, at + b.position());
      if (r < 0) {
        break;
      }
    }
    b.clear();
    return b;
  }

  private static long readUnsigned(ByteBuffer b, int at, int bytes) {
    return switch (bytes) {
      case 1 -> b.get(at) & 0xffL;
      case 2 -> b.getShort(at) & 0xffffL;
      case 4 -> b.getInt(at) & 0xffffffffL;
      default -> b.getLong(at);
    };
  }
}
