package dev.tandem.runtime.layering;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No method (constructors and lambdas inside a method count as part of it) of the runtime's
 * packages runs over 80 lines, signature to closing brace: past that a method holds several jobs,
 * which get names of their own.
 */
class MethodLengthTest {
  static final int MAX_LINES = 80;

  @ParameterizedTest
  @ValueSource(strings = {"experiment", "training", "actors", "cli", "live", "simrobot", "cluster"})
  void noMethodIsLongerThan80Lines(String pkg) {
    SourceTree.Parsed parsed = SourceTree.parse(SourceTree.files(pkg));
    SourcePositions pos = Trees.instance(parsed.task()).getSourcePositions();
    List<String> tooLong = new ArrayList<>();
    for (CompilationUnitTree unit : parsed.units()) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMethod(MethodTree method, Void unused) {
          long first = unit.getLineMap().getLineNumber(pos.getStartPosition(unit, method));
          long last = unit.getLineMap().getLineNumber(pos.getEndPosition(unit, method));
          long lines = last - first + 1;
          if (lines > MAX_LINES) {
            String file = unit.getSourceFile().getName();
            tooLong.add(
                file.substring(file.lastIndexOf('/') + 1)
                    + ":"
                    + first
                    + " "
                    + method.getName()
                    + " ("
                    + lines
                    + " lines)");
          }
          return super.visitMethod(method, unused);
        }
      }.scan(unit, null);
    }
    assertThat(tooLong).as("methods over %d lines in %s", MAX_LINES, pkg).isEmpty();
  }
}
