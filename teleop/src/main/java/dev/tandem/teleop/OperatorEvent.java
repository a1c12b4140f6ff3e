package dev.tandem.teleop;

import dev.tandem.core.data.Action;
import java.util.Objects;

/**
 * What the operator did, as plain data for the live loop to translate (the runtime turns these into
 * the arbiter's {@code TakeOver}, {@code HumanAction}, {@code HandBack} and, after parsing, {@code
 * Correct}). Events are past tense. Every event carries the stamp ({@link System#nanoTime()} base)
 * of the control tick it belongs to, so the tick where control changed is marked.
 */
public sealed interface OperatorEvent {

  /** The {@link System#nanoTime()} stamp of the tick (or, for typed text, of the submission). */
  long stampNanos();

  /**
   * The operator holds the deadman: control is theirs from the tick stamped {@code tickStampNanos}.
   * {@code claim} names who claims the arm, e.g. {@code "operator takeover (gamepad)"}.
   */
  record TakeoverStarted(String claim, long tickStampNanos) implements OperatorEvent {
    public TakeoverStarted {
      Objects.requireNonNull(claim, "claim");
    }

    @Override
    public long stampNanos() {
      return tickStampNanos;
    }
  }

  /** The operator's command for the tick stamped {@code tickStampNanos}, in the device's spec. */
  record CommandIssued(Action action, long tickStampNanos) implements OperatorEvent {
    public CommandIssued {
      Objects.requireNonNull(action, "action");
    }

    @Override
    public long stampNanos() {
      return tickStampNanos;
    }
  }

  /**
   * Control goes back to the policy from the tick stamped {@code tickStampNanos}; {@code reason}
   * says why ("deadman released (gamepad)", "gamepad lost (...): holding position, ...").
   */
  record Released(String reason, long tickStampNanos) implements OperatorEvent {
    public Released {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public long stampNanos() {
      return tickStampNanos;
    }
  }

  /** A device that was connected stopped answering (unplugged, or its input went stale). */
  record DeviceLost(String device, String reason, long tickStampNanos) implements OperatorEvent {
    public DeviceLost {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public long stampNanos() {
      return tickStampNanos;
    }
  }

  /** The operator typed a correction and pressed Enter; parsing is the receiver's job. */
  record CorrectionTyped(String text, long stampNanos) implements OperatorEvent {
    public CorrectionTyped {
      Objects.requireNonNull(text, "text");
    }
  }
}
