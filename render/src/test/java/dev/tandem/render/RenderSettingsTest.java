package dev.tandem.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderSettingsTest {
  private static final RenderSettings D = RenderSettings.defaults();

  @Test
  void bad_values_are_refused_naming_the_field_and_the_value() {
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    new float[] {0, 0, 2},
                    true,
                    D.groundRgb(),
                    0,
                    10,
                    D.lightDirection(),
                    0.3,
                    0.4))
        .hasMessageContaining("backgroundRgb")
        .hasMessageContaining("2.0");
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    D.backgroundRgb(),
                    true,
                    D.groundRgb(),
                    0,
                    10,
                    new double[] {0, 0, 0},
                    0.3,
                    0.4))
        .hasMessageContaining("lightDirection");
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    D.backgroundRgb(), true, D.groundRgb(), 0, 10, D.lightDirection(), 1.5, 0.4))
        .hasMessageContaining("ambient")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    D.backgroundRgb(), true, D.groundRgb(), 0, -1, D.lightDirection(), 0.3, 0.4))
        .hasMessageContaining("groundHalfExtentMeters");
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    D.backgroundRgb(), true, D.groundRgb(), 0, 10, D.lightDirection(), 0.3, 0))
        .hasMessageContaining("ghostMaxAlpha");
  }

  @Test
  void settings_are_values_and_cannot_be_changed_through_their_arrays() {
    RenderSettings a = RenderSettings.defaults();
    a.backgroundRgb()[0] = 0.9f;
    assertThat(a).isEqualTo(RenderSettings.defaults());
    assertThat(a.hashCode()).isEqualTo(RenderSettings.defaults().hashCode());
    assertThat(a.withoutGround()).isNotEqualTo(a);
    assertThat(a.withoutGround().groundPlane()).isFalse();
  }
}
