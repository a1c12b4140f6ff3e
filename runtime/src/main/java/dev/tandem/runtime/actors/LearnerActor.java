package dev.tandem.runtime.actors;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.InterventionDataset;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.train.TrainingResult;
import dev.tandem.runtime.training.Training;
import dev.tandem.runtime.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Turns recorded episodes into a new policy version: on {@link Retrain} it segments and weights the
 * named episodes of its episode store with its weighting scheme and memory, trains behavior
 * cloning, publishes the checkpoint into its registry and tells every subscribed {@link
 * PolicyActor} to {@link PolicyActor.Deploy deploy} the new version (each loads it from the
 * registry, so a policy actor on another node only needs the version). Training blocks for seconds:
 * spawn this actor on {@link #DISPATCHER}.
 *
 * <p>Messages carry only episode ids, seeds, tags and versions; the store, the registry and the DJL
 * runtime are the learner node's own. A failed training answers {@link Trained} with the error and
 * leaves the current version in place.
 */
public final class LearnerActor extends AbstractBehavior<LearnerActor.Command> {

  /** The dispatcher to spawn learners on (blocking native work). */
  public static final DispatcherSelector DISPATCHER =
      DispatcherSelector.fromConfig("tandem.learner-dispatcher");

  public sealed interface Command permits Retrain, Subscribe, Stop {}

  /**
   * Train on {@code episodeIds} (in that order) of the learner's store. {@code info} is stored in
   * the checkpoint (e.g. the round or the session).
   */
  public record Retrain(
      List<Long> episodeIds, long seed, Map<String, String> info, ActorRef<Trained> replyTo)
      implements Command, TandemMessage {
    public Retrain {
      episodeIds = List.copyOf(episodeIds);
      info = Map.copyOf(info);
    }
  }

  /** Deploy every version this learner publishes to {@code policy} from now on. */
  public record Subscribe(ActorRef<PolicyActor.Command> policy) implements Command, TandemMessage {}

  /** Stops the learner after the messages before it (its thread ends with it). */
  public record Stop() implements Command, TandemMessage {}

  /** The answer to a {@link Retrain}: the published version, or the error (version NONE). */
  public record Trained(
      PolicyVersion version,
      int trainSamples,
      double trainSeconds,
      Map<String, Long> classCounts,
      String error)
      implements TandemMessage {
    public boolean ok() {
      return error == null || error.isEmpty();
    }
  }

  /** What the learner trains with: local resources of the learner's node. */
  public record Setup(
      DjlRuntime djl,
      EpisodeStore store,
      PolicyRegistry registry,
      EnvironmentSpec spec,
      Segmenter segmenter,
      WeightingScheme weighting,
      Memory memory,
      TrainingSettings training) {}

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new LearnerActor(ctx, setup));
  }

  private final Setup setup;
  private final List<ActorRef<PolicyActor.Command>> subscribers = new ArrayList<>();

  private LearnerActor(ActorContext<Command> context, Setup setup) {
    super(context);
    this.setup = setup;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Retrain.class, this::onRetrain)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onSignal(Terminated.class, t -> onTerminated(t.getRef()))
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    if (!subscribers.contains(m.policy())) {
      subscribers.add(m.policy());
      getContext().watch(m.policy());
    }
    return this;
  }

  private Behavior<Command> onTerminated(ActorRef<?> ref) {
    subscribers.remove(ref);
    return this;
  }

  private Behavior<Command> onRetrain(Retrain m) {
    long t0 = System.nanoTime();
    Trained reply;
    try {
      InterventionDataset data =
          Training.dataset(
              setup.store(), m.episodeIds(), setup.segmenter(), setup.weighting(), setup.memory());
      BcConfig bc = Training.config(setup.training(), setup.weighting(), m.seed());
      Map<String, String> info = new TreeMap<>(m.info());
      info.put("learner.episodes", Integer.toString(m.episodeIds().size()));
      TrainingResult result = Training.train(setup.djl(), data, setup.spec(), bc, info);
      PolicyVersion version = setup.registry().publish(result.checkpoint());
      reply =
          new Trained(
              version,
              result.trainSamples(),
              (System.nanoTime() - t0) / 1e9,
              classCounts(data),
              "");
      for (ActorRef<PolicyActor.Command> policy : subscribers) {
        policy.tell(new PolicyActor.Deploy(version, null));
      }
    } catch (RuntimeException e) {
      // the failure goes back in the reply, causes included (a full disk is named by the cause);
      // its stack trace only at debug level (the CLI's --verbose)
      String error = withCauses(e);
      getContext()
          .getLog()
          .warn("training on {} episodes failed: {}", m.episodeIds().size(), error);
      getContext().getLog().debug("training failure", e);
      reply = new Trained(PolicyVersion.NONE, 0, (System.nanoTime() - t0) / 1e9, Map.of(), error);
    }
    m.replyTo().tell(reply);
    return this;
  }

  /** {@code "UncheckedIOException: writing x: java.io.IOException: No space left on device"}. */
  private static String withCauses(Throwable e) {
    StringBuilder sb = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (sb.indexOf(c.toString()) < 0) {
        sb.append(": ").append(c);
      }
    }
    return sb.toString();
  }

  private static Map<String, Long> classCounts(InterventionDataset data) {
    Map<String, Long> out = new TreeMap<>();
    data.counts().counts().forEach((k, v) -> out.put(k.toString(), v.longValue()));
    return out;
  }
}
