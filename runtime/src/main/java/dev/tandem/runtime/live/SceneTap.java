package dev.tandem.runtime.live;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.ForwardingEnvironment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An environment that, after every reset and step, hands its scene (shapes and poses) to a consumer
 * — the operator's viewer. The scene is built on the environment's own thread (a sim environment
 * belongs to the thread that created it); the consumer must not block. A failing consumer never
 * fails the step.
 */
final class SceneTap extends ForwardingEnvironment {
  private final Consumer<SceneDescription> scenes;

  SceneTap(Environment env, Consumer<SceneDescription> scenes) {
    super(env);
    this.scenes = Objects.requireNonNull(scenes, "scenes");
  }

  @Override
  public Observation reset(long seed) {
    Observation o = env.reset(seed);
    publish();
    return o;
  }

  @Override
  public Transition step(Action action) {
    Transition t = env.step(action);
    publish();
    return t;
  }

  @Override
  public void restore(EnvState state) {
    env.restore(state);
    publish();
  }

  private void publish() {
    if (env instanceof SceneSource source) {
      try {
        scenes.accept(source.scene());
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(SceneTap.class)
            .warn("scene for the viewer failed: {}", e.toString());
      }
    }
  }
}
