package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tandem} command line. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    versionProvider = TandemCli.Version.class,
    description = "Robot learning with human corrections.",
    subcommands = {
      QuickstartCommand.class,
      ExperimentCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      DatasetCommand.class,
      BenchCommand.class,
      TeleopCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class TandemCli implements Runnable {

  @Option(
      names = {"-v", "--verbose"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors and more detail.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (0 ok, 2 user error, 1 bug). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    StartUp.configureProcess();
    CommandLine cli = new CommandLine(new TandemCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose");
          return report(ex, commandLine.getErr(), verbose);
        });
    return cli.execute(args);
  }

  static int report(Throwable ex, PrintWriter err, boolean verbose) {
    Throwable t = ex;
    if (isUserError(t)) {
      err.println("tandem: " + t.getMessage());
      if (verbose) {
        t.printStackTrace(err);
      }
      err.flush();
      return 2;
    }
    err.println("tandem: internal error: " + t);
    if (verbose) {
      t.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  private static boolean isUserError(Throwable t) {
    return t instanceof UserException
        || t instanceof ConfigException
        || t instanceof CommandLine.ParameterException
        || t instanceof java.nio.file.NoSuchFileException;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TandemCli.class.getPackage().getImplementationVersion();
      return new String[] {"tandem " + (v == null ? "dev" : v)};
    }
  }
}
