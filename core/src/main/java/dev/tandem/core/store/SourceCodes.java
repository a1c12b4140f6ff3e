package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;

/**
 * The store's integer codes of control sources, as exports write them (robomimic {@code
 * control_source}, LeRobot {@code tandem.control_source}) and imports read them back.
 */
public final class SourceCodes {
  private SourceCodes() {}

  public static int code(ControlSource source) {
    return StoreFormat.sourceCode(source);
  }

  /**
   * @throws IllegalArgumentException for a code no source has
   */
  public static ControlSource source(int code) {
    return StoreFormat.source(code);
  }

  /** "policy 0, human 1, ..." for files that document the codes. */
  public static String legend() {
    return RobomimicExporter.SOURCE_VALUES;
  }
}
