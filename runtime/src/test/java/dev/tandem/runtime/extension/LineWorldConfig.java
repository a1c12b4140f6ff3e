package dev.tandem.runtime.extension;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.runtime.actors.LineEnvironment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An environment kind added from the test tree ({@code type: LineWorld}), not a simulated task: a
 * point on a line that must reach x = 10, with its own oracle. A ROS 2 robot plugs in the same way.
 */
public record LineWorldConfig() implements EnvironmentConfig {

  @Override
  public String taskName() {
    return "LineWorld";
  }

  @Override
  public Environment create() {
    return new LineEnvironment(new AtomicInteger(-1));
  }

  @Override
  public EnvironmentSpec spec() {
    return LineEnvironment.SPEC;
  }
}
