package dev.tandem.runtime.live;

import dev.tandem.core.data.Step;
import dev.tandem.runtime.actors.RecorderActor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sits in front of the recorder: forwards every message to it unchanged, and shows each recorded
 * step to a listener (the live session's viewer status and terminal). The listener runs on this
 * actor's thread and must not block; if it throws, the step is still recorded.
 */
final class StepTap {
  private StepTap() {}

  static Behavior<RecorderActor.Command> create(
      ActorRef<RecorderActor.Command> recorder, Consumer<Step> listener) {
    return Behaviors.receive(RecorderActor.Command.class)
        .onMessage(RecorderActor.Record.class, r -> onRecord(r, recorder, listener))
        .onAnyMessage(
            m -> {
              recorder.tell(m);
              return Behaviors.same();
            })
        .build();
  }

  private static Behavior<RecorderActor.Command> onRecord(
      RecorderActor.Record r, ActorRef<RecorderActor.Command> recorder, Consumer<Step> listener) {
    recorder.tell(r);
    try {
      listener.accept(r.step());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(StepTap.class)
          .warn("step listener failed: {}", e.toString());
    }
    return Behaviors.same();
  }
}
