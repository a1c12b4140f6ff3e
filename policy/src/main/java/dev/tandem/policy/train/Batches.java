package dev.tandem.policy.train;

import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ImageSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The training batches of a run, in order. Every draw (samples, crop offsets) comes from one
 * generator in the same order whichever thread fills a batch, so {@link #synchronous} and {@link
 * #prefetching} hand out the same batches for the same seed. Prefetching fills the next batch on a
 * worker thread ({@code tandem-batch-prefetch}) while the caller trains on the current one: image
 * reads from the memory-mapped store, crops and conversions overlap the forward and backward pass
 * instead of stalling it, and only two batches of images are ever in memory.
 *
 * <p>A batch returned by {@link #next()} stays valid until the following call.
 */
abstract class Batches implements AutoCloseable {

  /** One batch in heap arrays: states, targets, weights (normalized to sum 1), mask, images. */
  static final class Batch {
    final float[] states;
    final float[] targets;
    final float[] weights;

    /** Null without chunking. */
    final float[] mask;

    final float[][] images;

    Batch(int b, BcTrainer.Dataset ds, List<int[]> imageShapes) {
      states = new float[b * ds.stateSize];
      targets = new float[b * ds.targetSize];
      weights = new float[b];
      mask = ds.chunkMask == null ? null : new float[b * ds.targetSize];
      images = new float[imageShapes.size()][];
      for (int c = 0; c < images.length; c++) {
        int[] sh = imageShapes.get(c);
        images[c] = new float[b * sh[0] * sh[1] * sh[2]];
      }
    }
  }

  /** Draws and fills batches; used by one thread at a time. */
  static final class Filler {
    private final BcTrainer.Dataset ds;
    private final ImageSource images;
    private final boolean weightedLoss;
    private final AliasSampler weighted;
    private final SplittableRandom rng;
    private final int batchSize;
    private final byte[][] raw;
    private final List<int[]> imageShapes;

    Filler(
        BcTrainer.Dataset ds,
        ImageSource images,
        TrainConfig tc,
        AliasSampler weighted,
        SplittableRandom rng) {
      this.ds = ds;
      this.images = images;
      this.weightedLoss = tc.weighting() == TrainConfig.Weighting.LOSS;
      this.weighted = weighted;
      this.rng = rng;
      this.batchSize = tc.batchSize();
      this.raw = ds.rawImageBuffers();
      this.imageShapes = ds.cropShapes();
    }

    Batch newBatch() {
      return new Batch(batchSize, ds, imageShapes);
    }

    void fill(Batch into) {
      int s = ds.stateSize;
      int a = ds.targetSize;
      float wsum = 0;
      for (int k = 0; k < batchSize; k++) {
        int i = weighted != null ? weighted.next(rng) : ds.train[rng.nextInt(ds.train.length)];
        System.arraycopy(ds.states, i * s, into.states, k * s, s);
        System.arraycopy(ds.targets, i * a, into.targets, k * a, a);
        if (into.mask != null) {
          System.arraycopy(ds.chunkMask, i * a, into.mask, k * a, a);
        }
        float w = weightedLoss ? ds.weights[i] : 1f;
        into.weights[k] = w;
        wsum += w;
        for (int c = 0; c < into.images.length; c++) {
          ds.randomCrop(images, i, c, raw[c], rng, into.images[c], k);
        }
      }
      for (int k = 0; k < batchSize; k++) {
        into.weights[k] /= wsum;
      }
    }
  }

  abstract Batch next();

  @Override
  public void close() {}

  /**
   * Prefetching where it pays: image batches on a GPU, where the training thread waits on the
   * device while the CPU is free. On a CPU the forward and backward pass already use the cores, a
   * batch is a small part of a step (64 samples of two 84x84 cameras: 1.8 ms of CPU against 280 ms
   * or more of training step on 2 cores), and a third runnable thread slowed training there (114
   * and 127 samples/s prefetched against 172 and 227 synchronous, alternating runs at load 13-14):
   * batches are filled on the training thread.
   */
  static Batches forRun(Filler filler, boolean images, boolean onGpu) {
    return images && onGpu ? prefetching(filler) : synchronous(filler);
  }

  /** Each batch filled on the calling thread when asked for. */
  static Batches synchronous(Filler filler) {
    Batch only = filler.newBatch();
    return new Batches() {
      @Override
      Batch next() {
        filler.fill(only);
        return only;
      }
    };
  }

  /** The next batch filled on a worker thread while the caller uses the current one. */
  static Batches prefetching(Filler filler) {
    return new Prefetching(filler);
  }

  private static final class Prefetching extends Batches {
    private final Filler filler;
    private final Batch[] buffers;
    private final ExecutorService worker;
    private Future<?> pending;
    private int ready;

    Prefetching(Filler filler) {
      this.filler = filler;
      this.buffers = new Batch[] {filler.newBatch(), filler.newBatch()};
      this.worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "tandem-batch-prefetch");
                t.setDaemon(true);
                return t;
              });
      pending = worker.submit(() -> filler.fill(buffers[0]));
    }

    @Override
    Batch next() {
      try {
        pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a training batch", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("filling a training batch failed: " + cause, cause);
      }
      Batch current = buffers[ready];
      Batch following = buffers[1 - ready];
      pending = worker.submit(() -> filler.fill(following));
      ready = 1 - ready;
      return current;
    }

    /**
     * Stops the worker and waits for it: a batch being filled is finished first, so nothing reads
     * the store once training has returned.
     */
    @Override
    public void close() {
      worker.shutdownNow();
      boolean interrupted = false;
      while (true) {
        try {
          if (worker.awaitTermination(1, TimeUnit.SECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
