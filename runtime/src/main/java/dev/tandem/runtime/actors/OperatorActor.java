package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.operator.SimulatedOperator;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A simulated operator watching one environment through oracle snapshots: each tick it answers
 * whether it drives and with which action. Its choices are seeded per episode.
 */
public final class OperatorActor extends AbstractBehavior<OperatorActor.Command> {

  public sealed interface Command extends TandemMessage permits BeginEpisode, Decide {}

  public record BeginEpisode(long seed) implements Command {}

  public record Decide(OracleView view, ActorRef<Decision> replyTo) implements Command {}

  /** {@code action} is null when the policy keeps (or gets back) control. */
  public record Decision(Action action, String claim) implements TandemMessage {
    public boolean drives() {
      return action != null;
    }
  }

  public static Behavior<Command> create(
      String name, SimulatedOperatorConfig config, ActionSpec spec) {
    return Behaviors.setup(
        ctx -> new OperatorActor(ctx, name, new SimulatedOperator(config, spec)));
  }

  private final String name;
  private final SimulatedOperator operator;

  private OperatorActor(ActorContext<Command> context, String name, SimulatedOperator operator) {
    super(context);
    this.name = name;
    this.operator = operator;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(BeginEpisode.class, this::onBeginEpisode)
        .onMessage(Decide.class, this::onDecide)
        .build();
  }

  private Behavior<Command> onBeginEpisode(BeginEpisode m) {
    operator.reset(m.seed());
    return this;
  }

  private Behavior<Command> onDecide(Decide m) {
    Action a = operator.tick(m.view().proposed(), m.view()).orElse(null);
    m.replyTo().tell(new Decision(a, "operator takeover (" + name + ")"));
    return this;
  }
}
