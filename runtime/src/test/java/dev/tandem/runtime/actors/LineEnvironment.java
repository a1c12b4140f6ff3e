package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A point on a line that must reach x = 10 (test double at the lowest layer of the actor tests:
 * exact, instant, and able to crash on demand). Action dx in [-1, 1].
 */
public final class LineEnvironment implements Environment {
  public static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/Line",
          new RobotSpec(
              "slider",
              List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -100, 100, 1, 1)),
              "tip",
              Optional.empty(),
              new RobotSpec.CartesianLimits(
                  1, new double[] {-100, -1, -1}, new double[] {100, 1, 1})),
          List.of(FeatureSpec.vector(FeatureSpec.STATE, 1, "m", List.of("x"))),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("dx"), new double[] {-1}, new double[] {1}),
          20,
          40,
          Map.of());

  private final AtomicInteger crashAtStep;
  private double x;
  private int steps;

  /** {@code crashAtStep}: the step index at which step() throws once (-1 never). */
  public LineEnvironment(AtomicInteger crashAtStep) {
    this.crashAtStep = crashAtStep;
  }

  @Override
  public EnvironmentSpec spec() {
    return SPEC;
  }

  @Override
  public Observation reset(long seed) {
    x = seed % 3;
    steps = 0;
    return Observation.of(new float[] {(float) x});
  }

  @Override
  public Transition step(Action action) {
    if (steps == crashAtStep.get()) {
      crashAtStep.set(-1);
      throw new IllegalStateException("simulated driver fault");
    }
    float[] a = SPEC.action().clip(action.values());
    x += a[0];
    steps++;
    boolean success = x >= 10;
    boolean timeUp = steps >= SPEC.maxEpisodeSteps();
    return new Transition(
        new Action(a),
        Observation.of(new float[] {(float) x}),
        success ? 0 : -1,
        success,
        !success && timeUp,
        success,
        success
            ? Optional.of(EndReason.SUCCESS)
            : timeUp ? Optional.of(EndReason.TIME_LIMIT) : Optional.empty(),
        "");
  }

  @Override
  public EnvState state() {
    return new EnvState(SPEC.name(), ByteBuffer.allocate(12).putDouble(x).putInt(steps).array());
  }

  @Override
  public void restore(EnvState state) {
    ByteBuffer b = ByteBuffer.wrap(state.data());
    x = b.getDouble();
    steps = b.getInt();
  }

  @Override
  public Optional<TaskOracle> oracle() {
    return Optional.of(
        new TaskOracle() {
          @Override
          public Action expertAction() {
            return Action.of(1f);
          }

          @Override
          public double progress() {
            return Math.max(0, Math.min(1, x / 10));
          }

          @Override
          public double actionValue(Action a) {
            return x + Math.max(-1, Math.min(1, a.get(0)));
          }
        });
  }

  @Override
  public void close() {}
}
