package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
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
 */
public final class PolicyActor extends AbstractBehavior<PolicyActor.Command> {

  public sealed interface Command permits Act, Swap, Deploy, ResetEpisode {}

  public record Act(Observation observation, ActorRef<Proposal> replyTo)
      implements Command, TandemMessage {}

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
   * A new episode starts: the policy forgets its episode state; {@code replyTo} (may be null) hears
   * the version that serves the episode (the one that will answer the next {@link Act}).
   */
  public record ResetEpisode(ActorRef<EpisodeReset> replyTo) implements Command, TandemMessage {}

  /** The answer to a {@link ResetEpisode}: the version serving the new episode. */
  public record EpisodeReset(PolicyVersion version) implements TandemMessage {}

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

  private Behavior<Command> onAct(Act m) {
    try {
      m.replyTo().tell(new Proposal(policy.act(m.observation()), policy.version(), ""));
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
    policy.reset();
    if (m.replyTo() != null) {
      m.replyTo().tell(new EpisodeReset(policy.version()));
    }
    return this;
  }

  private Behavior<Command> onStop() {
    policy.close();
    return this;
  }
}
