package dev.tandem.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration could not be loaded. The message is meant for the user as is: it names the file
 * and line (or the {@code --set} override), the field path, the value found and what was expected.
 */
public final class ConfigException extends RuntimeException {
  private final String source;
  private final int line;
  private final String field;

  public ConfigException(String source, int line, String field, String problem, Throwable cause) {
    this(source, line, -1, field, problem, cause);
  }

  /** With the 1-based column too (syntax errors), printed as {@code file:line:column:}. */
  public ConfigException(
      String source, int line, int column, String field, String problem, Throwable cause) {
    super(format(source, line, column, field, problem), cause);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  public ConfigException(Path file, String problem) {
    this(file.toString(), -1, "", problem, null);
  }

  private static String format(String source, int line, int column, String field, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(problem).toString();
  }

  /** The file (or {@code --set ...} override) the problem is in. */
  public String source() {
    return source;
  }

  /** 1-based line in the file, when known. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  /** Dotted path of the offending field, e.g. {@code operator.delaySteps}; empty for the root. */
  public String field() {
    return field;
  }
}
