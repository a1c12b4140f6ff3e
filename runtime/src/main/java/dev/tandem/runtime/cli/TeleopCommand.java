package dev.tandem.runtime.cli;

import dev.tandem.web.WebConsoleConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem teleop <config>}: a live session with an operator at the viewer. */
@Command(
    name = "teleop",
    mixinStandardHelpOptions = true,
    description = {
      "Run a live session on a sim task: the policy drives, you watch in the viewer, hold a",
      "device's deadman to take over, release to hand back, type corrections (viewer or here).",
      "Every step is recorded; the policy is retrained between episodes and hot-swapped.",
      "Needs a display (or xvfb-run). Example: tandem teleop configs/teleop/session.yaml"
    })
public final class TeleopCommand implements Callable<Integer> {
  @CommandLine.Mixin SessionOptions session = new SessionOptions();

  @CommandLine.Mixin WebOptions web = new WebOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    WebConsoleConfig console = web.config();
    return session.run(session.load(List.of()), console, spec);
  }
}
