package dev.tandem.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import sensor_msgs.msg.dds.JointState;

/**
 * Turns sensor_msgs/JointState messages into joint positions in the robot model's order, matching
 * joints by name in any order. Runs on the middleware's thread and never throws: a message with
 * unknown or missing joint names, arrays of the wrong length, a non-finite position, or a stamp
 * older than the last accepted one is counted and ignored. The latest accepted state is read
 * lock-free by the control loop.
 */
final class JointStateTracker {

  /** One accepted joint state: positions and velocities in model order, and when it arrived. */
  record Sample(double[] positions, double[] velocities, long stampNanos, long arrivalNanos) {}

  private final List<String> modelJoints;
  private final List<String> requiredJoints;
  private final Map<String, Integer> index = new HashMap<>();
  private final LongSupplier clock;
  private final AtomicReference<Sample> latest = new AtomicReference<>();
  private final AtomicReference<String> refusal = new AtomicReference<>();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong wrongNames = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private volatile Thread waiter;

  /**
   * @param modelJoints every movable joint of the model, in model order (names accepted)
   * @param requiredJoints the joints every message must carry (the arm)
   */
  JointStateTracker(List<String> modelJoints, List<String> requiredJoints, LongSupplier clock) {
    this.modelJoints = List.copyOf(modelJoints);
    this.requiredJoints = List.copyOf(requiredJoints);
    for (int i = 0; i < modelJoints.size(); i++) {
      index.put(modelJoints.get(i), i);
    }
    this.clock = clock;
  }

  /** Accepts or counts one message; never throws. */
  void accept(JointState msg) {
    long arrival = clock.getAsLong();
    try {
      int n = msg.getName().size();
      List<String> unknown = new ArrayList<>(0);
      int[] slot = new int[n];
      boolean[] seen = new boolean[modelJoints.size()];
      for (int k = 0; k < n; k++) {
        String name = msg.getName().getString(k);
        Integer i = index.get(name);
        if (i == null) {
          unknown.add(name);
          slot[k] = -1;
        } else {
          slot[k] = i;
          seen[i] = true;
        }
      }
      List<String> missing = new ArrayList<>(0);
      for (String r : requiredJoints) {
        if (!seen[index.get(r)]) {
          missing.add(r);
        }
      }
      if (!unknown.isEmpty() || !missing.isEmpty()) {
        wrongNames.incrementAndGet();
        refusal.set(
            "joint states refused: "
                + (unknown.isEmpty() ? "" : "names not in the robot spec " + unknown)
                + (!unknown.isEmpty() && !missing.isEmpty() ? "; " : "")
                + (missing.isEmpty() ? "" : "robot joints missing " + missing)
                + " (the robot's joints are "
                + modelJoints
                + ")");
        return;
      }
      int nv = msg.getVelocity().size();
      if (msg.getPosition().size() != n || (nv != 0 && nv != n)) {
        malformed.incrementAndGet();
        return;
      }
      Sample previous = latest.get();
      double[] q = previous == null ? new double[modelJoints.size()] : previous.positions().clone();
      double[] qd = new double[modelJoints.size()];
      for (int k = 0; k < n; k++) {
        double p = msg.getPosition().get(k);
        double v = nv == 0 ? 0 : msg.getVelocity().get(k);
        if (!Double.isFinite(p) || !Double.isFinite(v)) {
          malformed.incrementAndGet();
          return;
        }
        q[slot[k]] = p;
        qd[slot[k]] = v;
      }
      long stamp =
          msg.getHeader().getStamp().getSec() * 1_000_000_000L
              + msg.getHeader().getStamp().getNanosec();
      if (previous != null && stamp < previous.stampNanos()) {
        outOfOrder.incrementAndGet();
        return;
      }
      latest.set(new Sample(q, qd, stamp, arrival));
      refusal.set(null);
      accepted.incrementAndGet();
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    } catch (RuntimeException e) {
      malformed.incrementAndGet();
    }
  }

  /** The latest accepted state, or null before the first. */
  Sample latest() {
    return latest.get();
  }

  /**
   * Waits for a state that arrived after {@code afterNanos} (clock time); null when {@code
   * timeoutNanos} passed first. One thread at a time (the control loop's).
   */
  Sample await(long afterNanos, long timeoutNanos) {
    long end = clock.getAsLong() + timeoutNanos;
    waiter = Thread.currentThread();
    try {
      while (true) {
        Sample s = latest.get();
        if (s != null && s.arrivalNanos() - afterNanos > 0) {
          return s;
        }
        long left = end - clock.getAsLong();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
          return null;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      waiter = null;
    }
  }

  /** Why the last message was refused for its names, or null when the last one was fine. */
  String refusal() {
    return refusal.get();
  }

  long malformed() {
    return malformed.get();
  }

  long outOfOrder() {
    return outOfOrder.get();
  }

  long wrongNames() {
    return wrongNames.get();
  }

  long accepted() {
    return accepted.get();
  }
}
