package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Owns the policy that proposes actions; runs on the blocking dispatcher (inference is native
 * work). A new version hot-swaps between two requests; the old one is closed. A version arrives
 * either as a loaded policy ({@link Swap}, local only) or as a version number to load from the
 * registry this node reads ({@link Deploy}, serializable: what a learner on another node sends).
 *
 * <p>Several arbiters may share one policy actor (the rollout workers), each running its own
 * episode: every arbiter gets its own {@link Policy#stream()} of the policy (its action chunks),
 * keyed by the reference it is answered at (an actor's message adapters share one reference, so an
 * arbiter's {@link ResetEpisode} and {@link Act} replies meet the same stream). A stream is reset
 * when its episode starts and when the policy drives again after a step it did not drive (a
 * takeover ended, a stop was released): chunks predicted before assumed the policy's own actions
 * were applied. A swap starts every stream afresh.
 */
public final class PolicyActor extends AbstractBehavior<PolicyActor.Command> {

  public sealed interface Command permits Act, Swap, Deploy, ResetEpisode {}

  /**
   * Propose an action for {@code observation}. {@code previousSource} is who drove the episode's
   * previous step (null at its first step): anything but the policy (or the policy under a language
   * correction) resets the arbiter's stream before it proposes.
   */
  public record Act(
      Observation observation, ControlSource previousSource, ActorRef<Proposal> replyTo)
      implements Command, TandemMessage {

    /** Whether the policy's own actions were not what was applied at the previous step. */
    boolean controlReturned() {
      return previousSource == null
          || !(previousSource == ControlSource.POLICY || previousSource == ControlSource.CORRECTED);
    }
  }

  /**
   * Local only: hands over a loaded policy (in cluster mode a version is loaded from the registry).
   */
  public record Swap(Policy policy, ActorRef<Swapped> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Load {@code version} through the actor's {@link VersionSource} and swap to it; {@code replyTo}
   * may be null. A version that cannot be loaded leaves the current one in place (the reply says
   * why).
   */
  public record Deploy(PolicyVersion version, ActorRef<Swapped> replyTo)
      implements Command, TandemMessage {}

  /** How a policy actor obtains a published version (e.g. from its node's policy registry). */
  @FunctionalInterface
  public interface VersionSource {
    Policy load(PolicyVersion version) throws Exception;
  }

  /**
   * A new episode starts: clears the policy's per-episode state and answers {@code replyTo} with
   * the version that will drive the episode (what the episode is recorded with).
   */
  public record ResetEpisode(ActorRef<Serving> replyTo) implements Command, TandemMessage {}

  /** The answer to {@link ResetEpisode}: the version now serving. */
  public record Serving(PolicyVersion version) implements TandemMessage {}

  public record Proposal(Action action, PolicyVersion version, String error)
      implements TandemMessage {
    public boolean ok() {
      return error == null || error.isEmpty();
    }
  }

  /** The answer to a swap: {@code to} is the version now serving; {@code error} empty if done. */
  public record Swapped(PolicyVersion from, PolicyVersion to, String error)
      implements TandemMessage {
    public Swapped(PolicyVersion from, PolicyVersion to) {
      this(from, to, "");
    }

    public boolean ok() {
      return error == null || error.isEmpty();
    }
  }

  public static Behavior<Command> create(Policy initial) {
    return create(
        initial,
        v -> {
          throw new IllegalStateException(
              "this policy actor has no version source; cannot load " + v);
        });
  }

  public static Behavior<Command> create(Policy initial, VersionSource versions) {
    return Behaviors.setup(ctx -> new PolicyActor(ctx, initial, versions));
  }

  private final VersionSource versions;
  private Policy policy;

  /** Per answering reference (one per arbiter): that arbiter's stream of {@link #policy}. */
  private final Map<ActorRef<?>, Policy> streams = new HashMap<>();

  private PolicyActor(ActorContext<Command> context, Policy initial, VersionSource versions) {
    super(context);
    this.policy = initial;
    this.versions = versions;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Act.class, this::onAct)
        .onMessage(Swap.class, this::onSwap)
        .onMessage(Deploy.class, this::onDeploy)
        .onMessage(ResetEpisode.class, this::onResetEpisode)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Policy streamFor(ActorRef<?> arbiter) {
    return streams.computeIfAbsent(arbiter, r -> policy.stream());
  }

  private Behavior<Command> onAct(Act m) {
    try {
      Policy stream = streamFor(m.replyTo());
      if (m.controlReturned()) {
        stream.reset();
      }
      m.replyTo().tell(new Proposal(stream.act(m.observation()), policy.version(), ""));
    } catch (RuntimeException e) {
      // inference failure inside the loop: report, the arbiter holds the robot
      m.replyTo().tell(new Proposal(null, policy.version(), e.toString()));
    }
    return this;
  }

  private Behavior<Command> onSwap(Swap m) {
    swapTo(m.policy(), m.replyTo());
    return this;
  }

  /** Serves {@code next} from now on, answers {@code replyTo} (if any), closes the old policy. */
  private void swapTo(Policy next, ActorRef<Swapped> replyTo) {
    Policy old = policy;
    policy = next;
    streams.clear();
    reply(replyTo, new Swapped(old.version(), policy.version()));
    if (old != policy) {
      old.close();
    }
  }

  private Behavior<Command> onDeploy(Deploy m) {
    PolicyVersion current = policy.version();
    if (current.equals(m.version())) {
      reply(m.replyTo(), new Swapped(current, current));
      return this;
    }
    Policy next;
    try {
      next = versions.load(m.version());
    } catch (Exception | LinkageError e) {
      getContext().getLog().warn("cannot deploy {}: {}", m.version(), e.toString());
      reply(m.replyTo(), new Swapped(current, current, "cannot load " + m.version() + ": " + e));
      return this;
    }
    swapTo(next, m.replyTo());
    return this;
  }

  private static void reply(ActorRef<Swapped> to, Swapped swapped) {
    if (to != null) {
      to.tell(swapped);
    }
  }

  private Behavior<Command> onResetEpisode(ResetEpisode m) {
    streamFor(m.replyTo()).reset();
    m.replyTo().tell(new Serving(policy.version()));
    return this;
  }

  private Behavior<Command> onStop() {
    policy.close();
    return this;
  }
}
