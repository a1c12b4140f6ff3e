package dev.tandem.sim.task;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.model.Rot;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import dev.tandem.sim.config.PegInsertionConfig;
import dev.tandem.sim.physics.PhysicsWorld;
import dev.tandem.sim.physics.RigidObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Peg insertion with millimetre clearance (see {@link PegInsertionConfig}). The fixture is four
 * static walls around a square hole; the table is the hole's bottom. The peg starts squeezed
 * between the fingers, its top 4 cm above the tool centre point. The expert brings the peg's tip
 * over the hole, aligns it to within 1.5 mm using the tip's actual position (so a peg that shifted
 * in the grasp is still aimed right), then descends at most 1 cm per step; a tip that lands on the
 * fixture is lifted and re-aimed.
 */
public final class PegInsertionTask extends Task {

  /** Wall thickness of the fixture around the hole (m). */
  static final double WALL = 0.04;

  /** Peg top above the tool centre point when grasped (m); the hand's palm is 4.5 cm up. */
  static final double PEG_TOP_ABOVE_TCP = 0.04;

  /** Physics steps run on reset so the fingers settle on the peg. */
  static final int SETTLE_STEPS = 50;

  static final double ALIGNED = 0.0015;
  static final double APPROACH_HEIGHT = 0.01;
  static final double DESCENT_PER_STEP = 0.01;

  private final PegInsertionConfig config;
  private final RigidObject peg;
  private final RigidObject[] walls = new RigidObject[4];
  private final double[] hole = new double[3]; // centre of the hole's top opening
  private final double[] pos = new double[3];
  private final double[] rot = new double[9];
  private final double[] tip = new double[3];
  private final double[] tmp3 = new double[3];
  private final double[] tmp9 = new double[9];

  public PegInsertionTask(Workcell cell, PegInsertionConfig config) {
    super(cell);
    this.config = config;
    double w = config.holeWidthMeters();
    double d = config.holeDepthMeters();
    double[][] sizes = {
      {WALL, w + 2 * WALL, d}, {WALL, w + 2 * WALL, d}, {w, WALL, d}, {w, WALL, d}
    };
    for (int i = 0; i < 4; i++) {
      walls[i] =
          cell.world()
              .addStaticBox(
                  "fixture" + i,
                  sizes[i],
                  new double[] {0, 0, -1 - i},
                  0.5,
                  PhysicsWorld.GROUP_FIXTURE);
    }
    double p = config.pegWidthMeters();
    peg =
        cell.addDynamicObject(
            "peg", new Geometry.Box(p, p, config.pegLengthMeters()), config.pegMassKg(), 1.0);
  }

  @Override
  public String name() {
    return "PegInsertion";
  }

  @Override
  public boolean hasGripperAction() {
    return false;
  }

  @Override
  public double initialFinger() {
    return config.pegWidthMeters() / 2;
  }

  @Override
  public double fingerHold() {
    return 0.0;
  }

  @Override
  public List<String> stateNames() {
    List<String> names = new ArrayList<>(objectStateNames("peg"));
    names.addAll(names("hole", "x", "y", "z"));
    return names;
  }

  @Override
  public void writeState(float[] out, int offset) {
    int o = writeObjectState(peg, out, offset, tmp3, tmp9);
    out[o] = (float) hole[0];
    out[o + 1] = (float) hole[1];
    out[o + 2] = (float) hole[2];
  }

  @Override
  public void reset(SplittableRandom rng) {
    double r = config.holeXyRangeMeters();
    hole[0] = uniform(rng, -r / 2, r / 2);
    hole[1] = uniform(rng, -r / 2, r / 2);
    hole[2] = config.holeDepthMeters();
    placeFixture();
    // the peg between the fingers, axis along the tool z (pointing down), faces on the fingers
    double[] ee = cell.eePosition();
    double[] er = cell.eeRotation();
    double down = config.pegLengthMeters() / 2 - PEG_TOP_ABOVE_TCP;
    double[] centre = {ee[0] + er[2] * down, ee[1] + er[5] * down, ee[2] + er[8] * down};
    peg.setPose(centre, er);
    cell.controller().setFingerTarget(initialFinger() - 0.002);
    cell.controller().setFingerCommand(fingerHold());
  }

  @Override
  public int settleSteps() {
    return SETTLE_STEPS;
  }

  private void placeFixture() {
    double w = config.holeWidthMeters();
    double d = config.holeDepthMeters();
    double off = w / 2 + WALL / 2;
    double[][] centres = {
      {hole[0] + off, hole[1], d / 2},
      {hole[0] - off, hole[1], d / 2},
      {hole[0], hole[1] + off, d / 2},
      {hole[0], hole[1] - off, d / 2}
    };
    for (int i = 0; i < 4; i++) {
      walls[i].setPose(centres[i], Rot.identity());
    }
  }

  /** The peg's lower end (its tip), world frame, into {@code tip}. */
  private void updateTip() {
    peg.position(pos);
    peg.rotation(rot);
    double h = config.pegLengthMeters() / 2;
    // the peg's local +z points down the tool axis at reset
    tip[0] = pos[0] + rot[2] * h;
    tip[1] = pos[1] + rot[5] * h;
    tip[2] = pos[2] + rot[8] * h;
  }

  @Override
  public double goalDistance() {
    updateTip();
    double dx = tip[0] - hole[0];
    double dy = tip[1] - hole[1];
    double dz = tip[2] - 0.0;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  @Override
  public double successDistance() {
    return config.successDistanceMeters();
  }

  @Override
  public Optional<String> failure() {
    peg.position(pos);
    double[] ee = cell.eePosition();
    double d = distance(pos, ee);
    return d > config.pegLengthMeters()
        ? Optional.of(String.format(java.util.Locale.ROOT, "the peg left the hand (%.3f m)", d))
        : Optional.empty();
  }

  @Override
  public Plan plan() {
    updateTip();
    double[] ee = cell.eePosition();
    double top = hole[2];
    double ex = hole[0] - tip[0];
    double ey = hole[1] - tip[1];
    double lat = Math.hypot(ex, ey);
    double halfHole = config.holeWidthMeters() / 2;
    boolean belowTop = tip[2] < top + 0.002;
    if (belowTop && lat < halfHole) {
      double z = Math.max(tip[2] - DESCENT_PER_STEP, 0);
      return new Plan(target(ee, ex, ey, z - tip[2]), 0, z);
    }
    if (belowTop) {
      double z = top + APPROACH_HEIGHT;
      return new Plan(target(ee, 0, 0, z - tip[2]), 0, lat + z);
    }
    if (lat > ALIGNED) {
      double z = top + APPROACH_HEIGHT;
      return new Plan(target(ee, ex, ey, z - tip[2]), 0, z);
    }
    double z = Math.max(tip[2] - DESCENT_PER_STEP, 0);
    return new Plan(target(ee, ex, ey, z - tip[2]), 0, z);
  }

  private static double[] target(double[] ee, double dx, double dy, double dz) {
    double[] t = {ee[0] + dx, ee[1] + dy, ee[2] + dz};
    Workcell.clampToWorkspace(t);
    return t;
  }

  @Override
  public void writeEpisode(DataOutputStream out) throws IOException {
    writeVec(out, hole);
  }

  @Override
  public void readEpisode(DataInputStream in) throws IOException {
    readVec(in, hole);
  }

  @Override
  public void addDrawables(List<SceneObject> out) {
    double[] q = new double[4];
    for (RigidObject w : walls) {
      w.position(tmp3);
      Geometry.Box b = (Geometry.Box) w.geometry();
      out.add(
          new SceneObject(
              w.name(),
              new Shape.Box(b.sizeX(), b.sizeY(), b.sizeZ()),
              Pose.at(tmp3[0], tmp3[1], tmp3[2]),
              new float[] {0.6f, 0.6f, 0.65f, 1f},
              false));
    }
    peg.position(tmp3);
    peg.rotation(tmp9);
    Rot.toQuaternion(tmp9, q);
    double p = config.pegWidthMeters();
    out.add(
        new SceneObject(
            "peg",
            new Shape.Box(p, p, config.pegLengthMeters()),
            new Pose(tmp3[0], tmp3[1], tmp3[2], q[0], q[1], q[2], q[3]),
            new float[] {0.9f, 0.5f, 0.1f, 1f},
            false));
    out.add(
        new SceneObject(
            "goal",
            new Shape.Sphere(0.006),
            Pose.at(hole[0], hole[1], 0.006),
            new float[] {0.1f, 0.9f, 0.1f, 0.4f},
            true));
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of(
        "pegWidthMeters", Double.toString(config.pegWidthMeters()),
        "pegLengthMeters", Double.toString(config.pegLengthMeters()),
        "pegMassKg", Double.toString(config.pegMassKg()),
        "holeWidthMeters", Double.toString(config.holeWidthMeters()),
        "holeDepthMeters", Double.toString(config.holeDepthMeters()),
        "holeXyRangeMeters", Double.toString(config.holeXyRangeMeters()),
        "successDepthMeters", Double.toString(config.successDepthMeters()));
  }
}
