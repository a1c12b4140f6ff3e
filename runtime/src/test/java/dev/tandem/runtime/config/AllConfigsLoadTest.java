package dev.tandem.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every YAML file under {@code configs/} loads with every module's config types registered. */
public class AllConfigsLoadTest {
  public static Path configs() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("configs"))) {
      p = p.getParent();
    }
    assertThat(p).as("a configs/ directory above " + Path.of("").toAbsolutePath()).isNotNull();
    return p.resolve("configs");
  }

  @TestFactory
  Stream<DynamicTest> everyYamlFileLoads() throws Exception {
    ConfigLoader loader = ConfigLoader.discover();
    List<Path> files;
    try (Stream<Path> s = Files.walk(configs())) {
      files =
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    configs().relativize(f).toString(),
                    () -> assertThat(loader.load(f, List.of())).isNotNull()));
  }
}
