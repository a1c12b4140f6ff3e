package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepGridTest {
  @Test
  void valuesSplitAtTopLevelCommasOnly() {
    var a = SweepGrid.axis("seeds=[1,2],[3], {a: 1, b: 2}");
    assertThat(a.key()).isEqualTo("seeds");
    assertThat(a.values()).containsExactly("[1,2]", "[3]", "{a: 1, b: 2}");
  }

  @Test
  void combinationsVaryTheLastAxisFastest() {
    var g = new SweepGrid(List.of(SweepGrid.axis("a=1,2"), SweepGrid.axis("b=x,y,z")));
    assertThat(g.combinations())
        .containsExactly(
            List.of("a=1", "b=x"),
            List.of("a=1", "b=y"),
            List.of("a=1", "b=z"),
            List.of("a=2", "b=x"),
            List.of("a=2", "b=y"),
            List.of("a=2", "b=z"));
  }

  @Test
  void badGridsAreNamed() {
    assertThatThrownBy(() -> SweepGrid.axis("rounds")).hasMessageContaining("expected key=v1,v2");
    assertThatThrownBy(() -> SweepGrid.axis("rounds=1,,2")).hasMessageContaining("an empty value");
    assertThatThrownBy(() -> new SweepGrid(List.of(SweepGrid.axis("a=1"), SweepGrid.axis("a=2"))))
        .hasMessageContaining("given twice");
  }
}
