package dev.tandem.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * What a browser may send, validated before anything acts on it: a JSON object whose {@code t}
 * names the message, a known robot, and fields of the right type and range. Anything else is a
 * {@link Invalid} with a reason.
 */
sealed interface ClientMessage {
  int MAX_TEXT_LENGTH = 200;

  /** Take the free controller seat of {@code robot}. */
  record Seat(String robot) implements ClientMessage {}

  /** Give up the seat (driving stops). */
  record Release(String robot) implements ClientMessage {}

  /** Hand the seat to another client (explicit hand-over). */
  record Give(String robot, String to) implements ClientMessage {}

  /**
   * Deadman held: drive with {@code values} (each in [-1, 1]), sent at browser time {@code sentMs}.
   */
  record Drive(String robot, long seq, double[] values, double sentMs) implements ClientMessage {}

  /** Deadman released: hand back to the policy. */
  record LetGo(String robot) implements ClientMessage {}

  /** A typed correction. */
  record Correct(String robot, String text) implements ClientMessage {}

  /** Emergency stop. */
  record Stop(String robot) implements ClientMessage {}

  /** Release the emergency stop. */
  record Resume(String robot) implements ClientMessage {}

  /** Round-trip probe: answered with the same {@code sentMs}. */
  record Ping(double sentMs) implements ClientMessage {}

  /** Not a valid message; {@code reason} says what was wrong. */
  record Invalid(String reason) implements ClientMessage {}

  static ClientMessage parse(String text, Set<String> robots, ObjectMapper json) {
    JsonNode n;
    try {
      n = json.readTree(text);
    } catch (JsonProcessingException e) {
      return new Invalid("not JSON");
    }
    if (n == null || !n.isObject() || !n.path("t").isTextual()) {
      return new Invalid("expected a JSON object with a string field 't'");
    }
    String type = n.get("t").asText();
    if (type.equals("ping")) {
      return n.path("sentMs").isNumber()
          ? new Ping(n.get("sentMs").asDouble())
          : invalid("ping", "sentMs");
    }
    JsonNode r = n.path("robot");
    if (!r.isTextual() || !robots.contains(r.asText())) {
      return new Invalid(type + ": unknown robot " + r);
    }
    String robot = r.asText();
    return switch (type) {
      case "seat" -> new Seat(robot);
      case "release" -> new Release(robot);
      case "give" -> {
        JsonNode to = n.path("to");
        yield to.isTextual() && to.asText().matches("c[0-9]{1,9}")
            ? new Give(robot, to.asText())
            : invalid(type, "to (a client id such as c2)");
      }
      case "drive" -> drive(robot, n);
      case "letgo" -> new LetGo(robot);
      case "correct" -> {
        JsonNode t = n.path("text");
        yield t.isTextual() && !t.asText().isBlank() && t.asText().length() <= MAX_TEXT_LENGTH
            ? new Correct(robot, t.asText().strip())
            : invalid(type, "text (1.." + MAX_TEXT_LENGTH + " characters)");
      }
      case "estop" -> new Stop(robot);
      case "resume" -> new Resume(robot);
      default -> new Invalid("unknown message type '" + abbreviate(type) + "'");
    };
  }

  private static ClientMessage drive(String robot, JsonNode n) {
    JsonNode seq = n.path("seq");
    JsonNode v = n.path("v");
    if (!seq.canConvertToLong() || seq.asLong() < 0) {
      return invalid("drive", "seq (a non-negative integer)");
    }
    if (!v.isArray() || v.isEmpty() || v.size() > 16) {
      return invalid("drive", "v (1..16 numbers in [-1, 1])");
    }
    double[] values = new double[v.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode x = v.get(i);
      if (!x.isNumber() || !(Math.abs(x.asDouble()) <= 1.0)) {
        return invalid("drive", "v[" + i + "] (a number in [-1, 1])");
      }
      values[i] = x.asDouble();
    }
    double sent = n.path("sentMs").isNumber() ? n.get("sentMs").asDouble() : Double.NaN;
    return new Drive(robot, seq.asLong(), values, sent);
  }

  private static Invalid invalid(String type, String field) {
    return new Invalid(type + ": expected " + field);
  }

  private static String abbreviate(String s) {
    String t = s.length() > 20 ? s.substring(0, 20) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
