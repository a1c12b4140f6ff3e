package dev.tandem.bridge;

import dev.tandem.core.config.ConfigChecks;

/**
 * A position difference in the observation, after the objects, as sim tasks observe them ({@code
 * ee_to_object}, {@code object_to_goal}): {@code <name>.x/.y/.z} = position of {@code to} minus
 * position of {@code from}, each an object's name or {@code ee} (the tool), in the world frame.
 */
public record PoseDifference(String name, String from, String to) {
  public PoseDifference {
    ConfigChecks.required(name, "differences.name");
    ConfigChecks.required(from, "differences." + name + ".from");
    ConfigChecks.required(to, "differences." + name + ".to");
  }
}
