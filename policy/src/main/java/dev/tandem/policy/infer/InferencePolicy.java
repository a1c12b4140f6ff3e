package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Policy} that runs its engine on the calling thread: no hand-off to another thread on the
 * control path. The engine is not thread-safe, so callers take turns under a lock, and they combine
 * their work: a caller queues its request, then whoever holds the lock serves every request queued
 * so far, merged into forward passes of up to {@code maxBatch} observations (vectorized
 * environments calling {@code act} concurrently get batched for free). A caller whose request was
 * served by another finds it done when it gets the lock, and returns.
 *
 * <p>{@link #swap} builds the new engine on a background thread ({@code tandem-policy-swap}), off
 * the control path, then installs it between two requests and closes the old one. DJL engines may
 * run on any thread: PyTorch's grad mode is per thread, and the DJL engine turns it off on the
 * calling thread before each forward pass.
 *
 * <p>A policy that predicts action chunks executes them per episode ({@link ChunkExecutor}): {@link
 * #act(Observation)} and {@link #reset()} use this policy's own episode state, {@link #stream()}
 * gives another episode its own (the rollout workers share one policy); a swap to another version
 * starts each episode's chunks afresh. A single-step policy keeps no episode state, so threads may
 * share {@link #act(Observation)} (and are batched); a chunking one's is one caller's. {@link
 * #act(List)} treats its rows as independent, state-free requests: the first action of each row's
 * chunk.
 */
public final class InferencePolicy implements Policy {

  private static final Logger LOG = LoggerFactory.getLogger(InferencePolicy.class);

  private final DjlRuntime runtime;
  private final InferenceConfig config;
  private final EnvironmentSpec environment;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ExecutorService builder;

  private volatile PolicyVersion version;
  private volatile PolicyFeatures features;
  private volatile boolean running = true;

  private final ChunkStream ownEpisode;

  // Guarded by lock.
  private PolicyEngine engine;

  private static final class Request {
    final List<Observation> observations;
    Action[][] result;
    PolicyVersion servedBy;
    dev.tandem.policy.config.ChunkingConfig chunking;
    RuntimeException error;
    volatile boolean done;

    Request(List<Observation> observations) {
      this.observations = observations;
    }
  }

  private InferencePolicy(
      DjlRuntime runtime,
      StoredPolicy initial,
      EnvironmentSpec environment,
      InferenceConfig config) {
    this.runtime = runtime;
    this.config = config;
    this.environment = environment;
    this.version = initial.version();
    this.features = initial.checkpoint().features();
    this.builder =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tandem-policy-swap");
              t.setDaemon(true);
              return t;
            });
    this.ownEpisode = new ChunkStream(chunkSource());
  }

  /**
   * Starts serving {@code policy}; when {@code environment} is given, the policy (and every later
   * swap) must fit its features. Waits until the engine is built, so a bad checkpoint fails here.
   */
  public static InferencePolicy start(
      DjlRuntime runtime,
      StoredPolicy policy,
      EnvironmentSpec environment,
      InferenceConfig config) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(config, "config");
    if (environment != null) {
      policy.checkpoint().features().requireCompatible(environment, "policy " + policy.version());
    }
    InferencePolicy p = new InferencePolicy(runtime, policy, environment, config);
    try {
      p.swap(policy).join();
    } catch (RuntimeException e) {
      p.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
    return p;
  }

  @Override
  public PolicyVersion version() {
    return version;
  }

  public PolicyFeatures features() {
    return features;
  }

  @Override
  public Action act(Observation observation) {
    return ownEpisode.act(observation);
  }

  @Override
  public List<Action> act(List<Observation> observations) {
    if (observations.isEmpty()) {
      return List.of();
    }
    Action[][] chunks = submit(observations).result;
    Action[] first = new Action[chunks.length];
    for (int i = 0; i < first.length; i++) {
      first[i] = chunks[i][0];
    }
    return Arrays.asList(first);
  }

  /** Clears this policy's own episode state (its action chunks). */
  @Override
  public void reset() {
    ownEpisode.reset();
  }

  /** Another episode's way through this policy, with its own action chunks. */
  @Override
  public Policy stream() {
    return new ChunkStream(chunkSource());
  }

  private ChunkStream.Source chunkSource() {
    return new ChunkStream.Source() {
      @Override
      public ChunkStream.Chunk chunk(Observation observation) {
        Request r = submit(List.of(observation));
        return new ChunkStream.Chunk(r.servedBy, r.chunking, r.result[0]);
      }

      @Override
      public PolicyVersion version() {
        return version;
      }
    };
  }

  /**
   * Replaces the served policy between two requests. Completes with the new version once it serves,
   * or exceptionally (features that do not fit, a checkpoint that does not build) while the old
   * version keeps serving.
   */
  public CompletableFuture<PolicyVersion> swap(StoredPolicy next) {
    CompletableFuture<PolicyVersion> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("inference policy is closed"));
      return result;
    }
    try {
      builder.execute(() -> install(next, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("inference policy is closed"));
    }
    return result;
  }

  /** Queues the request and returns it served (its chunks, and the version that served them). */
  private Request submit(List<Observation> observations) {
    if (!running) {
      throw new IllegalStateException("inference policy is not running (closed)");
    }
    Request r = new Request(observations);
    queue.add(r);
    lock.lock();
    try {
      while (!r.done) {
        serveQueued();
      }
    } finally {
      lock.unlock();
    }
    if (r.error != null) {
      throw r.error;
    }
    return r;
  }

  /** Serves one merged batch from the head of the queue (holding the lock). */
  private void serveQueued() {
    List<Request> batch = new ArrayList<>(4);
    int rows = 0;
    Request next;
    while ((next = queue.peek()) != null
        && (batch.isEmpty() || rows + next.observations.size() <= config.maxBatch())) {
      queue.poll();
      batch.add(next);
      rows += next.observations.size();
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      if (engine == null) {
        throw new IllegalStateException("inference policy is not running (closed)");
      }
      serve(batch, rows);
    } catch (RuntimeException | Error e) {
      for (Request r : batch) {
        if (r.result == null && r.error == null) {
          r.error =
              e instanceof RuntimeException re
                  ? re
                  : new IllegalStateException("inference failed: " + e, e);
        }
      }
      if (e instanceof Error err) {
        throw err;
      }
    } finally {
      for (Request r : batch) {
        r.done = true;
      }
    }
  }

  private void serve(List<Request> batch, int rows) {
    Request first = batch.get(0);
    for (Request r : batch) {
      r.servedBy = version;
      r.chunking = engine.checkpoint().config().network().chunking();
    }
    try {
      Action[][] all;
      if (batch.size() == 1) {
        all = engine.chunks(first.observations);
      } else {
        List<Observation> merged = new ArrayList<>(rows);
        batch.forEach(r -> merged.addAll(r.observations));
        all = engine.chunks(merged);
      }
      int at = 0;
      for (Request r : batch) {
        r.result = Arrays.copyOfRange(all, at, at + r.observations.size());
        at += r.observations.size();
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        throw e;
      }
      // Serve one by one so a bad observation fails only its own request.
      for (Request r : batch) {
        try {
          r.result = engine.chunks(r.observations);
        } catch (RuntimeException single) {
          r.error = single;
        }
      }
    }
  }

  /** Builds the engine for {@code next} (on the swap thread), then installs it under the lock. */
  private void install(StoredPolicy next, CompletableFuture<PolicyVersion> result) {
    PolicyEngine built = null;
    try {
      PolicyFeatures nextFeatures = next.checkpoint().features();
      if (environment != null) {
        nextFeatures.requireCompatible(environment, "policy " + next.version());
      }
      built = Engines.create(config.engine(), runtime, next.checkpoint());
      if (config.sampleActions()) {
        built.sampleActions(config.seed() + next.version().number());
      }
      PolicyEngine old;
      lock.lock();
      try {
        if (!running) {
          throw new IllegalStateException("inference policy is closed");
        }
        if (environment == null && engine != null && !sameInterface(features, nextFeatures)) {
          throw new IllegalArgumentException(
              "policy "
                  + next.version()
                  + " reads or writes different features than "
                  + version
                  + " and cannot replace it: "
                  + nextFeatures
                  + " vs "
                  + features);
        }
        old = engine;
        engine = built;
        built = null;
        features = nextFeatures;
        version = next.version();
      } finally {
        lock.unlock();
      }
      closeQuietly(old);
      result.complete(next.version());
    } catch (RuntimeException e) {
      closeQuietly(built);
      result.completeExceptionally(e);
    }
  }

  private static boolean sameInterface(PolicyFeatures a, PolicyFeatures b) {
    return a.state().equals(b.state())
        && a.images().equals(b.images())
        && a.action().equals(b.action());
  }

  private static void closeQuietly(PolicyEngine e) {
    if (e != null) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        LOG.warn("closing inference engine", ex);
      }
    }
  }

  /** Serves the requests already queued, then frees the engine; later calls fail. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    builder.shutdown();
    try {
      if (!builder.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a policy swap was still being built when the inference policy closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      while (!queue.isEmpty()) {
        serveQueued();
      }
      closeQuietly(engine);
      engine = null;
    } finally {
      lock.unlock();
    }
  }
}
