package dev.tandem.runtime.cluster;

import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.runtime.experiment.CellOutput;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The files a cell travels with. Inputs (coordinator to worker, method cells only): round 0's demos
 * and registry. Results (worker to coordinator): the episodes the cell recorded, its policy
 * registries and learner states, and {@code cell.json}. Episodes travel as a small dataset of their
 * own and are imported into the run's store by their tags ({@link EpisodeTransfer}), so an import
 * done twice adds nothing; the registries a cell owns replace what the run held under the same
 * names (a partial import of an earlier attempt).
 */
final class CellFiles {
  static final String OUTPUT = "cell.json";
  private static final String DATA = "data";
  private static final String POLICIES = "policies";
  private static final String LEARNERS = "learners";

  private CellFiles() {}

  /** Packs a method cell's inputs from the run directory into {@code zip}. */
  static void packInputs(
      ExperimentConfig config, ExperimentCell cell, Path runDir, EpisodeStore store, Path zip) {
    Path tmp = zip.resolveSibling(zip.getFileName() + ".d");
    String key = cell.key(config);
    Path rel = Path.of(POLICIES, key, cell.roundZero().ownedLabels(config).get(0));
    transferDataset(store, tmp.resolve(DATA).resolve(key), tags -> cell.usesDemo(config, tags));
    Bundle.pack(List.of(new Bundle.Part(tmp, Path.of(DATA)), new Bundle.Part(runDir, rel)), zip);
    deleteQuietly(tmp);
  }

  /** Unpacks a method cell's inputs into the worker's fresh cell directory. */
  static void unpackInputs(Path zip, Path cellDir) {
    Bundle.unpack(zip, cellDir);
  }

  /** Packs what a cell produced in {@code cellDir} (and its output) into {@code zip}. */
  static void packResults(
      ExperimentConfig config, ExperimentCell cell, Path cellDir, CellOutput output, Path zip) {
    String key = cell.key(config);
    Path out = cellDir.resolve(".results");
    output.write(out.resolve(OUTPUT));
    try (EpisodeStore store = EpisodeStore.openReadOnly(cellDir.resolve(DATA).resolve(key))) {
      // a method cell's demos came from the coordinator: everything else is the cell's own
      boolean own = cell.kind() == ExperimentCell.Kind.ROUND_ZERO;
      transferDataset(
          store, out.resolve(DATA).resolve(key), tags -> own || !cell.usesDemo(config, tags));
    }
    List<Bundle.Part> parts = new ArrayList<>();
    parts.add(new Bundle.Part(out, Path.of(OUTPUT)));
    parts.add(new Bundle.Part(out, Path.of(DATA)));
    for (String label : cell.ownedLabels(config)) {
      parts.add(new Bundle.Part(cellDir, Path.of(POLICIES, key, label)));
      parts.add(new Bundle.Part(cellDir, Path.of(LEARNERS, key, label)));
    }
    Bundle.pack(parts, zip);
    deleteQuietly(out);
  }

  /**
   * Imports a cell's results into the run: its episodes into {@code store} (those not there yet),
   * its registries and learner states in place of any the run holds under the same names. Returns
   * the cell's output; the caller records the cell as done after this.
   */
  static CellOutput importResults(
      ExperimentConfig config, ExperimentCell cell, Path zip, Path runDir, EpisodeStore store) {
    String key = cell.key(config);
    Path in = zip.resolveSibling(zip.getFileName() + ".d");
    Bundle.unpack(zip, in);
    try (EpisodeStore from = EpisodeStore.openReadOnly(in.resolve(DATA).resolve(key))) {
      EpisodeTransfer.copy(from, store, tags -> true);
    }
    try {
      for (String label : cell.ownedLabels(config)) {
        for (String base : List.of(POLICIES, LEARNERS)) {
          Path src = in.resolve(base).resolve(key).resolve(label);
          if (Files.isDirectory(src)) {
            Path dst = runDir.resolve(base).resolve(key).resolve(label);
            Bundle.deleteTree(dst);
            Files.createDirectories(dst.getParent());
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move the policies of " + cell.name(config) + " into " + runDir, e);
    }
    CellOutput output = CellOutput.read(in.resolve(OUTPUT));
    deleteQuietly(in);
    return output;
  }

  /** The run's store of a task and seed, created when new. */
  static EpisodeStore openStore(ExperimentConfig config, ExperimentCell cell, Path runDir) {
    return EpisodeStore.openOrCreate(
        runDir.resolve(DATA).resolve(cell.key(config)),
        DatasetSpec.of(config.tasks().get(cell.task()).spec()),
        StoreOptions.defaults());
  }

  private static void transferDataset(
      EpisodeStore from, Path dir, Predicate<Map<String, String>> wanted) {
    deleteQuietly(dir);
    try (EpisodeStore to = EpisodeStore.create(dir, from.spec())) {
      EpisodeTransfer.copy(from, to, wanted);
    }
  }

  static void deleteQuietly(Path dir) {
    try {
      Bundle.deleteTree(dir);
    } catch (IOException e) {
      // a leftover temporary folder; the next attempt empties it
    }
  }
}
