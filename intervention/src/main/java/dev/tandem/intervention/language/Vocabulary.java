package dev.tandem.intervention.language;

import dev.tandem.intervention.language.CorrectionParser.AlongTool;
import dev.tandem.intervention.language.CorrectionParser.Dir;
import dev.tandem.intervention.language.CorrectionParser.DirItem;
import dev.tandem.intervention.language.CorrectionParser.Filler;
import dev.tandem.intervention.language.CorrectionParser.FlowItem;
import dev.tandem.intervention.language.CorrectionParser.FrameItem;
import dev.tandem.intervention.language.CorrectionParser.GripItem;
import dev.tandem.intervention.language.CorrectionParser.Item;
import dev.tandem.intervention.language.CorrectionParser.Level;
import dev.tandem.intervention.language.CorrectionParser.MagItem;
import dev.tandem.intervention.language.CorrectionParser.MoreItem;
import dev.tandem.intervention.language.CorrectionParser.Negation;
import dev.tandem.intervention.language.CorrectionParser.SpeedItem;
import dev.tandem.intervention.language.CorrectionParser.TooFar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link CorrectionParser} understands, as data: phrases and what they mean, number words and
 * units, read from {@code vocabulary.txt} beside this class (its header describes the format).
 *
 * @param phrases each phrase to the items it stands for, in order
 * @param numbers number words to their values ("two" 2, "half an" 0.5)
 * @param units unit words to meters
 * @param maxPhraseTokens the most words in one phrase
 */
record Vocabulary(
    Map<String, List<Item>> phrases,
    Map<String, Double> numbers,
    Map<String, Double> units,
    int maxPhraseTokens) {

  static final String RESOURCE = "vocabulary.txt";

  /** The vocabulary shipped with the parser. */
  static Vocabulary load() {
    try (InputStream in = Vocabulary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + Vocabulary.class);
      }
      return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses vocabulary text.
   *
   * @throws IllegalArgumentException naming {@code source} and the line of a malformed entry
   */
  static Vocabulary parse(String source, String text) {
    Map<String, List<Item>> phrases = new HashMap<>();
    Map<String, Double> numbers = new HashMap<>();
    Map<String, Double> units = new HashMap<>();
    List<String[]> entries = new ArrayList<>(); // {line number, meaning, phrases}
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        if (entries.isEmpty()) {
          throw error(source, i + 1, "a continuation line before any entry");
        }
        String[] last = entries.get(entries.size() - 1);
        last[2] = last[2] + " " + line.strip();
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        throw error(source, i + 1, "expected '<meaning>: <phrase> | <phrase> ...'");
      }
      entries.add(
          new String[] {
            Integer.toString(i + 1), line.substring(0, colon), line.substring(colon + 2)
          });
    }
    int maxTokens = 1;
    for (String[] e : entries) {
      int line = Integer.parseInt(e[0]);
      String meaning = e[1];
      List<String> words = new ArrayList<>();
      for (String p : e[2].split("\\|")) {
        String phrase = p.strip();
        if (phrase.isEmpty() || !phrase.equals(phrase.toLowerCase(java.util.Locale.ROOT))) {
          throw error(source, line, "found the phrase '" + phrase + "', expected lower-case words");
        }
        words.add(phrase);
      }
      String[] kindAndArg = meaning.split(" ", 2);
      try {
        switch (kindAndArg[0]) {
          case "count" -> {
            for (int k = 0; k < words.size(); k++) {
              putOnce(numbers, words.get(k), (double) k);
            }
          }
          case "number" -> {
            for (String w : words) {
              putOnce(numbers, w, Double.parseDouble(arg(kindAndArg)));
            }
          }
          case "unit" -> {
            for (String w : words) {
              putOnce(units, w, Double.parseDouble(arg(kindAndArg)));
            }
          }
          default -> {
            for (String w : words) {
              List<Item> items = new ArrayList<>();
              for (String part : meaning.split(" \\+ ")) {
                items.add(item(part.strip(), w));
              }
              putOnce(phrases, w, List.copyOf(items));
              maxTokens = Math.max(maxTokens, w.split(" ").length);
            }
          }
        }
      } catch (IllegalArgumentException e2) {
        throw error(source, line, e2.getMessage());
      }
    }
    return new Vocabulary(Map.copyOf(phrases), Map.copyOf(numbers), Map.copyOf(units), maxTokens);
  }

  /** One meaning, e.g. {@code dir LEFT} or {@code mag SMALL(a bit)}, of {@code phrase}. */
  private static Item item(String meaning, String phrase) {
    String words = phrase;
    int open = meaning.indexOf('(');
    if (open > 0 && meaning.endsWith(")")) {
      words = meaning.substring(open + 1, meaning.length() - 1);
      meaning = meaning.substring(0, open);
    }
    String[] kindAndArg = meaning.split(" ", 2);
    return switch (kindAndArg[0]) {
      case "filler" -> new Filler();
      case "dir" -> new DirItem(Dir.valueOf(arg(kindAndArg)));
      case "frame" -> new FrameItem(Frame.valueOf(arg(kindAndArg)));
      case "along-tool" -> new AlongTool();
      case "mag" -> new MagItem(Level.valueOf(arg(kindAndArg)), words);
      case "more" -> new MoreItem();
      case "grip" -> new GripItem(GripperCommand.valueOf(arg(kindAndArg)));
      case "speed" ->
          switch (arg(kindAndArg)) {
            case "slower" -> new SpeedItem(false, words);
            case "faster" -> new SpeedItem(true, words);
            default ->
                throw new IllegalArgumentException(
                    "found speed '" + arg(kindAndArg) + "', expected slower or faster");
          };
      case "flow" -> new FlowItem(Flow.valueOf(arg(kindAndArg)), words);
      case "too-far" -> new TooFar();
      case "negation" -> new Negation(words);
      default ->
          throw new IllegalArgumentException(
              "found the meaning '"
                  + kindAndArg[0]
                  + "', expected filler, dir, frame, along-tool, mag, more, grip, speed, flow,"
                  + " too-far, negation, count, number or unit");
    };
  }

  private static String arg(String[] kindAndArg) {
    if (kindAndArg.length < 2) {
      throw new IllegalArgumentException("'" + kindAndArg[0] + "' needs an argument");
    }
    return kindAndArg[1];
  }

  private static <V> void putOnce(Map<String, V> map, String phrase, V value) {
    if (map.putIfAbsent(phrase, value) != null) {
      throw new IllegalArgumentException("the phrase '" + phrase + "' appears twice");
    }
  }

  private static IllegalArgumentException error(String source, int line, String message) {
    return new IllegalArgumentException(source + ":" + line + ": " + message);
  }
}
