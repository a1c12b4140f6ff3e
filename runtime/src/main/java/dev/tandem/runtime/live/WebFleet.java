package dev.tandem.runtime.live;

import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.train.TrainingResult;
import dev.tandem.runtime.actors.ArbiterActor;
import dev.tandem.runtime.actors.EnvironmentActor;
import dev.tandem.runtime.actors.PolicyActor;
import dev.tandem.runtime.actors.RecorderActor;
import dev.tandem.runtime.actors.RolloutPool;
import dev.tandem.runtime.actors.Ticker;
import dev.tandem.runtime.training.Demonstrations;
import dev.tandem.runtime.training.Training;
import dev.tandem.web.WebConsole;
import dev.tandem.web.WebConsoleConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@code tandem serve}: one or more simulated robots of a teleop session's task, each with its own
 * policy actor, arbiter, ticker and episode store ({@code <output>/<robot>/data}), watched, driven
 * and corrected from browsers through the {@link WebConsole}. Episodes run back to back until the
 * time or episode limit. Retraining between episodes stays with {@code tandem teleop}; here every
 * robot runs the policy it started with.
 */
public final class WebFleet {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param robots how many simulated robots (ids r1, r2, ...)
   * @param web where the console listens
   * @param maxEpisodes each robot stops after this many episodes (0: unbounded)
   * @param seconds stop after this many seconds (null: the episode limit alone)
   * @param output the session's directory (null: the config's output)
   */
  public record Options(
      int robots, WebConsoleConfig web, int maxEpisodes, Double seconds, Path output) {
    public Options {
      if (robots < 1 || robots > 16) {
        throw new IllegalArgumentException("robots: found " + robots + ", expected 1..16");
      }
      if (maxEpisodes < 0) {
        throw new IllegalArgumentException(
            "max episodes: found " + maxEpisodes + ", expected 0 or more");
      }
    }
  }

  /** What the fleet did: episodes per robot id. */
  public record Summary(Path output, URI address, Map<String, Integer> episodes) {}

  private final TeleopSessionConfig config;
  private final Options options;
  private final PrintWriter out;
  private final Clock clock;
  private final Consumer<URI> started;
  private volatile boolean stopRequested;

  /** {@code started} hears the page's address once browsers can connect. */
  public WebFleet(
      TeleopSessionConfig config,
      Options options,
      PrintWriter out,
      Clock clock,
      Consumer<URI> started) {
    this.config = config;
    this.options = options;
    this.out = out;
    this.clock = clock;
    this.started = started;
  }

  /** Ends the episodes in progress (as an operator stop) and returns from {@link #run}. */
  public void stop() {
    stopRequested = true;
  }

  public Summary run() {
    Path output = options.output() != null ? options.output() : Path.of(config.output());
    EnvironmentSpec spec = environmentSpec();
    double rateHz = config.rateHz() != null ? config.rateHz() : spec.controlRateHz();
    long deadline =
        options.seconds() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + (long) (options.seconds() * 1e9);
    DjlRuntime djl =
        DjlRuntime.start(
            new RuntimeConfig(
                RuntimeConfig.DeviceChoice.valueOf(
                    config.training().device().toUpperCase(Locale.ROOT)),
                1,
                1));
    PolicyRegistry registry = registry(output, spec, djl);
    PolicyVersion version = registry.current().orElseThrow();
    List<WebRobot> robots = new ArrayList<>();
    for (int i = 1; i <= options.robots(); i++) {
      robots.add(new WebRobot("r" + i, spec, config.viewer(), config.language()));
    }
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "tandem-serve");
    List<AutoCloseable> closing = new ArrayList<>();
    try {
      List<ActorRef<ArbiterActor.Command>> arbiters = new ArrayList<>();
      List<ActorRef<RecorderActor.Command>> taps = new ArrayList<>();
      for (WebRobot r : robots) {
        EpisodeStore store = openStore(output.resolve(r.id()).resolve("data"), spec, rateHz);
        closing.add(store);
        RobotActors actors = startRobot(system, r, store, djl, registry, version, spec);
        ActorRef<ArbiterActor.Command> arbiter = actors.arbiter();
        taps.add(actors.tap());
        r.connect(WebRobot.Controls.of(arbiter));
        arbiters.add(arbiter);
        closing.add(new Ticker("serve-" + r.id(), rateHz, arbiter));
      }
      try (WebConsole console = WebConsole.start(options.web(), robots)) {
        robots.forEach(r -> r.publishTo(console));
        say(
            String.format(
                Locale.ROOT,
                "serving %d robot(s) of %s at %.1f Hz, policy %s: open %s",
                robots.size(),
                config.task().taskName(),
                rateHz,
                version,
                console.address()));
        started.accept(console.address());
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int i = 0; i < robots.size(); i++) {
          runs.add(runEpisodes(system, robots.get(i), arbiters.get(i), i, deadline));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
        for (AutoCloseable c : closing) {
          if (c instanceof Ticker t) {
            t.close();
          }
        }
        flush(system, taps);
        Map<String, Integer> episodes = new TreeMap<>();
        robots.forEach(r -> episodes.put(r.id(), r.episodes()));
        say("served: " + episodes + " episodes");
        return new Summary(output, console.address(), episodes);
      }
    } finally {
      // the actors first: a recorder syncs its store when it stops, so the stores close after
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // stopping anyway
      }
      closeAll(closing);
    }
  }

  // ------------------------------------------------------------------ set-up

  private EnvironmentSpec environmentSpec() {
    try (Environment probe = config.task().create()) {
      EnvironmentSpec spec = probe.spec();
      if (spec.action().mode() != ActionSpec.ActionMode.EE_DELTA) {
        throw new LiveSession.SetupException(
            "task: "
                + config.task().taskName()
                + " uses "
                + spec.action().mode()
                + " actions; the web console drives end-effector deltas (set sim.actionMode:"
                + " EE_DELTA)");
      }
      return spec;
    }
  }

  /** The config's registry, or BC trained on scripted demos into {@code <output>/policies}. */
  private PolicyRegistry registry(Path output, EnvironmentSpec spec, DjlRuntime djl) {
    if (!config.policy().isEmpty()) {
      PolicyRegistry given = new PolicyRegistry(Path.of(config.policy()));
      if (given.current().isEmpty()) {
        throw new LiveSession.SetupException(
            "policy: "
                + config.policy()
                + " has no published version (train one with tandem train)");
      }
      return given;
    }
    PolicyRegistry registry = new PolicyRegistry(output.resolve("policies"));
    if (registry.current().isPresent()) {
      say("serving " + registry.current().get() + " of " + registry.directory());
      return registry;
    }
    Path demos = output.resolve("demos");
    List<Long> ids = new ArrayList<>();
    say("no policy registry: training BC on " + config.demos() + " scripted demos to start with");
    try (EpisodeStore store = openStore(demos, spec, spec.controlRateHz());
        Environment env = config.task().create()) {
      if (env.oracle().isEmpty()) {
        throw new LiveSession.SetupException(
            "demos: "
                + config.task().taskName()
                + " has no scripted expert; set policy: <registry>");
      }
      for (int i = 0; i < config.demos(); i++) {
        Map<String, String> tags = new TreeMap<>(Map.of("phase", "demo", "index", "" + i));
        ids.add(
            Demonstrations.record(env, store, 1_000_000L + config.seed() * 1000 + i, tags, clock));
      }
      BcConfig bc = Training.config(config.training(), config.weighting(), config.seed());
      TrainingResult r =
          Training.train(
              djl,
              Training.dataset(store, ids, config.segmenter(), config.weighting(), config.memory()),
              spec,
              bc,
              Map.of("serve.what", "starting policy: BC on the demos"));
      say(String.format(Locale.ROOT, "trained on %d demos (%.1f s)", ids.size(), r.seconds()));
      registry.publish(r.checkpoint());
    }
    return registry;
  }

  private EpisodeStore openStore(Path dir, EnvironmentSpec spec, double rateHz) {
    try {
      return EpisodeStore.openOrCreate(
          dir, DatasetSpec.of(spec.withControlRateHz(rateHz)), StoreOptions.defaults());
    } catch (RuntimeException e) {
      throw new LiveSession.SetupException(
          "output: cannot record to " + dir + ": " + e.getMessage().replace('\n', ' '), e);
    }
  }

  private RobotActors startRobot(
      ActorSystem<SpawnProtocol.Command> system,
      WebRobot r,
      EpisodeStore store,
      DjlRuntime djl,
      PolicyRegistry registry,
      PolicyVersion version,
      EnvironmentSpec spec) {
    String id = r.id();
    var recorder =
        RolloutPool.spawnIn(
            system, RecorderActor.create(store), "recorder-" + id, "tandem.recorder-dispatcher");
    var tap = RolloutPool.spawnIn(system, StepTap.create(recorder, r), "tap-" + id, null);
    var env =
        RolloutPool.spawnIn(
            system,
            EnvironmentActor.create(
                () -> new HoldInPlace(new SceneTap(config.task().create(), r::scene))),
            "environment-" + id,
            "tandem.environment-dispatcher");
    var policy =
        RolloutPool.spawnIn(
            system,
            PolicyActor.create(
                InferencePolicy.start(
                    djl, registry.load(version), spec, InferenceConfig.defaults()),
                v ->
                    InferencePolicy.start(djl, registry.load(v), spec, InferenceConfig.defaults())),
            "policy-" + id,
            "tandem.policy-dispatcher");
    var wiring =
        new ArbiterActor.Wiring(
            id, spec, env, policy, java.util.Optional.empty(), tap, "web operator", false);
    return new RobotActors(
        tap,
        RolloutPool.spawnIn(system, ArbiterActor.create(wiring, clock), "arbiter-" + id, null));
  }

  // ------------------------------------------------------------------ the loop

  /** Episodes back to back on the robot's arbiter until its limit or the deadline. */
  private CompletableFuture<Void> runEpisodes(
      ActorSystem<SpawnProtocol.Command> system,
      WebRobot r,
      ActorRef<ArbiterActor.Command> arbiter,
      int index,
      long deadline) {
    return CompletableFuture.runAsync(
        () -> {
          int n = 0;
          while ((options.maxEpisodes() == 0 || n < options.maxEpisodes()) && !stopping(deadline)) {
            n++;
            long seed = config.seed() * 1000 + index * 100_000L + n;
            Map<String, String> tags = new TreeMap<>();
            tags.put("phase", "web");
            tags.put("robot", r.id());
            tags.put("episode", Integer.toString(n));
            tags.put("task", config.task().taskName());
            ArbiterActor.EpisodeDone done = runEpisode(system, arbiter, seed, tags, deadline);
            say(
                String.format(
                    Locale.ROOT,
                    "%s episode %d ended: %s after %d steps, %d interventions, %d human steps",
                    r.id(),
                    n,
                    done.outcome().reason(),
                    done.steps(),
                    done.interventions(),
                    done.humanSteps()));
          }
        },
        runnable -> {
          Thread t = new Thread(runnable, "tandem-serve-" + r.id());
          t.setDaemon(true);
          t.start();
        });
  }

  private ArbiterActor.EpisodeDone runEpisode(
      ActorSystem<SpawnProtocol.Command> system,
      ActorRef<ArbiterActor.Command> arbiter,
      long seed,
      Map<String, String> tags,
      long deadline) {
    CompletableFuture<ArbiterActor.EpisodeDone> f =
        AskPattern.<ArbiterActor.Command, ArbiterActor.EpisodeDone>ask(
                arbiter,
                replyTo -> new ArbiterActor.RunEpisode(seed, tags, replyTo),
                Duration.ofDays(1),
                system.scheduler())
            .toCompletableFuture();
    boolean endSent = false;
    while (true) {
      try {
        return f.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!endSent && stopping(deadline)) {
          arbiter.tell(
              new ArbiterActor.EndEpisode(
                  stopRequested ? "session stopped" : "time limit (--seconds)"));
          endSent = true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        arbiter.tell(new ArbiterActor.EndEpisode("interrupted"));
        return f.orTimeout(10, TimeUnit.SECONDS).join();
      } catch (ExecutionException e) {
        throw new IllegalStateException("episode failed: " + e.getCause(), e);
      }
    }
  }

  private boolean stopping(long deadline) {
    return stopRequested || System.nanoTime() > deadline;
  }

  /** Waits until every robot's recording is on disk (a tap answers after its recorder). */
  private static void flush(
      ActorSystem<SpawnProtocol.Command> system, List<ActorRef<RecorderActor.Command>> taps) {
    for (ActorRef<RecorderActor.Command> tap : taps) {
      AskPattern.<RecorderActor.Command, RecorderActor.Flushed>ask(
              tap, RecorderActor.Flush::new, ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture()
          .join();
    }
  }

  /** A robot's actors the fleet talks to. */
  private record RobotActors(
      ActorRef<RecorderActor.Command> tap, ActorRef<ArbiterActor.Command> arbiter) {}

  private static void closeAll(List<AutoCloseable> closing) {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
  }

  private void say(String line) {
    if (out != null) {
      out.println(line);
      out.flush();
    }
  }
}
