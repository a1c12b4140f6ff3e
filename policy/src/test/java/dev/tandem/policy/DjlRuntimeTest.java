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

  /** A user's own libtorch: found, its version checked, its build told to DJL when unsaid. */
  @Test
  void localLibtorchIsCheckedAndItsBuildTold(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> DjlRuntime.localLibtorchFlavor(empty.toString(), null, "2.7.1"))
        .isInstanceOf(dev.tandem.core.config.ConfigException.class)
        .hasMessageStartingWith("PYTORCH_LIBRARY_PATH=" + empty + ": no libtorch.so there")
        .hasMessageContaining("libtorch 2.7.1");
    // a CPU build without a build-version file (as DJL's own cache holds it)
    Path cpu = lib(dir.resolve("cpu"), null, false);
    assertThat(DjlRuntime.localLibtorchFlavor(empty + ":" + cpu, null, "2.7.1")).contains("cpu");
    // pytorch.org's CUDA 12.8 zip: build-version beside lib/
    Path cuda = lib(dir.resolve("cu128"), "2.7.1+cu128\n", true);
    assertThat(DjlRuntime.localLibtorchFlavor(cuda.toString(), null, "2.7.1")).contains("cu128");
    assertThat(
            DjlRuntime.localLibtorchFlavor(cuda.resolve("libtorch.so").toString(), null, "2.7.1"))
        .contains("cu128");
    // CUDA libraries but no version file: the one CUDA build the JNI jar carries
    assertThat(
            DjlRuntime.localLibtorchFlavor(
                lib(dir.resolve("x"), null, true).toString(), null, "2.7.1"))
        .contains("cu128");
    // the user said which build: kept, version still checked
    assertThat(DjlRuntime.localLibtorchFlavor(cuda.toString(), "cu128", "2.7.1")).isEmpty();
    Path old = lib(dir.resolve("old"), "2.5.1+cu124", true);
    assertThatThrownBy(() -> DjlRuntime.localLibtorchFlavor(old.toString(), "cu124", "2.7.1"))
        .hasMessageContaining("says libtorch 2.5.1+cu124")
        .hasMessageContaining("needs libtorch 2.7.1");
    Path cu126 = lib(dir.resolve("cu126"), "2.7.1+cu126", true);
    assertThatThrownBy(() -> DjlRuntime.localLibtorchFlavor(cu126.toString(), null, "2.7.1"))
        .hasMessageContaining("2.7.1+cu126 build")
        .hasMessageContaining("cpu and cu128 builds only");
    // the version this DJL's JNI library was built for, read from pytorch-jni
    assertThat(DjlRuntime.jniTorchVersion()).isEqualTo("2.7.1");
  }

  /** A fake libtorch folder {@code root/lib} with an optional build-version file. */
  private static Path lib(Path root, String buildVersion, boolean cuda) throws IOException {
    Path lib = Files.createDirectories(root.resolve("lib"));
    Files.write(lib.resolve("libtorch.so"), new byte[0]);
    if (cuda) {
      Files.write(lib.resolve("libtorch_cuda.so"), new byte[0]);
    }
    if (buildVersion != null) {
      Files.writeString(root.resolve("build-version"), buildVersion);
    }
    return lib;
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
