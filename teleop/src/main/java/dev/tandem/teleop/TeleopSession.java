package dev.tandem.teleop;

import dev.tandem.core.data.Action;
import dev.tandem.teleop.OperatorEvent.CommandIssued;
import dev.tandem.teleop.OperatorEvent.DeviceLost;
import dev.tandem.teleop.OperatorEvent.Released;
import dev.tandem.teleop.OperatorEvent.TakeoverStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The takeover protocol over one or more devices, advanced once per control tick.
 *
 * <ul>
 *   <li>Holding a device's deadman gives that device control from this tick: {@link
 *       TakeoverStarted} stamped with the tick, then a {@link CommandIssued} every tick while it is
 *       held. One device drives at a time; another device's deadman waits until control is free.
 *   <li>Releasing the deadman hands back: {@link Released} stamped with the tick.
 *   <li>A device must be seen with its deadman released after it connects before it can take over
 *       (a device plugged in with the button stuck, or one that comes back after being lost, does
 *       not grab the arm).
 *   <li>A device that was connected and stops answering (unplugged, or its input went stale) gives
 *       {@link DeviceLost}; if it was driving, the session also issues the hold command (no motion,
 *       gripper unchanged) for this tick and hands back with a {@link Released} that says so.
 * </ul>
 *
 * <p>{@link #tick} is called by one thread at the control rate; events reach the listener on that
 * thread, in order. Nothing throws out of a tick: a listener exception is logged and dropped.
 */
public final class TeleopSession {
  private static final Logger LOG = LoggerFactory.getLogger(TeleopSession.class);

  private final List<Slot> slots = new ArrayList<>();
  private final OperatorListener listener;
  private Slot holder;
  private long ticks;

  private static final class Slot {
    final TeleopDevice device;
    boolean connected;
    boolean armed;

    Slot(TeleopDevice device) {
      this.device = device;
    }
  }

  public TeleopSession(List<? extends TeleopDevice> devices, OperatorListener listener) {
    Objects.requireNonNull(devices, "devices");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("a teleop session needs at least one device");
    }
    List<String> names = new ArrayList<>();
    for (TeleopDevice d : devices) {
      if (names.contains(d.name())) {
        throw new IllegalArgumentException("two devices are named '" + d.name() + "'");
      }
      if (!d.actionSpec().equals(devices.get(0).actionSpec())) {
        throw new IllegalArgumentException(
            "device '"
                + d.name()
                + "' produces "
                + d.actionSpec()
                + " but '"
                + devices.get(0).name()
                + "' produces "
                + devices.get(0).actionSpec());
      }
      names.add(d.name());
      slots.add(new Slot(d));
    }
  }

  /** The claim a takeover by {@code device} carries. */
  public static String claimOf(String device) {
    return "operator takeover (" + device + ")";
  }

  /**
   * Advances the protocol by one control tick.
   *
   * @param tickStampNanos {@link System#nanoTime()} of the tick; stamps the events and tells stale
   *     input
   */
  public synchronized void tick(long tickStampNanos) {
    ticks++;
    DeviceReading[] readings = new DeviceReading[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      DeviceReading r = safeRead(s.device, tickStampNanos);
      readings[i] = r;
      if (!r.connected()) {
        if (s.connected) {
          s.connected = false;
          LOG.warn("{} lost: {}", s.device.name(), r.problem());
          emit(new DeviceLost(s.device.name(), r.problem(), tickStampNanos));
        }
        s.armed = false;
        if (holder == s) {
          holder = null;
          emit(new CommandIssued(s.device.hold(), tickStampNanos));
          emit(
              new Released(
                  s.device.name()
                      + " lost ("
                      + r.problem()
                      + "): holding position, control back to the policy",
                  tickStampNanos));
        }
        continue;
      }
      if (!s.connected) {
        s.connected = true;
        s.armed = !r.deadman();
        LOG.info(
            "{} connected{}",
            s.device.name(),
            s.armed ? "" : " with its deadman held: release it once before driving");
      } else if (!r.deadman()) {
        s.armed = true;
      }
    }
    if (holder != null) {
      DeviceReading r = readings[slots.indexOf(holder)];
      if (r.deadman()) {
        emit(new CommandIssued(r.action(), tickStampNanos));
        return;
      }
      String name = holder.device.name();
      holder = null;
      emit(new Released("deadman released (" + name + ")", tickStampNanos));
    }
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      DeviceReading r = readings[i];
      if (s.connected && s.armed && r.deadman()) {
        holder = s;
        emit(new TakeoverStarted(claimOf(s.device.name()), tickStampNanos));
        emit(new CommandIssued(r.action(), tickStampNanos));
        return;
      }
    }
  }

  /**
   * The action the robot was given at the last tick: devices that are not driving follow its
   * gripper, so a takeover keeps the gripper as it is.
   */
  public synchronized void followApplied(Action applied) {
    for (Slot s : slots) {
      if (s != holder) {
        s.device.followApplied(applied);
      }
    }
  }

  /** The device driving now, if any. */
  public synchronized Optional<String> holder() {
    return holder == null ? Optional.empty() : Optional.of(holder.device.name());
  }

  /** Ticks so far. */
  public synchronized long ticks() {
    return ticks;
  }

  public List<TeleopDevice> devices() {
    return slots.stream().map(s -> s.device).toList();
  }

  private static DeviceReading safeRead(TeleopDevice device, long nowNanos) {
    try {
      return device.read(nowNanos);
    } catch (RuntimeException e) {
      LOG.warn("{} failed to read: {}", device.name(), e.toString());
      return DeviceReading.lost("reading failed: " + e, device.hold());
    }
  }

  private void emit(OperatorEvent e) {
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("operator listener failed on {}: {}", e, ex.toString());
    }
  }
}
