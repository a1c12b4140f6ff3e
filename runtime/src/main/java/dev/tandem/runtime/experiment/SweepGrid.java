package dev.tandem.runtime.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The grid of a sweep: each axis a config key and the values it takes ({@code --grid
 * training.steps=200,400}); every combination of one value per axis is one experiment, its values
 * applied as {@code --set} overrides.
 */
public record SweepGrid(List<Axis> axes) {
  /** A key and its values, in the order given. */
  public record Axis(String key, List<String> values) {
    public Axis {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("--grid: a key is missing, expected key=v1,v2");
      }
      values = List.copyOf(values);
      if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(
            "--grid " + key + ": an empty value, expected key=v1,v2 (values separated by commas)");
      }
    }
  }

  public SweepGrid {
    axes = List.copyOf(axes);
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("--grid: missing, expected at least one key=v1,v2");
    }
    var keys = new java.util.HashSet<String>();
    for (Axis a : axes) {
      if (!keys.add(a.key())) {
        throw new IllegalArgumentException("--grid " + a.key() + ": the key is given twice");
      }
    }
  }

  /**
   * Parses {@code key=v1,v2}: values are split at commas outside brackets and braces, so {@code
   * seeds=[1,2],[3]} has the two values {@code [1,2]} and {@code [3]}.
   */
  public static Axis axis(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--grid '" + spec + "': expected key=v1,v2");
    }
    List<String> values = new ArrayList<>();
    int depth = 0;
    int start = eq + 1;
    for (int i = start; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        values.add(spec.substring(start, i).trim());
        start = i + 1;
      }
    }
    values.add(spec.substring(start).trim());
    return new Axis(spec.substring(0, eq).trim(), values);
  }

  /** Every combination, the first axis varying slowest: each a list of {@code key=value}. */
  public List<List<String>> combinations() {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    for (Axis a : axes) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> partial : out) {
        for (String v : a.values()) {
          List<String> c = new ArrayList<>(partial);
          c.add(a.key() + "=" + v);
          next.add(List.copyOf(c));
        }
      }
      out = next;
    }
    return out;
  }
}
