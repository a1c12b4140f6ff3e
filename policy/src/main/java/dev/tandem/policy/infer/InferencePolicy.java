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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Policy} served by one dedicated inference thread that owns the engine: every DJL /
 * PyTorch call happens on that thread. Callers on any thread submit requests and wait for them;
 * single-observation requests queued together are merged into one batch (up to {@code maxBatch}).
 *
 * <p>{@link #swap} installs a new version between two requests, without stopping inference: the new
 * engine is built on the inference thread, then replaces the old one, which is closed. The handoff
 * spins briefly before parking on both sides, so a steady caller sees microseconds, not scheduler
 * wake-up latency.
 */
public final class InferencePolicy implements Policy {

  private static final Logger LOG = LoggerFactory.getLogger(InferencePolicy.class);

  private final DjlRuntime runtime;
  private final InferenceConfig config;
  private final EnvironmentSpec environment;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final Thread worker;
  private final long spinNanos;

  private volatile PolicyVersion version;
  private volatile PolicyFeatures features;
  private volatile boolean running = true;
  private volatile Throwable failure;

  // Owned by the worker thread only.
  private PolicyEngine engine;

  private static final class Request {
    final List<Observation> observations;
    final Thread waiter;
    Action[] result;
    RuntimeException error;
    volatile boolean done;

    Request(List<Observation> observations) {
      this.observations = observations;
      this.waiter = Thread.currentThread();
    }
  }

  private record Swap(StoredPolicy policy, CompletableFuture<PolicyVersion> result) {}

  private record Stop(CompletableFuture<Void> result) {}

  private InferencePolicy(
      DjlRuntime runtime,
      StoredPolicy initial,
      EnvironmentSpec environment,
      InferenceConfig config) {
    this.runtime = runtime;
    this.config = config;
    this.environment = environment;
    this.spinNanos = TimeUnit.MICROSECONDS.toNanos(config.spinMicros());
    this.version = initial.version();
    this.features = initial.checkpoint().features();
    this.worker = new Thread(this::loop, "tandem-policy-inference");
    this.worker.setDaemon(true);
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
    p.worker.start();
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
    return submit(List.of(observation))[0];
  }

  @Override
  public List<Action> act(List<Observation> observations) {
    if (observations.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(submit(observations));
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
    enqueue(new Swap(next, result));
    return result;
  }

  private Action[] submit(List<Observation> observations) {
    Throwable dead = failure;
    if (dead != null || !running) {
      throw new IllegalStateException(
          "inference thread is not running" + (dead == null ? "" : ": " + dead), dead);
    }
    Request r = new Request(observations);
    enqueue(r);
    long deadline = System.nanoTime() + spinNanos;
    while (!r.done) {
      if (System.nanoTime() < deadline) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 1_000_000L);
        if (!worker.isAlive() && !r.done) {
          throw new IllegalStateException("inference thread stopped while serving a request");
        }
      }
    }
    if (r.error != null) {
      throw r.error;
    }
    return r.result;
  }

  private void enqueue(Object item) {
    queue.add(item);
    LockSupport.unpark(worker);
  }

  private void loop() {
    try {
      while (true) {
        Object item = queue.poll();
        if (item == null) {
          item = await();
        }
        if (item instanceof Request r) {
          serve(r);
        } else if (item instanceof Swap s) {
          install(s);
        } else if (item instanceof Stop s) {
          closeEngine();
          failPending();
          s.result().complete(null);
          return;
        }
      }
    } catch (Throwable t) {
      failure = t;
      running = false;
      LOG.error("inference thread failed", t);
      closeEngine();
      failPending();
    }
  }

  /** Spins for a short while, then parks, until something is queued. */
  private Object await() {
    long deadline = System.nanoTime() + spinNanos;
    while (true) {
      Object item = queue.poll();
      if (item != null) {
        return item;
      }
      if (System.nanoTime() < deadline) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 10_000_000L);
      }
    }
  }

  private void serve(Request first) {
    List<Request> batch = new ArrayList<>(4);
    batch.add(first);
    int rows = first.observations.size();
    while (queue.peek() instanceof Request next
        && rows + next.observations.size() <= config.maxBatch()) {
      queue.poll();
      batch.add(next);
      rows += next.observations.size();
    }
    try {
      Action[] all;
      if (batch.size() == 1) {
        all = engine.act(first.observations);
      } else {
        List<Observation> merged = new ArrayList<>(rows);
        batch.forEach(r -> merged.addAll(r.observations));
        all = engine.act(merged);
      }
      int at = 0;
      for (Request r : batch) {
        r.result = Arrays.copyOfRange(all, at, at + r.observations.size());
        at += r.observations.size();
      }
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        // Serve one by one so a bad observation fails only its own request.
        for (Request r : batch) {
          try {
            r.result = engine.act(r.observations);
          } catch (RuntimeException single) {
            r.error = single;
          }
        }
      } else {
        first.error = e;
      }
    }
    for (Request r : batch) {
      r.done = true;
      LockSupport.unpark(r.waiter);
    }
  }

  private void install(Swap s) {
    try {
      PolicyFeatures next = s.policy().checkpoint().features();
      if (environment != null) {
        next.requireCompatible(environment, "policy " + s.policy().version());
      } else if (engine != null && !sameInterface(features, next)) {
        throw new IllegalArgumentException(
            "policy "
                + s.policy().version()
                + " reads or writes different features than "
                + version
                + " and cannot replace it: "
                + next
                + " vs "
                + features);
      }
      PolicyEngine built = Engines.create(config.engine(), runtime, s.policy().checkpoint());
      if (config.sampleActions()) {
        built.sampleActions(config.seed() + s.policy().version().number());
      }
      PolicyEngine old = engine;
      engine = built;
      features = next;
      version = s.policy().version();
      if (old != null) {
        old.close();
      }
      s.result().complete(version);
    } catch (RuntimeException e) {
      s.result().completeExceptionally(e);
    }
  }

  private static boolean sameInterface(PolicyFeatures a, PolicyFeatures b) {
    return a.state().equals(b.state())
        && a.images().equals(b.images())
        && a.action().equals(b.action());
  }

  private void closeEngine() {
    if (engine != null) {
      try {
        engine.close();
      } catch (RuntimeException e) {
        LOG.warn("closing inference engine", e);
      }
      engine = null;
    }
  }

  private void failPending() {
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof Request r) {
        r.error = new IllegalStateException("inference policy closed");
        r.done = true;
        LockSupport.unpark(r.waiter);
      } else if (item instanceof Swap s) {
        s.result().completeExceptionally(new IllegalStateException("inference policy closed"));
      } else if (item instanceof Stop s) {
        s.result().complete(null);
      }
    }
  }

  /** Stops the inference thread after the requests already queued, and frees the engine. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    enqueue(new Stop(stopped));
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
