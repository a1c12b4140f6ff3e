package dev.tandem.core.store;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reuses the episode writers' direct buffers across episodes. A fresh direct buffer costs a page
 * fault per 4 KiB page on first use (12-20 µs each on small VMs), which for a 256 KiB buffer per
 * 1000-step episode is about a microsecond per step; a reused one costs nothing.
 */
final class BufferPool {

  /** A little-endian direct buffer and its float view (index k is byte 4k). */
  record Buffer(ByteBuffer bytes, FloatBuffer floats) {
    static Buffer allocate(int capacity) {
      ByteBuffer b = ByteBuffer.allocateDirect(capacity).order(StoreFormat.ORDER);
      return new Buffer(b, b.asFloatBuffer());
    }
  }

  private final int capacity;
  private final int maxPooled;
  private final ConcurrentLinkedDeque<Buffer> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger pooled = new AtomicInteger();

  BufferPool(int capacity, int maxPooled) {
    this.capacity = capacity;
    this.maxPooled = maxPooled;
  }

  int capacity() {
    return capacity;
  }

  /** A buffer of at least {@code min} bytes (the standard capacity when that is enough). */
  Buffer acquire(int min) {
    if (min <= capacity) {
      Buffer b = free.pollFirst();
      if (b != null) {
        pooled.decrementAndGet();
        return b;
      }
      return Buffer.allocate(capacity);
    }
    return Buffer.allocate(Integer.highestOneBit(min - 1) << 1);
  }

  /** Gives a buffer back; only standard-size buffers are kept, up to the pool's bound. */
  void release(Buffer b) {
    if (b.bytes().capacity() == capacity && pooled.incrementAndGet() <= maxPooled) {
      free.addFirst(b);
    } else if (b.bytes().capacity() == capacity) {
      pooled.decrementAndGet();
    }
  }
}
