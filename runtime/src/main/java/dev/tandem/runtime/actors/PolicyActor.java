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
 * work). A new version hot-swaps between two requests; the old one is closed.
 */
public final class PolicyActor extends AbstractBehavior<PolicyActor.Command> {

  public sealed interface Command permits Act, Swap, ResetEpisode {}

  public record Act(Observation observation, ActorRef<Proposal> replyTo)
      implements Command, TandemMessage {}

  /**
   * Local only: hands over a loaded policy (in cluster mode a version is loaded from the registry).
   */
  public record Swap(Policy policy, ActorRef<Swapped> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  public record ResetEpisode() implements Command, TandemMessage {}

  public record Proposal(Action action, PolicyVersion version, String error)
      implements TandemMessage {
    public boolean ok() {
      return error == null || error.isEmpty();
    }
  }

  public record Swapped(PolicyVersion from, PolicyVersion to) implements TandemMessage {}

  public static Behavior<Command> create(Policy initial) {
    return Behaviors.setup(ctx -> new PolicyActor(ctx, initial));
  }

  private Policy policy;

  private PolicyActor(ActorContext<Command> context, Policy initial) {
    super(context);
    this.policy = initial;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Act.class, this::onAct)
        .onMessage(Swap.class, this::onSwap)
        .onMessage(ResetEpisode.class, m -> onResetEpisode())
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
    Policy old = policy;
    policy = m.policy();
    m.replyTo().tell(new Swapped(old.version(), policy.version()));
    if (old != policy) {
      old.close();
    }
    return this;
  }

  private Behavior<Command> onResetEpisode() {
    policy.reset();
    return this;
  }

  private Behavior<Command> onStop() {
    policy.close();
    return this;
  }
}
