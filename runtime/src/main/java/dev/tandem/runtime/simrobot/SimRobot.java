package dev.tandem.runtime.simrobot;

import dev.tandem.bridge.CameraTopicConfig;
import dev.tandem.bridge.CommandInterface;
import dev.tandem.bridge.Ros2RobotServer;
import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.runtime.actors.Ticker;
import dev.tandem.sim.SimEnvironment;
import dev.tandem.sim.config.TaskConfig;
import dev.tandem.sim.task.Workcell;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Bullet simulation of a task as a ROS 2 robot ({@code tandem sim-robot}): a {@link
 * SimEnvironment} stepped in real time at the task's control rate on its own thread, its joint
 * states and task objects published, and one ros2_control controller's commands applied, through a
 * {@link Ros2RobotServer}. It lives in runtime because it is the one module that sees both the sim
 * and the bridge; neither depends on the other.
 *
 * <p>Each tick: the latest command received since the episode began becomes a joint-position (or,
 * on the velocity interface, joint-velocity) action of the sim, which steps once; before the first
 * command the arm holds its reset posture. Then the joint states (all joints, model order) and each
 * task object's pose ({@code <prefix>/<name>}, in the robot base frame) are published, and each of
 * the task's cameras' latest image (rgb8, {@code /tandem/cameras/<name>/image_raw}, best effort),
 * stamped with a monotonic ROS time. For a task with a gripper action, the finger controller's
 * latest command (options' {@code gripperController}) moves the gripper the same tick. When the
 * sim's episode ends (success, failure, time limit) the arm stands still, joint states still
 * flowing, until {@link #reset}: a real robot does not end episodes.
 *
 * <p>Nothing in the loop throws at its caller: an error stops the loop and is reported by {@link
 * #failure()} and to the event listener.
 */
public final class SimRobot implements AutoCloseable {

  /**
   * Where and how the sim-robot speaks ROS 2.
   *
   * @param domainId ROS_DOMAIN_ID
   * @param interfaceAddress the only interface DDS uses
   * @param controller the controller whose commands drive the arm
   * @param commandInterface POSITION or VELOCITY ({@code <controller>/commands}), or TRAJECTORY
   * @param jointStatesTopic where joint states go
   * @param objectTopicPrefix task object {@code x}'s pose goes to {@code <prefix>/x}
   * @param maxEpisodeSteps the sim's time limit per episode, in ticks
   * @param gripperController for a task with a gripper action: the position
   *     forward_command_controller over the fingers whose commands drive the gripper (the sim's
   *     gripper action moves the width toward the commanded one), or null: the gripper holds
   */
  public record Options(
      int domainId,
      String interfaceAddress,
      String controller,
      CommandInterface commandInterface,
      String jointStatesTopic,
      String objectTopicPrefix,
      int maxEpisodeSteps,
      String gripperController) {

    public Options {
      if (domainId < 0 || domainId > 232) {
        throw new IllegalArgumentException("domain id: found " + domainId + ", expected 0 to 232");
      }
      if (commandInterface == CommandInterface.TWIST) {
        throw new IllegalArgumentException(
            "command interface: TWIST is moveit_servo's, which sim-robot does not simulate;"
                + " expected POSITION, VELOCITY or TRAJECTORY");
      }
      if (maxEpisodeSteps < 1 || maxEpisodeSteps > 100_000) {
        throw new IllegalArgumentException(
            "max episode steps: found " + maxEpisodeSteps + ", expected 1 to 100000");
      }
    }

    /**
     * Loopback, /arm_controller on the position interface, /joint_states, /tandem/objects,
     * /gripper_controller.
     */
    public static Options defaults(int domainId) {
      return new Options(
          domainId,
          "127.0.0.1",
          "/arm_controller",
          CommandInterface.POSITION,
          "/joint_states",
          "/tandem/objects",
          100_000,
          "/gripper_controller");
    }
  }

  /**
   * What the loop did: ticks run, ticks that started more than a period late, commands applied
   * (accepted) and refused (wrong length, NaN, unknown joint names).
   */
  public record Stats(long ticks, long lateTicks, long commandsAccepted, long commandsRefused) {}

  /** Where the current (or last) episode stands. */
  public record Episode(long seed, int steps, boolean ended, boolean success, String detail) {}

  /** The discovery lease of the sim-robot's participant (s). */
  private static final double LEASE_SECONDS = 3;

  private final TaskConfig task;
  private final Options options;
  private final Consumer<String> events;
  private final Thread thread;
  private final LinkedBlockingQueue<Reset> resets = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final long epochOffsetNanos = epochNanos() - System.nanoTime();
  private volatile boolean stopping;
  private volatile Episode episode;
  private volatile double rateHz;
  private volatile long overruns;
  private volatile long ticks;
  private volatile Ros2RobotServer server;

  private record Reset(long seed, CompletableFuture<Episode> done) {}

  private SimRobot(TaskConfig task, Options options, Consumer<String> events) {
    this.task = task;
    this.options = options;
    this.events = events;
    this.thread = new Thread(this::loop, "sim-robot");
    thread.setDaemon(true);
  }

  /**
   * Creates the sim and joins the ROS 2 domain on a new thread, starts the first episode with the
   * task's seed, and returns once joint states flow.
   *
   * @param events one line per episode end and loop failure
   * @throws IllegalArgumentException when the task or the options are refused (the message says
   *     which)
   */
  public static SimRobot start(TaskConfig task, Options options, Consumer<String> events) {
    SimRobot r = new SimRobot(task, options, events);
    r.thread.start();
    try {
      r.started.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      r.close();
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
    } catch (InterruptedException | TimeoutException e) {
      r.close();
      throw new IllegalStateException("sim-robot did not start: " + e, e);
    }
    return r;
  }

  /** The task's sim with the command interface's action mode and the sim-robot's time limit. */
  private TaskConfig simConfig() {
    ActionMode mode =
        options.commandInterface() == CommandInterface.VELOCITY
            ? ActionMode.JOINT_VELOCITY
            : ActionMode.JOINT_POSITION;
    return task.withSim(
        task.sim().withActionMode(mode).withMaxEpisodeSteps(options.maxEpisodeSteps()));
  }

  private void loop() {
    SimEnvironment env;
    Ros2RobotServer server;
    try {
      env = SimEnvironment.create(simConfig());
    } catch (RuntimeException e) {
      started.completeExceptionally(e);
      return;
    }
    try {
      List<String> arm = env.spec().robot().joints().stream().map(j -> j.name()).toList();
      server =
          new Ros2RobotServer(
              new Ros2RobotServer.Settings(
                  "tandem_sim_robot",
                  options.domainId(),
                  options.interfaceAddress(),
                  LEASE_SECONDS,
                  options.jointStatesTopic(),
                  options.controller(),
                  options.commandInterface(),
                  options.objectTopicPrefix(),
                  env.baseLink(),
                  DdsParticipant.Qos.rosDefault(),
                  options.gripperController()),
              env.jointNames(),
              arm,
              System::nanoTime);
    } catch (RuntimeException e) {
      env.close();
      started.completeExceptionally(e);
      return;
    }
    this.server = server;
    try {
      new Ticking(env, server).run();
    } catch (RuntimeException e) {
      failure.set(e);
      events.accept("sim-robot stopped: " + e);
      started.completeExceptionally(e);
    } finally {
      server.close();
      env.close();
      for (Reset r; (r = resets.poll()) != null; ) {
        r.done().completeExceptionally(new IllegalStateException("sim-robot stopped"));
      }
    }
  }

  /** The loop's state, owned by the sim thread. */
  private final class Ticking {
    private final SimEnvironment env;
    private final Ros2RobotServer server;
    private final int arm;
    private final double[] hold;
    private final float[] action;
    private final int[] armIndex;
    private final int[] fingerIndex;
    private long episodeStart;
    private int steps;
    private Map<String, ImageFrame> images = Map.of();

    Ticking(SimEnvironment env, Ros2RobotServer server) {
      this.env = env;
      this.server = server;
      this.arm = env.spec().robot().joints().size();
      this.hold = new double[arm];
      this.action = new float[env.spec().action().dim()];
      List<String> names = env.jointNames();
      this.armIndex = new int[arm];
      for (int c = 0; c < arm; c++) {
        armIndex[c] = names.indexOf(env.spec().robot().joints().get(c).name());
      }
      this.fingerIndex = Workcell.FINGER_JOINTS.stream().mapToInt(names::indexOf).toArray();
    }

    void run() {
      begin(task.sim().seed());
      rateHz = env.spec().controlRateHz();
      long period = Math.round(1e9 / rateHz);
      publish();
      started.complete(null);
      long next = System.nanoTime() + period;
      while (!stopping) {
        Ticker.awaitDeadline(next);
        Reset r = resets.poll();
        if (r != null) {
          begin(r.seed());
          r.done().complete(episode);
        } else if (!episode.ended()) {
          tick();
        }
        publish();
        ticks++;
        next += period;
        if (System.nanoTime() - next > period) {
          overruns++;
          next = System.nanoTime();
        }
      }
    }

    private void begin(long seed) {
      images = env.reset(seed).images();
      double[] q = env.jointPositions();
      for (int c = 0; c < arm; c++) {
        hold[c] = q[armIndex[c]];
      }
      episodeStart = System.nanoTime();
      steps = 0;
      episode = new Episode(seed, 0, false, false, "");
    }

    private void tick() {
      Ros2RobotServer.Command cmd = server.latestCommand();
      boolean fresh = cmd != null && cmd.arrivalNanos() >= episodeStart;
      boolean velocity = options.commandInterface() == CommandInterface.VELOCITY;
      java.util.Arrays.fill(action, 0f); // the gripper, if the task has one, keeps its width
      for (int c = 0; c < arm; c++) {
        action[c] = (float) (fresh ? cmd.values()[c] : velocity ? 0 : hold[c]);
      }
      if (action.length > arm) {
        action[arm] = gripperAction();
      }
      Transition t = env.step(new Action(action));
      images = t.observation().images();
      steps++;
      if (t.done()) {
        String why = t.endReason().map(Enum::name).orElse("");
        episode =
            new Episode(episode.seed(), steps, true, t.success(), why + " " + t.detail().strip());
        events.accept(
            String.format(
                Locale.ROOT,
                "episode seed %d: %s after %d steps%s",
                episode.seed(),
                t.success() ? "success" : why.toLowerCase(Locale.ROOT),
                steps,
                t.detail().isEmpty() ? "" : " (" + t.detail() + ")"));
      } else {
        episode = new Episode(episode.seed(), steps, false, false, "");
      }
    }

    /**
     * The sim's gripper action that moves the finger width toward the latest gripper command's (the
     * sum of its finger positions) in one tick, as far as a gripper action of 1 goes; 0 (the width
     * held) before the episode's first command or for one with the wrong number of fingers.
     */
    private float gripperAction() {
      Ros2RobotServer.Command g = server.latestGripperCommand();
      if (g == null || g.arrivalNanos() < episodeStart || g.values().length != fingerIndex.length) {
        return 0f;
      }
      double[] q = env.jointPositions();
      double wanted = 0;
      double width = 0;
      for (int k = 0; k < fingerIndex.length; k++) {
        wanted += g.values()[k];
        width += q[fingerIndex[k]];
      }
      double a = (wanted - width) / ActionSpec.GRIPPER_STEP_METERS;
      return (float) Math.max(-1, Math.min(1, a));
    }

    private void publish() {
      long stamp = epochOffsetNanos + System.nanoTime();
      server.publishJointStates(env.jointPositions(), env.jointVelocities(), stamp);
      for (SceneObject o : env.taskObjects()) {
        Pose p = o.pose();
        server.publishPose(
            o.name(),
            new Pose(
                p.x() - Workcell.BASE[0],
                p.y() - Workcell.BASE[1],
                p.z() - Workcell.BASE[2],
                p.qx(),
                p.qy(),
                p.qz(),
                p.qw()),
            stamp);
      }
      for (Map.Entry<String, ImageFrame> e : images.entrySet()) {
        server.publishImage(
            CameraTopicConfig.defaultTopic(e.getKey()), e.getKey(), e.getValue(), stamp);
      }
    }
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Starts a new episode with {@code seed} on the next tick (the arm is placed at its start
   * posture, the task's objects and goal drawn anew); completes once it has begun.
   */
  public CompletableFuture<Episode> reset(long seed) {
    CompletableFuture<Episode> done = new CompletableFuture<>();
    if (failure.get() != null || stopping) {
      done.completeExceptionally(new IllegalStateException("sim-robot stopped"));
      return done;
    }
    resets.add(new Reset(seed, done));
    return done;
  }

  /** The current or last episode. */
  public Episode episode() {
    return episode;
  }

  /** Ticks per second (the task's control rate). */
  public double rateHz() {
    return rateHz;
  }

  /** What the loop has done so far. */
  public Stats stats() {
    Ros2RobotServer s = server;
    return new Stats(
        ticks, overruns, s == null ? 0 : s.acceptedCommands(), s == null ? 0 : s.refusedCommands());
  }

  /** Why the loop stopped, if it did by an error. */
  public Throwable failure() {
    return failure.get();
  }

  /** Blocks until the loop ends (on {@link #close()} or an error). */
  public void join() throws InterruptedException {
    thread.join();
  }

  /** Stops the loop, leaves the domain and frees the sim. */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
