package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
  @TempDir Path dir;

  private static RoundResult r(
      String method, long seed, int round, double success, double interventions) {
    return new RoundResult(
        "Push",
        method,
        seed,
        round,
        success,
        20,
        success,
        round == 0 ? 0 : 20,
        interventions,
        interventions * 4,
        0.1,
        1000,
        2.0,
        5.0,
        "v" + round,
        null);
  }

  @Test
  void writesTablesPlotsAndAnHonestComparison() throws Exception {
    List<RoundResult> rs = new ArrayList<>();
    for (long seed = 0; seed < 3; seed++) {
      for (int round = 0; round <= 2; round++) {
        rs.add(r("bc-demos", seed, round, 0.3, round == 0 ? 0 : 2.0));
        rs.add(
            r(
                "sirius",
                seed,
                round,
                0.3 + 0.2 * round + 0.01 * seed,
                round == 0 ? 0 : 3.0 - round));
      }
    }
    var results =
        new ExperimentResults(
            "t",
            "run1",
            List.of(
                new ExperimentResults.Segment(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 60)),
            List.of(0L, 1L, 2L),
            List.of("bc-demos"),
            List.of(),
            rs);
    List<Path> plots = ExperimentReport.write(results, dir);
    assertThat(plots).hasSize(3);
    for (Path p : plots) {
      var img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).isEqualTo(800);
    }
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("| sirius | 2 | 0.71 ± 0.01 | 1.00 ± 0.00 |");
    assertThat(md)
        .contains("- sirius: 0.71 ± 0.01 (round 0: 0.31), +41 points vs the demos-only baseline");
    assertThat(md).contains("![success_Push.png](success_Push.png)");
  }
}
