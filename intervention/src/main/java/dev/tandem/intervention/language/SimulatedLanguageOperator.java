package dev.tandem.intervention.language;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A simulated operator for experiments that says what an expert would correct, in words: given the
 * expert's reference end-effector delta it names the main directions (in the camera view, or
 * sometimes in the gripper frame), a rough distance (words or centimetres) and, when the expert's
 * gripper disagrees with the policy's, a gripper command, phrased in varied ways. Seeded: the same
 * seed and references give the same phrases.
 *
 * <p>What it says is meant for {@link CorrectionParser}: every phrase it makes is understood, and
 * the resulting bias points the way the reference does (directions are named when a component is at
 * least {@value #NAMED_SHARE} of the largest one, so the named direction is within about 30 degrees
 * of the reference).
 */
public final class SimulatedLanguageOperator {
  /** A component is named when it is at least this share of the largest one. */
  public static final double NAMED_SHARE = 0.4;

  private final Random random;
  private final double[][] cameraLevelled;
  private final double[][] eeToBase;
  private final BiasSettings settings;
  private final double lookaheadSteps;
  private final double gripperFrameShare;

  /**
   * @param seed for the phrasing choices
   * @param cameraToBase the operator camera's orientation in the base frame
   * @param eeToBase the end effector's orientation in the base frame
   * @param lookaheadSteps the distance said is the reference's motion over this many steps
   * @param gripperFrameShare how often directions are given in the gripper frame (0..1)
   */
  public SimulatedLanguageOperator(
      long seed,
      double[][] cameraToBase,
      double[][] eeToBase,
      BiasSettings settings,
      double lookaheadSteps,
      double gripperFrameShare) {
    this.random = new Random(seed);
    this.cameraLevelled = CameraFrames.levelled(cameraToBase);
    this.eeToBase = eeToBase;
    this.settings = settings;
    if (!(lookaheadSteps > 0) || !(gripperFrameShare >= 0 && gripperFrameShare <= 1)) {
      throw new IllegalArgumentException(
          "lookaheadSteps must be > 0 and gripperFrameShare in [0, 1], found "
              + lookaheadSteps
              + ", "
              + gripperFrameShare);
    }
    this.lookaheadSteps = lookaheadSteps;
    this.gripperFrameShare = gripperFrameShare;
  }

  /** Camera as given, a top-down gripper, default bias settings, 2 steps ahead, 20 % tool frame. */
  public SimulatedLanguageOperator(long seed, double[][] cameraToBase) {
    this(seed, cameraToBase, CameraFrames.topDownTool(), BiasSettings.defaults(), 2.0, 0.2);
  }

  /**
   * A correction towards {@code reference} (the expert's action) for a policy that proposed {@code
   * proposal}: the motion of the reference, and a gripper command when the two gripper commands
   * disagree.
   */
  public String phrase(Action reference, ActionSpec spec, Action proposal) {
    ActionLayout layout = ActionLayout.of(spec);
    int[] t = layout.translation();
    double[] v = {reference.get(t[0]), reference.get(t[1]), reference.get(t[2])};
    String grip = null;
    if (layout.gripper() >= 0 && proposal != null) {
      float want = reference.get(layout.gripper());
      float has = proposal.get(layout.gripper());
      if (want > 0.3f && has <= 0f) {
        grip = pick("open the gripper", "let go", "release it", "open", "open the gripper please");
      } else if (want < -0.3f && has >= 0f) {
        grip = pick("close the gripper", "grab it", "grasp it", "close", "grip it");
      }
    }
    boolean moves = CameraFrames.norm(v) >= 0.05;
    if (grip == null) {
      return moves ? phrase(v) : pick("keep going", "continue", "go on", "carry on");
    }
    if (!moves) {
      return grip;
    }
    return random.nextBoolean() ? phrase(v) + " and " + grip : grip + " and " + phrase(v);
  }

  /** A motion correction towards {@code delta} (dx, dy, dz in action units, base frame). */
  public String phrase(double[] delta) {
    double norm = CameraFrames.norm(delta);
    if (!(norm > 1e-9)) {
      return pick("keep going", "continue");
    }
    boolean tool = random.nextDouble() < gripperFrameShare;
    double[] c =
        tool
            ? CameraFrames.transposeTimes(eeToBase, delta)
            : CameraFrames.transposeTimes(cameraLevelled, delta);
    // labels along the frame's axes: camera (right, up, toward), tool (right, down, along)
    double max = Math.max(Math.abs(c[0]), Math.max(Math.abs(c[1]), Math.abs(c[2])));
    List<String> dirs = new ArrayList<>();
    boolean alongTool = false;
    int[] order = {0, 1, 2};
    shuffle(order);
    for (int a : order) {
      if (Math.abs(c[a]) < NAMED_SHARE * max) {
        continue;
      }
      boolean positive = c[a] > 0;
      if (a == 0) {
        dirs.add(
            positive
                ? pick("right", "to the right", "rightward")
                : pick("left", "to the left", "leftward"));
      } else if (a == 1) {
        boolean up = tool ? !positive : positive;
        dirs.add(up ? pick("up", "higher", "upward") : pick("down", "lower", "downward"));
      } else if (tool) {
        alongTool = true;
        dirs.add(positive ? "forward" : "back");
      } else {
        dirs.add(
            positive
                ? pick("closer", "toward me", "back", "closer to me")
                : pick("forward", "away", "away from me"));
      }
    }
    double meters = norm * settings.metersPerActionUnit() * lookaheadSteps;
    String direction = join(dirs);
    if (tool) {
      direction =
          alongTool && dirs.size() == 1
              ? (dirs.get(0).equals("back") ? "back along the tool" : "along the tool")
              : direction
                  + " "
                  + pick("in the gripper frame", "relative to the gripper", "in the tool frame");
    }
    if (random.nextDouble() < 0.3) {
      String n = number(meters);
      return switch (random.nextInt(3)) {
        case 0 -> n + " " + direction;
        case 1 -> "move " + direction + " " + n;
        default -> direction + " " + n + " please";
      };
    }
    String level = level(meters);
    if (level.isEmpty()) {
      return switch (random.nextInt(3)) {
        case 0 -> direction;
        case 1 -> "move " + direction;
        default -> "go " + direction + " please";
      };
    }
    return switch (random.nextInt(4)) {
      case 0 -> magnitude(level, true) + " " + direction;
      case 1 -> "move " + magnitude(level, false) + " " + direction;
      case 2 -> direction + " " + magnitude(level, false);
      default -> magnitude(level, true) + " more " + direction;
    };
  }

  private static String level(double meters) {
    if (meters < 0.0075) {
      return "tiny";
    }
    if (meters < 0.015) {
      return "small";
    }
    return meters < 0.035 ? "" : "large";
  }

  /** Words for a distance level; some only read well before the direction ("far left"). */
  private String magnitude(String level, boolean beforeDirection) {
    return switch (level) {
      case "tiny" -> pick("a tiny bit", "a touch", "just a touch");
      case "small" -> pick("a bit", "slightly", "a little");
      default ->
          beforeDirection ? pick("a lot", "much", "far", "way") : pick("a lot", "quite a bit");
    };
  }

  private String number(double meters) {
    double halfCm = Math.max(1, Math.min(50, Math.round(meters * 200)));
    double cm = halfCm / 2;
    if (cm < 1) {
      return Math.round(cm * 10) + " " + pick("mm", "millimeters");
    }
    String value =
        cm == Math.rint(cm) ? String.valueOf((long) cm) : String.format(Locale.ROOT, "%.1f", cm);
    return value + " " + pick("cm", "centimeters", "cm");
  }

  private String join(List<String> dirs) {
    if (dirs.size() == 1) {
      return dirs.get(0);
    }
    String last = dirs.get(dirs.size() - 1);
    String head =
        String.join(random.nextBoolean() ? ", " : " and ", dirs.subList(0, dirs.size() - 1));
    return head + " and " + last;
  }

  private void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
