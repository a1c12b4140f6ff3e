package dev.tandem.runtime.layering;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** The runtime's production sources, found from the module directory the tests run in. */
final class SourceTree {
  static final Path RUNTIME = Path.of("src/main/java/dev/tandem/runtime");

  private SourceTree() {}

  /** The Java files of a runtime package (e.g. {@code experiment}), subpackages included. */
  static List<Path> files(String pkg) {
    Path dir = RUNTIME.resolve(pkg);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no sources at " + dir.toAbsolutePath());
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed files (syntax trees only: nothing is compiled) and the task that parsed them. */
  record Parsed(JavacTask task, List<CompilationUnitTree> units) {}

  static Parsed parse(List<Path> files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null);
    JavacTask task =
        (JavacTask)
            javac.getTask(
                null, fm, null, List.of("-proc:none"), null, fm.getJavaFileObjectsFromPaths(files));
    try {
      List<CompilationUnitTree> units = new java.util.ArrayList<>();
      task.parse().forEach(units::add);
      return new Parsed(task, units);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
