package dev.tandem.runtime.extension;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.sim.config.SimSettings;
import dev.tandem.sim.config.TaskConfig;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated task added from the test tree ({@code type: Hover}): hold the hand at {@code
 * heightMeters} above a point sampled in a 20 cm square over the table centre. Its task class is
 * nested: the config builds it.
 */
public record HoverConfig(SimSettings sim, double heightMeters, double distanceThresholdMeters)
    implements TaskConfig {

  public HoverConfig {
    sim = sim == null ? SimSettings.defaults() : sim;
    ConfigChecks.inRange(heightMeters, 0.05, 0.5, "heightMeters");
    ConfigChecks.inRange(distanceThresholdMeters, 0.001, 0.5, "distanceThresholdMeters");
  }

  @Override
  public String taskName() {
    return "Hover";
  }

  @Override
  public TaskConfig withSim(SimSettings newSim) {
    return new HoverConfig(newSim, heightMeters, distanceThresholdMeters);
  }

  @Override
  public Task newTask(Workcell cell) {
    return new HoverTask(cell, this);
  }

  static final class HoverTask extends Task {
    private final HoverConfig config;
    private final double[] goal = new double[3];

    HoverTask(Workcell cell, HoverConfig config) {
      super(cell);
      this.config = config;
    }

    @Override
    public String name() {
      return "Hover";
    }

    @Override
    public boolean hasGripperAction() {
      return false;
    }

    @Override
    public double initialFinger() {
      return 0.0;
    }

    @Override
    public List<String> stateNames() {
      return names("goal", "x", "y", "z");
    }

    @Override
    public void writeState(float[] out, int offset) {
      for (int i = 0; i < 3; i++) {
        out[offset + i] = (float) goal[i];
      }
    }

    @Override
    public void reset(SplittableRandom rng) {
      goal[0] = uniform(rng, -0.1, 0.1);
      goal[1] = uniform(rng, -0.1, 0.1);
      goal[2] = config.heightMeters();
    }

    @Override
    public double goalDistance() {
      return distance(cell.eePosition(), goal);
    }

    @Override
    public double successDistance() {
      return config.distanceThresholdMeters();
    }

    @Override
    public Plan plan() {
      return new Plan(goal.clone(), 0, 0);
    }

    @Override
    public void writeEpisode(DataOutputStream out) throws IOException {
      writeVec(out, goal);
    }

    @Override
    public void readEpisode(DataInputStream in) throws IOException {
      readVec(in, goal);
    }

    @Override
    public void addDrawables(List<SceneObject> out) {
      out.add(
          new SceneObject(
              "goal",
              new Shape.Sphere(0.02),
              Pose.at(goal[0], goal[1], goal[2]),
              new float[] {0.9f, 0.6f, 0.1f, 0.3f},
              true));
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of("heightMeters", Double.toString(config.heightMeters()));
    }
  }
}
