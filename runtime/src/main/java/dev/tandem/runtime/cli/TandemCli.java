package dev.tandem.runtime.cli;

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
      WorkerCommand.class,
      LearnerCommand.class,
      SweepCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      DatasetCommand.class,
      BenchCommand.class,
      TeleopCommand.class,
      ServeCommand.class,
      DeployCommand.class,
      SimRobotCommand.class,
      DoctorCommand.class,
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

  /**
   * Runs the CLI with the given streams and returns the exit code (0 ok, 2 a problem the user can
   * fix, 1 a bug). An error is one line on {@code err}; {@code --verbose}, anywhere on the line,
   * puts the stack trace before it.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    StartUp.configureProcess();
    CommandLine cli = new CommandLine(new TandemCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> usageError(ex, cli.getErr()));
    cli.setExecutionStrategy(
        parseResult -> {
          if (verbose(parseResult)) {
            StartUp.verboseLogging();
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> report(ex, commandLine.getErr(), verbose(parseResult)));
    return cli.execute(args);
  }

  /** Whether {@code --verbose} was given to the top command or any subcommand. */
  private static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** A command line picocli cannot parse: one line and where the help is, exit 2. */
  private static int usageError(CommandLine.ParameterException ex, PrintWriter err) {
    String command = ex.getCommandLine().getCommandSpec().qualifiedName();
    err.println(
        command
            + ": "
            + ex.getMessage().strip().replaceAll("\\s*\\n\\s*", " ")
            + " (see '"
            + command
            + " --help')");
    err.flush();
    return 2;
  }

  static int report(Throwable ex, PrintWriter err, boolean verbose) {
    if (verbose) {
      ex.printStackTrace(err);
    }
    Failures.Failure f = Failures.of(ex);
    err.println(
        "tandem: "
            + f.line()
            + (f.exitCode() == 1 && !verbose
                ? " (run again with --verbose for the stack trace)"
                : ""));
    err.flush();
    return f.exitCode();
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
