package dev.tandem.policy;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * Forces a full garbage collection and waits until the JVM has processed the references it found
 * unreachable (direct buffers are freed then). Tests call it between a forward pass and its
 * backward pass: no result may change.
 */
public final class GarbageCollection {
  private GarbageCollection() {}

  /** One full collection, then the reference handler's work on it. */
  public static void collect() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
    System.gc();
    try {
      if (queue.remove(2_000) == null) {
        throw new IllegalStateException(
            "no garbage collection within 2 s (explicit collections disabled?)");
      }
      // the reference handler frees direct buffers in the same pass that enqueues the sentinel
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    java.lang.ref.Reference.reachabilityFence(sentinel);
  }
}
