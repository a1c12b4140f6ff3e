package dev.tandem.runtime.experiment;

import dev.tandem.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What an {@link ExperimentCell} reports: its rows of results (in report order) and its notes. Kept
 * as {@code cell.json} beside the cell's data, and by a cluster coordinator in {@code
 * runs/<id>/cells/<name>.json} once the cell's episodes and policies are in the run: the file marks
 * the cell done for a resume.
 */
public record CellOutput(List<RoundResult> rows, List<String> notes) {
  public CellOutput {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }

  /** Writes the output to {@code file} (whole, then moved into place). */
  public void write(Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.createDirectories(file.getParent());
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads an output written by {@link #write}. */
  public static CellOutput read(Path file) {
    try {
      return Json.mapper().readValue(file.toFile(), CellOutput.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cell output " + file, e);
    }
  }
}
