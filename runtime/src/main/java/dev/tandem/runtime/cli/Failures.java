package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.store.EpisodeStoreException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * What the CLI prints for an error that reached it: one line and an exit code. Problems the user
 * can fix (bad input, a path that cannot be written, a full disk) exit with 2; anything else is a
 * bug in Tandem and exits with 1.
 */
final class Failures {
  private Failures() {}

  /** The line (without the {@code "tandem: "} prefix) and the exit code. */
  record Failure(int exitCode, String line) {}

  /** The operating system's text for a full disk (ENOSPC) and an exceeded quota (EDQUOT). */
  private static final List<String> DISK_FULL =
      List.of("No space left on device", "Disk quota exceeded");

  /** {@code java.io.IOException: } and the like, as {@code Throwable.toString()} puts them. */
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

  static Failure of(Throwable t) {
    if (t instanceof UserException
        || t instanceof ConfigException
        || t instanceof CommandLine.ParameterException) {
      return new Failure(2, oneLine(t.getMessage()));
    }
    List<Throwable> chain = chain(t);
    for (Throwable c : chain) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      for (String full : DISK_FULL) {
        if (m.contains(full)) {
          String where = describe(chain).replaceAll("(?i)(: )?" + Pattern.quote(full), "").strip();
          return new Failure(2, full.toLowerCase(Locale.ROOT) + ": " + where);
        }
      }
    }
    for (Throwable c : chain) {
      if (c instanceof FileSystemException || c instanceof EpisodeStoreException) {
        return new Failure(2, describe(chain));
      }
    }
    return new Failure(1, "internal error: " + oneLine(t.toString()));
  }

  /** The causes of {@code t}, outermost first. */
  private static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  /**
   * The messages of the chain, outermost first, each one once: {@code "round 2: training failed:
   * writing /runs/x/v2.policy.tmp: No space left on device"}.
   */
  static String describe(Throwable t) {
    return describe(chain(t));
  }

  private static String describe(List<Throwable> chain) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c : chain) {
      String text = oneLine(CLASS_PREFIX.matcher(textOf(c)).replaceAll(""));
      if (text.isEmpty() || sb.indexOf(text) >= 0) {
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append(": ");
      }
      sb.append(text);
    }
    return sb.toString();
  }

  private static String textOf(Throwable c) {
    if (c instanceof FileSystemException f) {
      String reason =
          f.getReason() != null
              ? f.getReason()
              : c instanceof AccessDeniedException
                  ? "permission denied"
                  : c instanceof NoSuchFileException ? "no such file or directory" : null;
      String file = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
      return reason == null ? file : file + ": " + reason.toLowerCase(Locale.ROOT);
    }
    return c.getMessage() == null ? "" : c.getMessage();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
