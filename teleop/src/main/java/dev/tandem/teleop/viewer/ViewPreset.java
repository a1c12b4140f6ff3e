package dev.tandem.teleop.viewer;

/**
 * The viewer's preset views, each on a key (see {@link ViewerKeys}). Every preset but {@link
 * #FOLLOW} frames the whole workspace ({@link #fit}): the base, the table, the objects, the goal
 * and everywhere the gripper may go, between the overlay's top and bottom text and left of the
 * camera panel when it shows.
 */
public enum ViewPreset {
  /** The view the config's camera looks from (behind and beside the base), fitted. */
  HOME(Double.NaN, Double.NaN),
  /** Facing the robot from the front (from +x), slightly above. */
  FRONT(0, 20),
  /** From the robot's right side (from -y), slightly above. */
  SIDE(-90, 15),
  /** Straight down, +x up the screen and +y to the left (as the arrow keys drive). */
  TOP(180, 89),
  /** Orbits the gripper at arm's length, following it. */
  FOLLOW(Double.NaN, Double.NaN),
  /** Moved by the mouse. */
  CUSTOM(Double.NaN, Double.NaN);

  /** How far the follow view stays from the gripper. */
  static final double FOLLOW_DISTANCE_M = 0.7;

  /** The fitted box keeps this fraction of the free width and height as a margin on each side. */
  static final double MARGIN = 0.04;

  private final double yawDegrees;
  private final double pitchDegrees;

  ViewPreset(double yawDegrees, double pitchDegrees) {
    this.yawDegrees = yawDegrees;
    this.pitchDegrees = pitchDegrees;
  }

  /**
   * This preset's view of {@code box}. {@code home} gives the direction of {@link #HOME}; {@link
   * #FOLLOW} keeps {@code current}'s direction and follows the gripper; {@link #CUSTOM} is {@code
   * current}.
   *
   * @param freeTopPixels rows at the top the overlay covers
   * @param freeBottomPixels rows from the top where the overlay at the bottom starts
   * @param freeRightPixels columns from the left where a panel on the right (the camera images)
   *     starts; {@code width} when none is shown
   */
  public OrbitView view(
      OrbitView current,
      OrbitView home,
      Box box,
      double fovYDegrees,
      int width,
      int height,
      int freeTopPixels,
      int freeBottomPixels,
      int freeRightPixels) {
    return switch (this) {
      case CUSTOM -> current;
      case FOLLOW ->
          new OrbitView(
              current.target(),
              current.yawDegrees(),
              current.pitchDegrees(),
              FOLLOW_DISTANCE_M,
              true,
              FOLLOW);
      case HOME ->
          fit(
              box,
              home.yawDegrees(),
              home.pitchDegrees(),
              fovYDegrees,
              width,
              height,
              freeTopPixels,
              freeBottomPixels,
              freeRightPixels,
              HOME);
      default ->
          fit(
              box,
              yawDegrees,
              pitchDegrees,
              fovYDegrees,
              width,
              height,
              freeTopPixels,
              freeBottomPixels,
              freeRightPixels,
              this);
    };
  }

  /** An axis-aligned box in the world (m). */
  public record Box(double[] min, double[] max) {
    public Box {
      if (min.length != 3 || max.length != 3) {
        throw new IllegalArgumentException("a box needs 3 values per corner");
      }
      min = min.clone();
      max = max.clone();
    }

    /** The smallest box holding this one and {@code p}. */
    public Box with(double[] p, double pad) {
      double[] lo = min.clone();
      double[] hi = max.clone();
      for (int i = 0; i < 3; i++) {
        lo[i] = Math.min(lo[i], p[i] - pad);
        hi[i] = Math.max(hi[i], p[i] + pad);
      }
      return new Box(lo, hi);
    }

    double[] corner(int k) {
      return new double[] {
        (k & 1) == 0 ? min[0] : max[0],
        (k & 2) == 0 ? min[1] : max[1],
        (k & 4) == 0 ? min[2] : max[2]
      };
    }
  }

  /**
   * The view from direction ({@code yawDegrees}, {@code pitchDegrees}) that shows all of {@code
   * box} inside the rows between {@code freeTop} and {@code freeBottom} and left of column {@code
   * freeRight} of a {@code width} x {@code height} window, centred there.
   */
  static OrbitView fit(
      Box box,
      double yawDegrees,
      double pitchDegrees,
      double fovYDegrees,
      int width,
      int height,
      int freeTop,
      int freeBottom,
      int freeRight,
      ViewPreset preset) {
    double[] centre = new double[3];
    for (int i = 0; i < 3; i++) {
      centre[i] = (box.min()[i] + box.max()[i]) / 2;
    }
    double tanY = Math.tan(Math.toRadians(fovYDegrees) / 2);
    double tanX = tanY * width / Math.max(1, height);
    double top = 1 - 2.0 * Math.max(0, freeTop) / height;
    double bottom = 1 - 2.0 * Math.min(height, Math.max(freeTop + 1, freeBottom)) / height;
    double bandHalf = (top - bottom) / 2 * (1 - 2 * MARGIN);
    double right = 2.0 * Math.min(width, Math.max(1, freeRight)) / Math.max(1, width) - 1;
    double widthHalf = (right + 1) / 2 * (1 - 2 * MARGIN);
    double[][] axes = axes(yawDegrees, pitchDegrees);
    // the farther the eye, the smaller the box: bisect the nearest distance at which it fits
    double near = 0.05;
    double far = 50;
    for (int i = 0; i < 60; i++) {
      double d = (near + far) / 2;
      double[] e = extents(box, centre, axes, d, tanX, tanY);
      if (e == null || (e[1] - e[0]) / 2 > widthHalf || (e[3] - e[2]) / 2 > bandHalf) {
        near = d;
      } else {
        far = d;
      }
    }
    double d = far;
    double[] e = extents(box, centre, axes, d, tanX, tanY);
    // move the camera so that the box's middle lands in the middle of the free band
    double xShift = ((e[0] + e[1]) / 2 - (right - 1) / 2) * d * tanX;
    double yShift = ((e[2] + e[3]) / 2 - (top + bottom) / 2) * d * tanY;
    double[] target = new double[3];
    for (int i = 0; i < 3; i++) {
      target[i] = centre[i] + xShift * axes[0][i] + yShift * axes[1][i];
    }
    return new OrbitView(target, yawDegrees, pitchDegrees, d, false, preset);
  }

  /** Camera right, up and forward (world) for a view from ({@code yaw}, {@code pitch}). */
  private static double[][] axes(double yawDegrees, double pitchDegrees) {
    double yaw = Math.toRadians(yawDegrees);
    double pitch = Math.toRadians(pitchDegrees);
    double[] right = {-Math.sin(yaw), Math.cos(yaw), 0};
    double[] up = {
      -Math.sin(pitch) * Math.cos(yaw), -Math.sin(pitch) * Math.sin(yaw), Math.cos(pitch)
    };
    double[] forward = {
      -Math.cos(pitch) * Math.cos(yaw), -Math.cos(pitch) * Math.sin(yaw), -Math.sin(pitch)
    };
    return new double[][] {right, up, forward};
  }

  /**
   * The box's extent on the screen (normalised device coordinates: x min, x max, y min, y max) seen
   * from {@code d} before {@code centre}; null when a corner is behind the eye.
   */
  private static double[] extents(
      Box box, double[] centre, double[][] axes, double d, double tanX, double tanY) {
    double[] out = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int k = 0; k < 8; k++) {
      double[] c = box.corner(k);
      double r = 0;
      double u = 0;
      double f = 0;
      for (int i = 0; i < 3; i++) {
        double v = c[i] - centre[i];
        r += v * axes[0][i];
        u += v * axes[1][i];
        f += v * axes[2][i];
      }
      double depth = d + f;
      if (depth < 0.05) {
        return null;
      }
      double x = r / (depth * tanX);
      double y = u / (depth * tanY);
      out[0] = Math.min(out[0], x);
      out[1] = Math.max(out[1], x);
      out[2] = Math.min(out[2], y);
      out[3] = Math.max(out[3], y);
    }
    return out;
  }
}
