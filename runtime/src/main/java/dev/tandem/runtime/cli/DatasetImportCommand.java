package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.interop.ImportMapping;
import dev.tandem.interop.lerobot.LeRobotFormat;
import dev.tandem.interop.lerobot.LeRobotImporter;
import dev.tandem.interop.parquet.ParquetException;
import dev.tandem.interop.robomimic.RobomimicImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem dataset import SOURCE STORE}: a LeRobot v3.0 directory or robomimic file in. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a LeRobot dataset v3.0 directory or a robomimic HDF5 file into a new episode store",
      "(trainable with 'tandem train', usable as an experiment's demos). What Tandem exported",
      "comes back with its spec, labels and corrections; other datasets need --mapping, a YAML",
      "naming the robot and which features are the state, the action and the cameras",
      "(see docs/design/interop.md). Nothing is left behind when it fails."
    })
final class DatasetImportCommand implements Callable<Integer> {

  /** Source formats. */
  enum From {
    lerobot,
    robomimic
  }

  @Parameters(index = "0", paramLabel = "SOURCE", description = "LeRobot directory or .hdf5 file.")
  Path source;

  @Parameters(index = "1", paramLabel = "STORE", description = "New dataset directory to create.")
  Path out;

  @Option(
      names = "--from",
      description = "lerobot or robomimic (default: a directory is lerobot, a file robomimic).")
  From from;

  @Option(names = "--mapping", paramLabel = "YAML", description = "Robot and feature mapping.")
  Path mapping;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(source)) {
      throw new UserException(source + ": no such file or directory");
    }
    From f = from != null ? from : Files.isDirectory(source) ? From.lerobot : From.robomimic;
    Optional<ImportMapping> m =
        mapping == null
            ? Optional.empty()
            : Optional.of(ConfigLoader.discover().load(mapping, ImportMapping.class, List.of()));
    PrintWriter o = spec.commandLine().getOut();
    try (Progress bar = Progress.start("import", 1, quiet)) {
      if (f == From.lerobot) {
        var r = LeRobotImporter.importDataset(source, out, m, bar::update);
        o.printf(
            "imported %s (LeRobot %s%s) into %s: %d episodes, %d steps%n",
            source,
            LeRobotFormat.CODEBASE_VERSION,
            r.tandemExport() ? ", exported by Tandem" : "",
            r.store(),
            r.episodes(),
            r.steps());
      } else {
        var r = RobomimicImporter.importFile(source, out, m, bar::update);
        o.printf(
            "imported %s (robomimic%s) into %s: %d episodes, %d steps%n",
            source,
            r.tandemExport() ? ", exported by Tandem" : "",
            r.store(),
            r.episodes(),
            r.steps());
      }
    } catch (ParquetException | IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    o.flush();
    return 0;
  }
}
