package dev.tandem.runtime.layering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runtime's layers, lowest first: training (how policies learn), actors (the loop's actors and
 * rollout pools), then the orchestrators experiment and live, the cluster that runs experiments on
 * several machines, then the command line. A package never reaches up: no import, and no fully
 * qualified name, of a package above it.
 */
class LayeringTest {
  private static final Pattern RUNTIME_PACKAGE = Pattern.compile("dev\\.tandem\\.runtime\\.(\\w+)");

  @ParameterizedTest(name = "{0} does not reach {1}")
  @CsvSource({
    "experiment, cluster cli",
    "cluster, cli live",
    "actors, experiment live cli",
    "training, actors experiment live cli",
  })
  void noPackageReachesUp(String pkg, String above) {
    List<String> forbidden = List.of(above.split(" "));
    List<String> found = new ArrayList<>();
    for (Path file : SourceTree.files(pkg)) {
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = RUNTIME_PACKAGE.matcher(lines.get(i));
        while (m.find()) {
          if (forbidden.contains(m.group(1))) {
            found.add(file.getFileName() + ":" + (i + 1) + " " + lines.get(i).strip());
          }
        }
      }
    }
    assertThat(found).as("references from %s to %s", pkg, forbidden).isEmpty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
