package dev.tandem.runtime.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The effective settings of an experiment run (its {@link ExperimentConfig} after defaults and
 * overrides), flattened to {@code field.path -> value} and recorded in {@code runs/<id>/}{@value
 * #FILE}, so that a resume can be checked against them: a resume reuses recorded episodes and
 * policies by their tags, so continuing with other settings would report figures of one setting as
 * results of another. Every field counts except those in {@link #SAFE_TO_CHANGE}.
 *
 * <p>A nested record is listed under its path with its record type (so a change of {@code type:}
 * shows), then its fields; lists of records by index; other lists, maps' values and scalars as
 * text.
 */
public final class RunSettings {
  /** The file in the run directory. */
  public static final String FILE = "settings.json";

  /** Top-level fields a resume may change, and why that changes no result. */
  public static final Map<String, String> SAFE_TO_CHANGE = safeToChange();

  private RunSettings() {}

  private static Map<String, String> safeToChange() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("name", "a label: results.json and the report show it; the run id and its data stay");
    m.put(
        "parallelEnvironments",
        "how many episodes run at once; each episode's result depends on its seed only");
    m.put(
        "rounds",
        "round r's episodes and policies depend only on the rounds up to r: more rounds continue"
            + " the run as if it had been started with them, fewer report the first ones");
    m.put(
        "seeds",
        "each seed runs on its own (its own data/<task>-seed<s>/ and policies): a seed added is"
            + " run, a seed left out is not reported, the others are unchanged");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The flattened settings of {@code config}, sorted by path. */
  public static Map<String, String> of(ExperimentConfig config) {
    Map<String, String> out = new TreeMap<>();
    components(config, "", out);
    return out;
  }

  /** The settings recorded in {@code runDir}, if any. */
  public static Optional<Map<String, String>> read(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Json.mapper().readValue(file.toFile(), new TypeReference<TreeMap<String, String>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recorded settings " + file, e);
    }
  }

  /** Records {@code settings} in {@code runDir} (written whole, then moved into place). */
  public static void write(Path runDir, Map<String, String> settings) {
    Path file = runDir.resolve(FILE);
    Path tmp = runDir.resolve(FILE + ".partial");
    try {
      Files.createDirectories(runDir);
      Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(tmp.toFile(), new TreeMap<>(settings));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The fields that differ, outside {@link #SAFE_TO_CHANGE}, each as {@code path old -> new}
   * ({@code absent} where one side lacks the field), sorted by path.
   */
  public static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
    List<String> out = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(recorded.keySet());
    paths.addAll(now.keySet());
    for (String p : paths) {
      if (SAFE_TO_CHANGE.containsKey(topLevel(p))) {
        continue;
      }
      String a = recorded.get(p);
      String b = now.get(p);
      if (!Objects.equals(a, b)) {
        out.add(p + " " + (a == null ? "absent" : a) + " -> " + (b == null ? "absent" : b));
      }
    }
    return out;
  }

  /** The one-line refusal of a resume whose settings differ from the recorded ones. */
  public static String refusal(String runId, List<String> differences) {
    return "--resume "
        + runId
        + ": the settings differ from those the run was recorded with ("
        + String.join(", ", differences)
        + "); resuming would report results of one setting as those of another, so start a new"
        + " run instead (a resume may change only "
        + String.join(", ", SAFE_TO_CHANGE.keySet())
        + ")";
  }

  private static String topLevel(String path) {
    int end = path.length();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '[') {
        end = i;
        break;
      }
    }
    return path.substring(0, end);
  }

  private static void components(Record r, String prefix, Map<String, String> out) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        var accessor = c.getAccessor();
        accessor.trySetAccessible();
        value = accessor.invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + prefix + c.getName(), e);
      }
      flatten(prefix + c.getName(), value, out);
    }
  }

  private static void flatten(String path, Object v, Map<String, String> out) {
    if (v instanceof Optional<?> o) {
      v = o.orElse(null);
    }
    if (v instanceof Record r) {
      out.put(path, r.getClass().getSimpleName());
      components(r, path + ".", out);
    } else if (v instanceof Collection<?> list
        && list.stream().anyMatch(e -> e instanceof Record)) {
      int i = 0;
      for (Object e : list) {
        flatten(path + "[" + i++ + "]", e, out);
      }
    } else if (v instanceof Map<?, ?> map) {
      new TreeMap<>(stringKeys(map)).forEach((k, e) -> flatten(path + "." + k, e, out));
    } else {
      out.put(path, text(v));
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> m = new LinkedHashMap<>();
    map.forEach((k, e) -> m.put(String.valueOf(k), e));
    return m;
  }

  private static String text(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Enum<?> e) {
      return e.toString(); // the name, or the YAML value of an enum that shows it (DemoSource)
    }
    if (v.getClass().isArray()) {
      return Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "");
    }
    return v.toString();
  }
}
