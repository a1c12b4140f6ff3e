package dev.tandem.intervention.language;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses typed or spoken corrections ("a bit more to the left and down", "open the gripper",
 * "slower", "stop", "2 cm forward along the tool") into a {@link Correction}.
 *
 * <p>Understood:
 *
 * <ul>
 *   <li>directions in the camera view ({@link Frame#CAMERA}, the default): left, right, up/higher/
 *       raise, down/lower, forward/away, closer/toward me/back; in the gripper frame with "in the
 *       gripper frame", "relative to the tool", ...; "along the tool" (forward along the approach
 *       axis, or back with "back"); "too far left" means right. Several directions combine ("left
 *       and down"); opposite ones ("left right") are refused.
 *   <li>distances: "a tiny bit"/"a touch" 5 mm, "a bit"/"slightly"/"a little" 1 cm, none 2 cm, "a
 *       lot"/"much"/"far" 5 cm; "more"/"further" times 1.5; or a number with a unit ("2 cm", "15
 *       mm", "two centimeters", "half an inch"), at most 25 cm.
 *   <li>the gripper: open ("open the gripper", "let go", "release") or close ("close", "grab it",
 *       "grasp", "pick it up" = close and lift).
 *   <li>speed: slower (50 %; "a bit slower" 75 %, "much slower" 25 %), faster (150 %, 125 %, 200
 *       %).
 *   <li>stop ("stop", "wait", "hold on") and continue ("continue", "keep going", "go on").
 * </ul>
 *
 * <p>Anything else is refused with the reason and examples: unknown words (a misread correction
 * moves the arm the wrong way; a refused one costs a retry), negations ("don't go left": say what
 * to do instead), contradictions, a distance without a direction, a number without a unit.
 * Stateless and thread-safe. The words themselves are data: {@code vocabulary.txt} (see {@link
 * Vocabulary}).
 */
public final class CorrectionParser {

  /** What the parser understands, shown when it does not understand. */
  public static final List<String> EXAMPLES =
      List.of(
          "a bit more to the left",
          "up 2 cm",
          "forward and down slightly",
          "closer",
          "along the tool 1 cm",
          "open the gripper",
          "grab it",
          "slower",
          "stop",
          "keep going");

  static final double TINY_M = 0.005;
  static final double SMALL_M = 0.01;
  static final double NORMAL_M = 0.02;
  static final double LARGE_M = 0.05;
  static final double MORE_FACTOR = 1.5;
  static final double MAX_DISTANCE_M = 0.25;

  enum Dir {
    LEFT,
    RIGHT,
    UP,
    DOWN,
    AWAY,
    TOWARD;

    Dir opposite() {
      return switch (this) {
        case LEFT -> RIGHT;
        case RIGHT -> LEFT;
        case UP -> DOWN;
        case DOWN -> UP;
        case AWAY -> TOWARD;
        case TOWARD -> AWAY;
      };
    }

    /** The unit vector in {@code frame} (see {@link Frame}). */
    double[] vector(Frame frame) {
      boolean camera = frame == Frame.CAMERA;
      return switch (this) {
        case LEFT -> new double[] {-1, 0, 0};
        case RIGHT -> new double[] {1, 0, 0};
        case UP -> camera ? new double[] {0, 1, 0} : new double[] {0, -1, 0};
        case DOWN -> camera ? new double[] {0, -1, 0} : new double[] {0, 1, 0};
        case AWAY -> camera ? new double[] {0, 0, -1} : new double[] {0, 0, 1};
        case TOWARD -> camera ? new double[] {0, 0, 1} : new double[] {0, 0, -1};
      };
    }

    String word(Frame frame) {
      return switch (this) {
        case LEFT -> "left";
        case RIGHT -> "right";
        case UP -> "up";
        case DOWN -> "down";
        case AWAY -> frame == Frame.CAMERA ? "away" : "forward along the tool";
        case TOWARD -> frame == Frame.CAMERA ? "closer" : "back along the tool";
      };
    }
  }

  enum Level {
    TINY(TINY_M),
    SMALL(SMALL_M),
    LARGE(LARGE_M);

    final double meters;

    Level(double meters) {
      this.meters = meters;
    }
  }

  /** One understood piece of the text. */
  sealed interface Item {}

  record DirItem(Dir dir) implements Item {}

  record FrameItem(Frame frame) implements Item {}

  record AlongTool() implements Item {}

  record MagItem(Level level, String words) implements Item {}

  record MoreItem() implements Item {}

  record NumItem(double meters, String words) implements Item {}

  record GripItem(GripperCommand command) implements Item {}

  record SpeedItem(boolean faster, String words) implements Item {}

  record FlowItem(Flow flow, String words) implements Item {}

  record TooFar() implements Item {}

  record Negation(String words) implements Item {}

  record Filler() implements Item {}

  private static final Vocabulary VOCABULARY = Vocabulary.load();
  private static final Map<String, List<Item>> PHRASES = VOCABULARY.phrases();
  private static final Map<String, Double> NUMBER_WORDS = VOCABULARY.numbers();
  private static final Map<String, Double> UNITS = VOCABULARY.units();

  /** Parses {@code text}; never throws for any input. */
  public ParseResult parse(String text) {
    String original = text == null ? "" : text.strip();
    List<String> tokens = tokenize(original);
    if (tokens.isEmpty()) {
      return refuse(original, "empty correction");
    }
    List<Item> items = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    int i = 0;
    while (i < tokens.size()) {
      // a number with its unit ("2 cm", "two centimeters", "half an inch")
      Number number = number(tokens, i);
      if (number != null) {
        if (number.unitMeters > 0) {
          items.add(new NumItem(number.value * number.unitMeters, number.words));
          i = number.end;
          continue;
        }
        if (number.explicit) {
          return refuse(
              original, "'" + number.words + "' needs a unit, e.g. '" + number.words + " cm'");
        }
      }
      int matched = 0;
      for (int n = Math.min(VOCABULARY.maxPhraseTokens(), tokens.size() - i); n >= 1; n--) {
        List<Item> phrase = PHRASES.get(String.join(" ", tokens.subList(i, i + n)));
        if (phrase != null) {
          items.addAll(phrase);
          matched = n;
          break;
        }
      }
      if (matched == 0) {
        unknown.add(tokens.get(i));
        i++;
      } else {
        i += matched;
      }
    }
    if (!unknown.isEmpty()) {
      return refuse(original, "did not understand " + quoteAll(unknown));
    }
    for (Item item : items) {
      if (item instanceof Negation n) {
        return refuse(
            original, "negations ('" + n.words() + "') are not understood: say what to do instead");
      }
    }
    return interpret(original, items);
  }

  private ParseResult interpret(String text, List<Item> items) {
    List<Dir> dirs = new ArrayList<>();
    Set<Frame> frames = EnumSet.noneOf(Frame.class);
    boolean alongTool = false;
    List<MagItem> motionMags = new ArrayList<>();
    int more = 0;
    List<NumItem> numbers = new ArrayList<>();
    Set<GripperCommand> grips = EnumSet.noneOf(GripperCommand.class);
    List<SpeedItem> speeds = new ArrayList<>();
    Level speedLevel = null;
    Set<Flow> flows = EnumSet.noneOf(Flow.class);
    List<String> flowWords = new ArrayList<>();
    boolean tooFar = false;
    boolean meaningful = false;
    for (int k = 0; k < items.size(); k++) {
      Item item = items.get(k);
      if (item instanceof DirItem d) {
        dirs.add(tooFar ? d.dir().opposite() : d.dir());
        tooFar = false;
        meaningful = true;
      } else if (item instanceof FrameItem f) {
        frames.add(f.frame());
      } else if (item instanceof AlongTool) {
        alongTool = true;
        frames.add(Frame.END_EFFECTOR);
        meaningful = true;
      } else if (item instanceof MagItem m) {
        Item next = nextMeaningful(items, k);
        if (next instanceof SpeedItem) {
          speedLevel = m.level();
        } else if (next instanceof MoreItem && nextMeaningful(items, k + 1) instanceof SpeedItem) {
          speedLevel = m.level();
        } else {
          motionMags.add(m);
        }
      } else if (item instanceof MoreItem) {
        if (!(nextMeaningful(items, k) instanceof SpeedItem)) {
          more++;
        }
      } else if (item instanceof NumItem n) {
        numbers.add(n);
      } else if (item instanceof GripItem g) {
        grips.add(g.command());
        meaningful = true;
      } else if (item instanceof SpeedItem s) {
        speeds.add(s);
        meaningful = true;
      } else if (item instanceof FlowItem f) {
        flows.add(f.flow());
        flowWords.add(f.words());
        meaningful = true;
      } else if (item instanceof TooFar) {
        tooFar = true;
      }
    }
    if (tooFar) {
      return refuse(text, "'too far' needs a direction, e.g. 'too far left'");
    }
    // contradictions
    for (Dir d : dirs) {
      if (dirs.contains(d.opposite())) {
        Frame f = frames.contains(Frame.END_EFFECTOR) ? Frame.END_EFFECTOR : Frame.CAMERA;
        return refuse(
            text, "'" + d.word(f) + "' and '" + d.opposite().word(f) + "' contradict each other");
      }
    }
    if (frames.size() > 1) {
      return refuse(text, "both the camera view and the gripper frame are named: say one");
    }
    if (grips.size() > 1) {
      return refuse(text, "'open' and 'close' contradict each other");
    }
    if (speeds.stream().map(SpeedItem::faster).distinct().count() > 1) {
      return refuse(text, "'slower' and 'faster' contradict each other");
    }
    if (flows.size() > 1) {
      return refuse(text, "'stop' and 'continue' contradict each other");
    }
    if (flows.contains(Flow.STOP) && (!dirs.isEmpty() || alongTool)) {
      return refuse(text, "'" + flowWords.get(0) + "' and a motion contradict each other: say one");
    }
    if (flows.contains(Flow.STOP) && !speeds.isEmpty()) {
      return refuse(
          text,
          "'" + flowWords.get(0) + "' and '" + speeds.get(0).words() + "' contradict each other");
    }
    if (motionMags.stream().map(MagItem::level).distinct().count() > 1) {
      return refuse(
          text,
          "'"
              + motionMags.get(0).words()
              + "' and '"
              + motionMags.stream()
                  .filter(m -> m.level() != motionMags.get(0).level())
                  .findFirst()
                  .orElseThrow()
                  .words()
              + "' contradict each other");
    }
    if (numbers.size() > 1) {
      return refuse(
          text,
          "two distances ('"
              + numbers.get(0).words()
              + "', '"
              + numbers.get(1).words()
              + "'): give one");
    }
    if (!numbers.isEmpty() && !motionMags.isEmpty()) {
      return refuse(
          text,
          "both '"
              + motionMags.get(0).words()
              + "' and '"
              + numbers.get(0).words()
              + "' give a distance: give one");
    }
    if (dirs.isEmpty() && !alongTool && !speeds.isEmpty() && numbers.isEmpty()) {
      // "slow down a bit", "faster, much": without a motion the amount is the speed's
      if (!motionMags.isEmpty() && speedLevel == null) {
        speedLevel = motionMags.get(0).level();
      }
      motionMags.clear();
      more = 0;
    }
    if (alongTool && dirs.isEmpty()) {
      dirs.add(Dir.AWAY);
    }
    boolean hasDistanceWords = !numbers.isEmpty() || !motionMags.isEmpty() || more > 0;
    if (dirs.isEmpty() && hasDistanceWords) {
      String what =
          !numbers.isEmpty()
              ? numbers.get(0).words()
              : !motionMags.isEmpty() ? motionMags.get(0).words() : "more";
      return refuse(text, "'" + what + "' needs a direction, e.g. '" + what + " to the left'");
    }
    if (!meaningful) {
      return refuse(text, "nothing to do in '" + text + "'");
    }
    Frame frame = frames.contains(Frame.END_EFFECTOR) ? Frame.END_EFFECTOR : Frame.CAMERA;
    double[] direction = new double[3];
    List<String> words = new ArrayList<>();
    for (Dir d : new LinkedHashSet<>(dirs)) {
      double[] v = d.vector(frame);
      for (int a = 0; a < 3; a++) {
        direction[a] += v[a];
      }
      words.add(d.word(frame));
    }
    direction = CameraFrames.normalize(direction);
    double distance = 0;
    if (!dirs.isEmpty()) {
      if (!numbers.isEmpty()) {
        distance = numbers.get(0).meters();
        if (!(distance > 0)) {
          return refuse(text, "a distance of '" + numbers.get(0).words() + "' moves nothing");
        }
        if (distance > MAX_DISTANCE_M) {
          return refuse(
              text,
              "'"
                  + numbers.get(0).words()
                  + "' is more than a correction moves (at most "
                  + Correction.formatDistance(MAX_DISTANCE_M)
                  + "): take over instead");
        }
      } else {
        distance = motionMags.isEmpty() ? NORMAL_M : motionMags.get(0).level().meters;
        if (more > 0) {
          distance *= MORE_FACTOR;
        }
      }
    }
    double speedFactor = 1.0;
    if (!speeds.isEmpty()) {
      boolean faster = speeds.get(0).faster();
      if (speedLevel == Level.LARGE) {
        speedFactor = faster ? 2.0 : 0.25;
      } else if (speedLevel == Level.SMALL || speedLevel == Level.TINY) {
        speedFactor = faster ? 1.25 : 0.75;
      } else {
        speedFactor = faster ? 1.5 : 0.5;
      }
    }
    GripperCommand gripper = grips.isEmpty() ? GripperCommand.NONE : grips.iterator().next();
    Flow flow = flows.isEmpty() ? Flow.NONE : flows.iterator().next();
    return new ParseResult.Understood(
        new Correction(text, frame, direction, words, distance, gripper, speedFactor, flow));
  }

  private static Item nextMeaningful(List<Item> items, int k) {
    for (int j = k + 1; j < items.size(); j++) {
      if (!(items.get(j) instanceof Filler)) {
        return items.get(j);
      }
    }
    return null;
  }

  private record Number(double value, double unitMeters, String words, int end, boolean explicit) {}

  /** A number at {@code i} (digits or words) and the unit after it, if any. */
  private static Number number(List<String> tokens, int i) {
    String t = tokens.get(i);
    double value;
    int next;
    String words;
    boolean explicit;
    if (t.matches("\\d+(\\.\\d+)?|\\.\\d+")) {
      value = Double.parseDouble(t);
      next = i + 1;
      words = t;
      explicit = true;
    } else {
      value = Double.NaN;
      next = i;
      words = null;
      explicit = false;
      for (int n = Math.min(4, tokens.size() - i); n >= 1; n--) {
        String phrase = String.join(" ", tokens.subList(i, i + n));
        Double w = NUMBER_WORDS.get(phrase);
        if (w != null && i + n < tokens.size() && UNITS.containsKey(tokens.get(i + n))) {
          value = w;
          next = i + n;
          words = phrase;
          break;
        }
      }
      if (words == null) {
        Double w = NUMBER_WORDS.get(t);
        if (w != null && !t.equals("a") && !t.equals("an")) {
          // a number word without a unit ("two"): explicit, needs a unit
          return new Number(w, 0, t, i + 1, true);
        }
        return null;
      }
    }
    if (next < tokens.size() && UNITS.containsKey(tokens.get(next))) {
      String unit = tokens.get(next);
      return new Number(value, UNITS.get(unit), words + " " + unit, next + 1, true);
    }
    return new Number(value, 0, words, next, explicit);
  }

  static List<String> tokenize(String text) {
    String t = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
    t = t.replaceAll("(\\d)([a-z])", "$1 $2"); // "2cm" -> "2 cm"
    t = t.replaceAll("[,;:!?]", " , "); // a separator: no phrase spans it ("back, up")
    t = t.replaceAll("[^a-z0-9.', ]", " "); // other punctuation, hyphens
    t = t.replaceAll("(?<!\\d)\\.|\\.(?!\\d)", " "); // dots that are not decimal points
    List<String> out = new ArrayList<>();
    for (String s : t.trim().split("\\s+")) {
      String w = s.replaceAll("^'+|'+$", "");
      if (!w.isEmpty()
          && !(w.equals(",") && (out.isEmpty() || out.get(out.size() - 1).equals(",")))) {
        out.add(w);
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1).equals(",")) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static String quoteAll(Set<String> words) {
    List<String> q = new ArrayList<>();
    for (String w : words) {
      if (q.size() == 3) {
        q.add("...");
        break;
      }
      q.add("'" + w + "'");
    }
    return String.join(", ", q);
  }

  private static ParseResult refuse(String text, String reason) {
    return new ParseResult.NotUnderstood(text, reason, EXAMPLES);
  }
}
