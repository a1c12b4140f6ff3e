package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.model.RobotKinematics;
import dev.tandem.sim.config.SimSettings;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * A simulated task's oracle: the scripted expert's action (noise-free), progress as the fraction of
 * the initial distance-to-go covered, and an action's value as minus the distance-to-go predicted
 * after it (end-effector distance to the expert's waypoint, plus the path after it, plus a penalty
 * for a gripper command that disagrees with the expert's). It reads the environment's physics and
 * predicts with its own kinematics; it belongs to the environment's thread like the environment.
 */
final class SimOracle implements TaskOracle {

  /** Weight (m per unit of gripper command) of a gripper disagreement in {@code actionValue}. */
  static final double GRIPPER_VALUE_WEIGHT = 0.05;

  private static final int IK_ITERATIONS = 3;

  private static final double IK_REST_GAIN = 0.05;

  private final SimEnvironment env;
  private final Workcell cell;
  private final Task task;
  private final SimSettings settings;
  private final ActionSpec actionSpec;
  private final int[] armJoints;
  private final double[] qRest;
  private final boolean hasGripperAction;
  private final RobotKinematics kin;
  private final double[] predicted = new double[3];
  private final double[] qPred;
  private final double[] tgt = new double[3];
  private final double[] rot = new double[9];

  SimOracle(
      SimEnvironment env,
      Workcell cell,
      Task task,
      SimSettings settings,
      ActionSpec actionSpec,
      int[] armJoints,
      double[] qRest) {
    this.env = env;
    this.cell = cell;
    this.task = task;
    this.settings = settings;
    this.actionSpec = actionSpec;
    this.armJoints = armJoints;
    this.qRest = qRest;
    this.hasGripperAction = task.hasGripperAction();
    this.kin = cell.newKinematics();
    this.qPred = new double[cell.model().dof()];
  }

  /** End-effector distance to the plan's waypoint plus the path after it (m). */
  static double toGo(Task.Plan plan, double[] ee) {
    double dx = plan.eeTarget()[0] - ee[0];
    double dy = plan.eeTarget()[1] - ee[1];
    double dz = plan.eeTarget()[2] - ee[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz) + plan.remainingMeters();
  }

  @Override
  public Action expertAction() {
    env.requireReset("expertAction");
    Task.Plan plan = task.plan();
    double[] ee = cell.eePosition();
    double step = settings.maxEeStepMeters();
    float[] delta = new float[3];
    for (int i = 0; i < 3; i++) {
      delta[i] = (float) Math.max(-1, Math.min(1, (plan.eeTarget()[i] - ee[i]) / step));
    }
    float[] out = new float[actionSpec.dim()];
    int n = armJoints.length;
    switch (settings.actionMode()) {
      case EE_DELTA -> System.arraycopy(delta, 0, out, 0, 3);
      case JOINT_POSITION, JOINT_VELOCITY -> {
        float[] full = new float[settings.rotationControl() ? 6 : 3];
        System.arraycopy(delta, 0, full, 0, 3);
        env.eeTargetFor(full, tgt, rot);
        cell.ik().solve(cell.q(), tgt, rot, qRest, IK_REST_GAIN, IK_ITERATIONS, qPred);
        for (int c = 0; c < n; c++) {
          int j = armJoints[c];
          out[c] =
              settings.actionMode() == ActionMode.JOINT_POSITION
                  ? (float) qPred[j]
                  : (float) ((qPred[j] - cell.q()[j]) / cell.controlPeriodSeconds());
        }
      }
    }
    if (hasGripperAction) {
      out[out.length - 1] = (float) plan.gripper();
    }
    return new Action(actionSpec.clip(out));
  }

  @Override
  public double progress() {
    env.requireReset("progress");
    if (task.isSuccess()) {
      return 1.0;
    }
    double p = 1 - toGo(task.plan(), cell.eePosition()) / env.initialToGo();
    return Math.max(0, Math.min(1, p));
  }

  @Override
  public double actionValue(Action action) {
    env.requireReset("actionValue");
    float[] a = actionSpec.clip(action.values());
    Task.Plan plan = task.plan();
    int n = armJoints.length;
    int gripperIndex = a.length - 1;
    switch (settings.actionMode()) {
      case EE_DELTA -> {
        env.eeTargetFor(a, predicted, rot);
      }
      case JOINT_POSITION -> {
        System.arraycopy(cell.q(), 0, qPred, 0, qPred.length);
        for (int c = 0; c < n; c++) {
          qPred[armJoints[c]] = a[c];
        }
        kin.forward(qPred);
        System.arraycopy(kin.eePosition(), 0, predicted, 0, 3);
      }
      case JOINT_VELOCITY -> {
        System.arraycopy(cell.q(), 0, qPred, 0, qPred.length);
        for (int c = 0; c < n; c++) {
          int j = armJoints[c];
          var lim = cell.model().joints().get(j).limit();
          qPred[j] =
              Math.max(
                  lim.lower(),
                  Math.min(lim.upper(), qPred[j] + a[c] * cell.controlPeriodSeconds()));
        }
        kin.forward(qPred);
        System.arraycopy(kin.eePosition(), 0, predicted, 0, 3);
      }
    }
    double value = -toGo(plan, predicted);
    if (hasGripperAction) {
      value -= GRIPPER_VALUE_WEIGHT * Math.abs(a[gripperIndex] - plan.gripper());
    }
    return value;
  }
}
