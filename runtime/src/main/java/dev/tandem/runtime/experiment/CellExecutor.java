package dev.tandem.runtime.experiment;

import java.util.List;
import java.util.Map;

/**
 * Runs the cells of an experiment somewhere else than the run's own JVM (a cluster's workers) and
 * brings each cell's episodes and policies into the run directory.
 */
@FunctionalInterface
public interface CellExecutor {
  /**
   * Runs every cell of {@code plan} (a method cell after the round-0 cell it starts from) and
   * returns each cell's output once its episodes and policies are in the run directory.
   */
  Map<ExperimentCell, CellOutput> runAll(List<ExperimentCell> plan);
}
