package dev.tandem.teleop.viewer;

import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.OperatorListener;
import dev.tandem.teleop.glfw.TextSink;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correction line: printable characters append, Backspace deletes, Escape clears, Enter submits
 * a non-blank line as {@link OperatorEvent.CorrectionTyped} and clears it. Used on the viewer's
 * thread; {@link #text()} may be read from any thread.
 */
public final class TextLine implements TextSink {
  /** Longer lines are refused character by character. */
  public static final int MAX_LENGTH = 160;

  private static final Logger LOG = LoggerFactory.getLogger(TextLine.class);

  private final OperatorListener listener;
  private final LongSupplier nanoClock;
  private volatile String text = "";

  public TextLine(OperatorListener listener, LongSupplier nanoClock) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  public String text() {
    return text;
  }

  @Override
  public void typed(int codePoint) {
    if (codePoint < 0x20 || codePoint == 0x7f || !Character.isValidCodePoint(codePoint)) {
      return;
    }
    String s = text;
    if (s.length() + Character.charCount(codePoint) <= MAX_LENGTH) {
      text = s + new String(Character.toChars(codePoint));
    }
  }

  @Override
  public void backspace() {
    String s = text;
    if (!s.isEmpty()) {
      text = s.substring(0, s.offsetByCodePoints(s.length(), -1));
    }
  }

  @Override
  public void enter() {
    String s = text.strip();
    text = "";
    if (!s.isEmpty()) {
      try {
        listener.onEvent(new OperatorEvent.CorrectionTyped(s, nanoClock.getAsLong()));
      } catch (RuntimeException e) {
        LOG.warn("operator listener failed on a typed correction: {}", e.toString());
      }
    }
  }

  @Override
  public void escape() {
    text = "";
  }
}
