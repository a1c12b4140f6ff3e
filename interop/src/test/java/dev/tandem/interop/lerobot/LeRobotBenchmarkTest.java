package dev.tandem.interop.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end on a tiny size (its round trips and parquet table checked inside,
 * else it throws), reports every figure with the sizes it ran, and leaves nothing behind. Speeds
 * are not judged here.
 */
class LeRobotBenchmarkTest {

  @TempDir Path tmp;

  @Test
  void reportsEveryFigureOfACheckedRunAndCleansUp() throws Exception {
    Map<String, Object> f = LeRobotBenchmark.run(new LeRobotBenchmark.Config(3, 40, 1, tmp));
    assertThat(f)
        .containsOnlyKeys(
            "lerobot_export_steps_per_s",
            "lerobot_import_steps_per_s",
            "lerobot_steps",
            "store_mb",
            "lerobot_mb",
            "lerobot_export_steps_per_s_camera84",
            "lerobot_import_steps_per_s_camera84",
            "lerobot_steps_camera84",
            "store_mb_camera84",
            "lerobot_mb_camera84",
            "parquet_table_rows",
            "parquet_table_mb",
            "parquet_file_mb",
            "parquet_write_mb_per_s",
            "parquet_read_mb_per_s");
    assertThat(f.get("lerobot_steps")).isEqualTo(120L);
    assertThat(f.get("lerobot_steps_camera84")).isEqualTo(40L);
    assertThat(f.get("parquet_table_rows")).isEqualTo(120);
    for (String k :
        new String[] {
          "lerobot_export_steps_per_s",
          "lerobot_import_steps_per_s",
          "lerobot_export_steps_per_s_camera84",
          "lerobot_import_steps_per_s_camera84",
          "parquet_write_mb_per_s",
          "parquet_read_mb_per_s"
        }) {
      assertThat(((Number) f.get(k)).doubleValue()).as(k).isPositive();
    }
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void withoutCameraEpisodesTheCameraFiguresAreLeftOut() {
    Map<String, Object> f = LeRobotBenchmark.run(new LeRobotBenchmark.Config(1, 10, 0, null));
    assertThat(f)
        .containsKey("lerobot_export_steps_per_s")
        .doesNotContainKey("lerobot_steps_camera84");
  }
}
