package dev.tandem.teleop;

import dev.tandem.core.data.Action;
import java.util.Objects;

/**
 * One look at a device: whether it answers, whether the deadman is held, and the command it gives
 * (in the device's {@link TeleopDevice#actionSpec()}). A lost device has {@code connected} false
 * and says why in {@code problem}.
 */
public record DeviceReading(boolean connected, boolean deadman, Action action, String problem) {
  public DeviceReading {
    Objects.requireNonNull(action, "action");
    problem = problem == null ? "" : problem;
    if (!connected && deadman) {
      throw new IllegalArgumentException("a disconnected device cannot hold the deadman");
    }
  }

  public static DeviceReading of(boolean deadman, Action action) {
    return new DeviceReading(true, deadman, action, "");
  }

  public static DeviceReading lost(String problem, Action hold) {
    return new DeviceReading(false, false, hold, problem);
  }
}
