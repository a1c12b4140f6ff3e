package dev.tandem.model.urdf;

/**
 * A URDF file that cannot be used, with the file, the line and the element where the problem is and
 * what was expected, e.g. {@code panda.urdf:42: joint 'panda_joint2' <limit>: lower 1.2 is above
 * upper 0.5}.
 */
public final class UrdfException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UrdfException(String message) {
    super(message);
  }

  public UrdfException(String message, Throwable cause) {
    super(message, cause);
  }
}
