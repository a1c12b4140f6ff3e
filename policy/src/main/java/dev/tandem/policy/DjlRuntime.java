package dev.tandem.policy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tandem.core.config.ConfigException;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry to DJL in the policy module. Starting it sets DJL's offline and tracking opt-out
 * properties before the PyTorch engine loads (otherwise engine start calls out to the network),
 * sets the intra-op thread count, and picks the device. Every NDManager and Model in this module
 * comes from here: no other class calls {@code Engine} or {@code NDManager.newBaseManager} (a test
 * checks the sources).
 *
 * <p>PyTorch's engine is process-wide; a {@code DjlRuntime} is a handle on it with a chosen device
 * and thread counts. Several handles may exist (tests), they share the engine.
 */
public final class DjlRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
  private static final Object START_LOCK = new Object();
  private static final String ENGINE = "PyTorch";

  static final String OFFLINE = "ai.djl.offline";
  static final String OPT_OUT = "OPT_OUT_TRACKING";
  static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
  static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  /**
   * DJL's PyTorch gradient collector is process-wide (a second one throws), and the intra-op thread
   * count is too: training runs in one JVM take turns.
   */
  private static final java.util.concurrent.locks.ReentrantLock TRAINING =
      new java.util.concurrent.locks.ReentrantLock();

  /** Training's intra-op thread count from the CPUs other processes leave free; under TRAINING. */
  private static final TrainingThreads THREADS = TrainingThreads.forThisMachine();

  private final RuntimeConfig config;
  private final Engine engine;
  private final Device device;

  private DjlRuntime(RuntimeConfig config, Engine engine, Device device) {
    this.config = config;
    this.engine = engine;
    this.device = device;
  }

  /** Configures DJL for offline use and starts (or joins) the PyTorch engine. */
  public static DjlRuntime start(RuntimeConfig config) {
    Objects.requireNonNull(config, "config");
    synchronized (START_LOCK) {
      applyProperties(config);
      Engine engine;
      try {
        engine = Engine.getEngine(ENGINE);
      } catch (RuntimeException | UnsatisfiedLinkError e) {
        throw new IllegalStateException(
            "DJL's PyTorch engine failed to start (are pytorch-jni and pytorch-native-cpu on the"
                + " class path, and is the native cache directory writable?): "
                + e.getMessage(),
            e);
      }
      Device device = chooseDevice(config.device(), engine.getGpuCount());
      LOG.debug("DJL {} on {}", engine, device);
      return new DjlRuntime(config, engine, device);
    }
  }

  /**
   * How libgomp (the OpenMP that ships with PyTorch) waits between parallel regions: read when it
   * loads, from the process environment. Tandem leaves it as PyTorch does (spin about 300,000
   * iterations, then sleep): training only runs more than one intra-op thread where other processes
   * leave a CPU free ({@link TrainingThreads}), and there the spinning worker is what makes the
   * second thread pay. Until December 2026 it was set to {@code PASSIVE}, which cost the second
   * thread its gain (2-core EPYC, quiet: 256³ products 113 GFLOP/s on two threads against 167
   * spinning; see docs/design/policy.md). A user's {@code OMP_WAIT_POLICY} or {@link
   * #GOMP_SPINCOUNT} is used as given.
   */
  static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

  /**
   * libgomp's spin count before a waiting thread sleeps; when set, it overrides the wait policy.
   */
  static final String GOMP_SPINCOUNT = "GOMP_SPINCOUNT";

  private interface LibC extends com.sun.jna.Library {
    String getenv(String name);
  }

  /** The process environment as native code sees it (Java's view is fixed at JVM start). */
  static String nativeEnvironment(String name) {
    return com.sun.jna.Native.load("c", LibC.class).getenv(name);
  }

  /** Where a user's own libtorch is (its lib folder; DJL reads it, several joined by ':'). */
  static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";

  /** The libtorch build DJL assumes for {@link #LIBRARY_PATH}, to pick its JNI library. */
  static final String FLAVOR = "PYTORCH_FLAVOR";

  /** The builds whose JNI library pytorch-jni carries (DJL would download any other). */
  static final Set<String> OFFLINE_FLAVORS = Set.of("cpu", "cu128");

  /**
   * For a libtorch of the user's ({@code PYTORCH_LIBRARY_PATH}, e.g. a CUDA build from
   * pytorch.org): checks that it is there and of the version this DJL's JNI was built for, and
   * returns the build DJL must be told ({@code PYTORCH_FLAVOR}) when the user did not say: DJL
   * otherwise assumes {@code cpu-precxx11}, whose JNI it has to download, and Tandem runs offline.
   * The build is read from libtorch's {@code build-version} file beside its lib folder
   * ("2.7.1+cu128"), else {@code cu128} where {@code libtorch_cuda.so} is present, else {@code
   * cpu}.
   *
   * @param libraryPath the variable's value
   * @param flavorSet the user's {@code PYTORCH_FLAVOR}, or null
   * @param torchVersion the libtorch version DJL's JNI needs, e.g. 2.7.1
   * @return the flavor to set, empty when the user set one
   * @throws ConfigException naming the variable, what was found and what is needed
   */
  static Optional<String> localLibtorchFlavor(
      String libraryPath, String flavorSet, String torchVersion) {
    Path dir = null;
    for (String entry : libraryPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p.resolve("libtorch.so"))) {
        dir = p;
        break;
      }
      if (p.getFileName() != null
          && p.getFileName().toString().equals("libtorch.so")
          && Files.isRegularFile(p)) {
        dir = p.getParent();
        break;
      }
    }
    if (dir == null) {
      throw setting(
          libraryPath,
          "no libtorch.so there; point it at the lib folder of a libtorch "
              + torchVersion
              + " (e.g. /opt/libtorch/lib, see the README's 'Training on a GPU'), or unset it to"
              + " use the bundled CPU build");
    }
    String build = null;
    Path parent = dir.toAbsolutePath().getParent();
    Path versionFile = parent == null ? null : parent.resolve("build-version");
    if (versionFile != null && Files.isRegularFile(versionFile)) {
      String v;
      try {
        v = Files.readString(versionFile).trim();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + versionFile, e);
      }
      String number = v.contains("+") ? v.substring(0, v.indexOf('+')) : v;
      if (!number.equals(torchVersion)) {
        throw setting(
            libraryPath,
            versionFile
                + " says libtorch "
                + v
                + "; this Tandem's PyTorch engine (DJL "
                + Engine.getDjlVersion()
                + ") needs libtorch "
                + torchVersion);
      }
      build = v.contains("+") ? v.substring(v.indexOf('+') + 1) : null;
    }
    if (flavorSet != null) {
      return Optional.empty();
    }
    if (build == null) {
      build = Files.isRegularFile(dir.resolve("libtorch_cuda.so")) ? "cu128" : "cpu";
    }
    if (!OFFLINE_FLAVORS.contains(build)) {
      throw setting(
          libraryPath,
          "a libtorch "
              + torchVersion
              + "+"
              + build
              + " build; Tandem runs DJL offline, and its JNI library comes for the "
              + String.join(" and ", new java.util.TreeSet<>(OFFLINE_FLAVORS))
              + " builds only: use libtorch "
              + torchVersion
              + "+cu128 (or set "
              + FLAVOR
              + " yourself and let DJL download its JNI: -Dai.djl.offline=false)");
    }
    return Optional.of(build);
  }

  private static ConfigException setting(String libraryPath, String problem) {
    return new ConfigException(LIBRARY_PATH + "=" + libraryPath, -1, "", problem, null);
  }

  /** The libtorch version the bundled JNI library was built for ("2.7.1"), from pytorch-jni. */
  static String jniTorchVersion() {
    try (var in = JniUtils.class.getResourceAsStream("/jnilib/pytorch.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("jni_version", "");
      return v.contains("-") ? v.substring(0, v.indexOf('-')) : v;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read pytorch-jni's pytorch.properties", e);
    }
  }

  /** Sets the properties DJL reads when its engine starts; values already set are kept. */
  static void applyProperties(RuntimeConfig config) {
    String libraryPath = System.getenv(LIBRARY_PATH);
    if (libraryPath != null && !libraryPath.isBlank()) {
      String flavorSet = ai.djl.util.Utils.getEnvOrSystemProperty(FLAVOR);
      localLibtorchFlavor(libraryPath, flavorSet, jniTorchVersion())
          .ifPresent(f -> System.setProperty(FLAVOR, f));
    }
    System.setProperty(OFFLINE, "true");
    System.setProperty(OPT_OUT, "true");
    if (System.getProperty(NUM_THREADS) == null) {
      System.setProperty(NUM_THREADS, Integer.toString(config.inferenceThreads()));
    }
    if (System.getProperty(NUM_INTEROP_THREADS) == null) {
      System.setProperty(NUM_INTEROP_THREADS, "1");
    }
  }

  /** The device for a choice given the number of GPUs DJL reports. */
  static Device chooseDevice(RuntimeConfig.DeviceChoice choice, int gpuCount) {
    return switch (choice) {
      case CPU -> Device.cpu();
      case AUTO -> gpuCount > 0 ? Device.gpu() : Device.cpu();
      case GPU -> {
        if (gpuCount <= 0) {
          throw new IllegalStateException(
              "runtime.device is 'gpu' but DJL's PyTorch engine reports no GPU: the bundled"
                  + " libtorch is the CPU build; install a CUDA libtorch 2.7.1 and point"
                  + " PYTORCH_LIBRARY_PATH at it (README, 'Training on a GPU'), or set"
                  + " runtime.device to 'auto' or 'cpu'");
        }
        yield Device.gpu();
      }
    };
  }

  public RuntimeConfig config() {
    return config;
  }

  public Device device() {
    return device;
  }

  public boolean onGpu() {
    return device.isGpu();
  }

  /** A new root NDManager on this runtime's device; the caller owns (closes) it. */
  public NDManager newManager() {
    return engine.newBaseManager(device);
  }

  /** A new DJL model on this runtime's device; the caller owns (closes) it. */
  public Model newModel(String name) {
    return engine.newModel(name, device);
  }

  /**
   * Turns off autograd recording on the calling thread. PyTorch's grad mode is per thread and on by
   * default on new threads: without this, every forward pass on an inference thread would record a
   * graph for backpropagation (slower, and memory held until the outputs are freed).
   */
  public void noGradOnThisThread() {
    if (JniUtils.isGradMode()) {
      JniUtils.setGradMode(false);
    }
  }

  /** Seeds PyTorch's generator (parameter initialization, random ops). */
  public void seed(long seed) {
    engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
  }

  /**
   * Runs {@code work} with {@code threads} PyTorch intra-op threads, then restores the previous
   * count. The count is process-wide: inference on a single observation is too small for PyTorch to
   * parallelize, so running it meanwhile is unaffected.
   */
  public <T> T withIntraOpThreads(int threads, Supplier<T> work) {
    int previous = JniUtils.getNumThreads();
    if (previous == threads) {
      return work.get();
    }
    JniUtils.setNumThreads(threads);
    try {
      return work.get();
    } finally {
      JniUtils.setNumThreads(previous);
    }
  }

  /**
   * The float32 matrix-product precision a training run asks for, resolved for this runtime: {@code
   * auto} is {@code medium} when training runs on the CPU, the CPU has {@code avx512_bf16} and
   * libtorch's switch is reachable, {@code highest} otherwise (on a GPU, {@code medium} would let
   * cuBLAS use TF32/bf16; only an explicit {@code medium} does that).
   *
   * @throws IllegalStateException for {@code medium} when the switch cannot be reached
   */
  public MatmulPrecision resolveMatmulPrecision(MatmulPrecision requested) {
    return resolveMatmulPrecision(
        requested, onGpu(), cpuFlags(), TorchMatmulPrecision.find().isPresent());
  }

  /** The rule behind {@link #resolveMatmulPrecision(MatmulPrecision)}, given what it looks at. */
  static MatmulPrecision resolveMatmulPrecision(
      MatmulPrecision requested, boolean onGpu, Set<String> cpuFlags, boolean switchReachable) {
    Objects.requireNonNull(requested, "train.matmulPrecision");
    return switch (requested) {
      case HIGHEST -> MatmulPrecision.HIGHEST;
      case AUTO ->
          !onGpu && switchReachable && cpuFlags.contains("avx512_bf16")
              ? MatmulPrecision.MEDIUM
              : MatmulPrecision.HIGHEST;
      case MEDIUM -> {
        if (!switchReachable) {
          throw new IllegalStateException(
              "train.matmulPrecision is 'medium' but libtorch's float32 matmul precision switch"
                  + " cannot be reached here (see the log); use 'auto' or 'highest'");
        }
        yield MatmulPrecision.MEDIUM;
      }
    };
  }

  /** The CPU's feature flags from {@code /proc/cpuinfo}; empty where there is no such file. */
  static Set<String> cpuFlags() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("flags"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .map(l -> Arrays.stream(l.split("\\s+")).collect(Collectors.toUnmodifiableSet()))
          .orElse(Set.of());
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * libtorch's current float32 matrix-product precision: {@code HIGHEST} or {@code MEDIUM}, empty
   * for PyTorch's {@code high} or when the switch cannot be reached.
   */
  public Optional<MatmulPrecision> currentMatmulPrecision() {
    return TorchMatmulPrecision.find()
        .flatMap(
            p ->
                switch (p.get()) {
                  case TorchMatmulPrecision.HIGHEST -> Optional.of(MatmulPrecision.HIGHEST);
                  case TorchMatmulPrecision.MEDIUM -> Optional.of(MatmulPrecision.MEDIUM);
                  default -> Optional.empty();
                });
  }

  /**
   * Runs {@code work} with libtorch's float32 matrix-product precision set to {@code precision}
   * ({@code auto} is resolved first), then restores the previous value. The setting is
   * process-wide: DJL inference running meanwhile on other threads uses it too (on a CPU without
   * AMX that changes the kernels, not the arithmetic).
   */
  public <T> T withMatmulPrecision(MatmulPrecision precision, Supplier<T> work) {
    MatmulPrecision resolved = resolveMatmulPrecision(precision);
    Optional<TorchMatmulPrecision> torch = TorchMatmulPrecision.find();
    if (torch.isEmpty()) {
      return work.get(); // only HIGHEST resolves here, and that is libtorch's default
    }
    int wanted =
        resolved == MatmulPrecision.MEDIUM
            ? TorchMatmulPrecision.MEDIUM
            : TorchMatmulPrecision.HIGHEST;
    int previous = torch.get().get();
    if (previous == wanted) {
      return work.get();
    }
    torch.get().set(wanted);
    try {
      return work.get();
    } finally {
      torch.get().set(previous);
    }
  }

  /**
   * Runs a training job, one at a time per process (a second caller waits), on the configured
   * training thread count or fewer: more than one only while other processes leave CPUs free
   * ({@link TrainingThreads}; long jobs recheck through {@link #rebalanceTrainingThreads}).
   */
  public <T> T training(Supplier<T> work) {
    TRAINING.lock();
    try {
      return withIntraOpThreads(THREADS.choose(config.trainingThreads()), work);
    } finally {
      TRAINING.unlock();
    }
  }

  /**
   * Called by a long training job between its steps, inside {@link #training}: where the runtime
   * may train on more than one thread, rechooses the count from the CPUs others leave free (a
   * reading every half second at most; otherwise one comparison).
   */
  public void rebalanceTrainingThreads() {
    if (config.trainingThreads() <= 1 || !TRAINING.isHeldByCurrentThread()) {
      return;
    }
    int threads = THREADS.choose(config.trainingThreads());
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /**
   * How many times training chose each intra-op thread count since the last call (index = count),
   * and starts counting afresh: what a benchmark reports beside a multi-threaded figure.
   */
  public static long[] takeTrainingThreadChoices() {
    TRAINING.lock();
    try {
      long[] c = THREADS.choices();
      THREADS.resetChoices();
      return c;
    } finally {
      TRAINING.unlock();
    }
  }

  /** What this runtime's engine is and what it sees (versions, build, devices, CPU features). */
  public EngineReport report() {
    Set<String> flags = cpuFlags();
    return new EngineReport(
        Engine.getDjlVersion(),
        engine.getVersion(),
        libtorchFlavor(),
        String.valueOf(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()),
        engine.getGpuCount(),
        ai.djl.util.cuda.CudaUtils.getGpuCount(),
        ai.djl.util.cuda.CudaUtils.hasCuda()
            ? Optional.of(ai.djl.util.cuda.CudaUtils.getCudaVersionString())
            : Optional.empty(),
        device.toString(),
        EngineReport.KERNEL_FLAGS.stream()
            .map(f -> new EngineReport.CpuFlag(f, flags.contains(f)))
            .toList(),
        resolveMatmulPrecision(MatmulPrecision.AUTO),
        TorchMatmulPrecision.find().isPresent());
  }

  /**
   * The libtorch build: {@code local <flavor>} for the user's own ({@code PYTORCH_LIBRARY_PATH}),
   * else the flavor DJL was told to use ({@code PYTORCH_FLAVOR}), else the bundled native jar's
   * ({@code cpu} here).
   */
  private static String libtorchFlavor() {
    String flavor = ai.djl.util.Utils.getEnvOrSystemProperty(FLAVOR);
    if (System.getenv(LIBRARY_PATH) != null) {
      return "local " + (flavor == null ? "(build unknown)" : flavor);
    }
    if (flavor != null && !flavor.isBlank()) {
      return flavor;
    }
    return ai.djl.util.Platform.detectPlatform("pytorch").getFlavor();
  }

  @Override
  public String toString() {
    return "DjlRuntime["
        + engine.getEngineName()
        + " "
        + engine.getVersion()
        + " on "
        + device
        + "]";
  }
}
