package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.tandem.policy.config.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

  @Test
  void startSetsOfflineAndTrackingPropertiesAndRunsOnCpu() {
    DjlRuntime rt = Fixtures.runtime();
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isNotBlank();
    assertThat(rt.device()).isEqualTo(Device.cpu());
    // OpenMP waits as PyTorch leaves it (or as the user set it): nothing is put in its place.
    assertThat(DjlRuntime.nativeEnvironment("OMP_WAIT_POLICY"))
        .isEqualTo(System.getenv("OMP_WAIT_POLICY"));
    assertThat(DjlRuntime.nativeEnvironment("GOMP_SPINCOUNT"))
        .isEqualTo(System.getenv("GOMP_SPINCOUNT"));
    try (NDManager m = rt.newManager()) {
      assertThat(m.create(new float[] {1, 2, 3}).sum().getFloat()).isEqualTo(6f);
    }
  }

  @Test
  void autoPicksTheGpuOnlyWhenThereIsOne() {
    assertThat(DjlRuntime.chooseDevice(RuntimeConfig.DeviceChoice.AUTO, 0)).isEqualTo(Device.cpu());
    assertThat(DjlRuntime.chooseDevice(RuntimeConfig.DeviceChoice.AUTO, 2)).isEqualTo(Device.gpu());
    assertThat(DjlRuntime.chooseDevice(RuntimeConfig.DeviceChoice.CPU, 2)).isEqualTo(Device.cpu());
    assertThat(DjlRuntime.chooseDevice(RuntimeConfig.DeviceChoice.GPU, 1)).isEqualTo(Device.gpu());
    assertThatThrownBy(() -> DjlRuntime.chooseDevice(RuntimeConfig.DeviceChoice.GPU, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runtime.device is 'gpu'")
        .hasMessageContaining("no GPU");
  }

  @Test
  void requestingAGpuOnThisCpuMachineFailsClearly() {
    int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
    if (gpus == 0) {
      assertThatThrownBy(
              () -> DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.GPU, 1, 1)))
          .hasMessageContaining("no GPU");
    } else {
      assertThat(DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.GPU, 1, 1)).onGpu())
          .isTrue();
    }
  }

  /** Every DJL entry goes through DjlRuntime: no other main class touches the engine directly. */
  @Test
  void noOtherClassStartsTheEngineOrMakesRootManagers() throws IOException {
    Path main = Path.of("src/main/java");
    List<String> forbidden =
        List.of(
            "Engine.getInstance",
            "Engine.getEngine",
            "NDManager.newBaseManager",
            "Model.newInstance",
            "newBaseManager(",
            "import ai.djl.engine.Engine;");
    try (Stream<Path> files = Files.walk(main)) {
      List<String> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.getFileName().toString().equals("DjlRuntime.java"))
              .filter(
                  p -> {
                    try {
                      String src = Files.readString(p);
                      return forbidden.stream().anyMatch(src::contains);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }
}
