package dev.tandem.sim.task;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.sim.config.ReachConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** panda-gym's Reach (see {@link ReachConfig}). */
public final class ReachTask extends Task {

  private final ReachConfig config;
  private final double[] goal = new double[3];

  private static final float[] GOAL_RGBA = {0.1f, 0.9f, 0.1f, 1f};
  private static final double POST_RADIUS_METERS = 0.01;

  public ReachTask(Workcell cell, ReachConfig config) {
    super(cell);
    this.config = config;
  }

  @Override
  public String name() {
    return "Reach";
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
    out[offset] = (float) goal[0];
    out[offset + 1] = (float) goal[1];
    out[offset + 2] = (float) goal[2];
  }

  @Override
  public void reset(SplittableRandom rng) {
    double r = config.goalRangeMeters();
    goal[0] = uniform(rng, -r / 2, r / 2);
    goal[1] = uniform(rng, -r / 2, r / 2);
    goal[2] = uniform(rng, 0, r);
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
    double[] target = goal.clone();
    Workcell.clampToWorkspace(target);
    return new Plan(target, 0, 0);
  }

  @Override
  public void writeEpisode(DataOutputStream out) throws IOException {
    writeVec(out, goal);
  }

  @Override
  public void readEpisode(DataInputStream in) throws IOException {
    readVec(in, goal);
  }

  /**
   * The goal as a camera must see it: an opaque 3 cm sphere (the success threshold is 5 cm) on a
   * post down to the table, in a green that nothing else in the scene has. The post's foot on the
   * table fixes where along the front camera's ray the sphere is, which one view alone leaves open.
   * Visual only: nothing here is in the physics world.
   */
  @Override
  public void addDrawables(List<SceneObject> out) {
    out.add(
        new SceneObject(
            "goal", new Shape.Sphere(0.03), Pose.at(goal[0], goal[1], goal[2]), GOAL_RGBA, false));
    if (goal[2] > POST_RADIUS_METERS) {
      out.add(
          new SceneObject(
              "goal_post",
              new Shape.Cylinder(POST_RADIUS_METERS, goal[2]),
              Pose.at(goal[0], goal[1], goal[2] / 2),
              GOAL_RGBA,
              false));
    }
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of(
        "goalRangeMeters", Double.toString(config.goalRangeMeters()),
        "distanceThresholdMeters", Double.toString(config.distanceThresholdMeters()));
  }
}
