package dev.tandem.runtime.live;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.ForwardingEnvironment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;

/**
 * Makes a hold hold in an end-effector delta environment. A zero translation (the operator's
 * deadman with no key, "stop") asks the arm to stay where it is; an environment that, like
 * panda-gym, aims each step at the measured end effector plus the delta re-aims a hold at wherever
 * the arm settled short of its last aim, and the arm creeps (up to 1.5 mm per step near the base).
 * Here the first zero translation of a run stops the arm (it is sent as it is); from the next one
 * on each step's delta is what brings the end effector back to where it stopped (within the
 * action's bounds). Any other action passes unchanged; the gripper is never touched. The
 * transition's applied action is the delta actually sent.
 */
final class HoldInPlace extends ForwardingEnvironment {
  private final int eeIndex;
  private final double metersPerUnit;
  private final ActionSpec actionSpec;
  private float[] state;
  private double[] anchor;
  private boolean braking;

  HoldInPlace(Environment env) {
    super(env);
    EnvironmentSpec spec = env.spec();
    this.actionSpec = spec.action();
    this.eeIndex = spec.feature(FeatureSpec.STATE).names().indexOf("ee.x");
    this.metersPerUnit = spec.eeStepMeters();
  }

  @Override
  public Observation reset(long seed) {
    Observation o = env.reset(seed);
    state = o.state();
    anchor = null;
    braking = false;
    return o;
  }

  @Override
  public Transition step(Action action) {
    Transition t = env.step(holding(action));
    state = t.observation().state();
    return t;
  }

  /** The action to send: for a zero translation, the delta back to where the hold began. */
  private Action holding(Action action) {
    boolean canHold =
        actionSpec.mode() == ActionSpec.ActionMode.EE_DELTA
            && action.dim() >= 3
            && metersPerUnit > 0
            && eeIndex >= 0
            && state != null
            && eeIndex + 2 < state.length;
    if (!canHold || action.get(0) != 0f || action.get(1) != 0f || action.get(2) != 0f) {
      anchor = null;
      braking = false;
      return action;
    }
    if (!braking && anchor == null) {
      braking = true; // the first held step stops the arm where it is going
      return action;
    }
    if (anchor == null) {
      anchor = new double[] {state[eeIndex], state[eeIndex + 1], state[eeIndex + 2]};
    }
    float[] a = action.values().clone();
    for (int i = 0; i < 3; i++) {
      double delta = (anchor[i] - state[eeIndex + i]) / metersPerUnit;
      a[i] = (float) Math.max(actionSpec.low()[i], Math.min(actionSpec.high()[i], delta));
    }
    return new Action(a);
  }

  @Override
  public void restore(EnvState s) {
    env.restore(s);
    state = null; // unknown until the next step: a hold then starts from there
    anchor = null;
    braking = false;
  }
}
