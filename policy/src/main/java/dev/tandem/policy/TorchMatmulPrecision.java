package dev.tandem.policy;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's process-wide float32 matrix-product precision ({@code
 * at::globalContext().setFloat32MatmulPrecision}, what {@code torch.set_float32_matmul_precision}
 * sets in Python). DJL 0.36 has no call for it, so it is reached through JNA in the libtorch that
 * DJL loaded: {@code at::globalContext()} and the two {@code at::Context} members, by their
 * Itanium-ABI names (Linux and macOS builds; the enum is passed as an int: 0 highest, 1 high, 2
 * medium). Reading the value back after setting it confirms the call landed.
 *
 * <p>Why not bfloat16 tensors: DJL 0.36's PyTorch JNI maps no DJL data type to bfloat16 (its type
 * table stops at complex64), and converting an array to {@code DataType.BFLOAT16} aborts the JVM
 * ("terminate called without an active exception").
 */
final class TorchMatmulPrecision {

  private static final Logger LOG = LoggerFactory.getLogger(TorchMatmulPrecision.class);

  static final int HIGHEST = 0;
  static final int MEDIUM = 2;

  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET =
      "_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE";
  private static final String GET = "_ZNK2at7Context22float32MatmulPrecisionEv";

  private static Optional<TorchMatmulPrecision> instance;

  private final Pointer context;
  private final Function set;
  private final Function get;

  private TorchMatmulPrecision(Pointer context, Function set, Function get) {
    this.context = context;
    this.set = set;
    this.get = get;
  }

  /**
   * The switch in the loaded libtorch, or empty where it cannot be reached (another platform, a
   * libtorch without the symbols); the reason is logged once. Call after the engine has started.
   */
  static synchronized Optional<TorchMatmulPrecision> find() {
    if (instance == null) {
      instance = locate();
    }
    return instance;
  }

  private static Optional<TorchMatmulPrecision> locate() {
    if (!Platform.isLinux() && !Platform.isMac()) {
      LOG.info("float32 matmul precision switch: not available on this platform");
      return Optional.empty();
    }
    String file = Platform.isMac() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
    try {
      Path lib = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).resolve(file);
      if (!Files.isRegularFile(lib)) {
        LOG.info("float32 matmul precision switch: {} not found", lib);
        return Optional.empty();
      }
      NativeLibrary torch = NativeLibrary.getInstance(lib.toString());
      Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      TorchMatmulPrecision p =
          new TorchMatmulPrecision(context, torch.getFunction(SET), torch.getFunction(GET));
      int now = p.get();
      if (now < HIGHEST || now > MEDIUM) {
        LOG.info("float32 matmul precision switch: unexpected current value {}", now);
        return Optional.empty();
      }
      return Optional.of(p);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      LOG.info("float32 matmul precision switch not available: {}", e.toString());
      return Optional.empty();
    }
  }

  /** The current value: {@link #HIGHEST}, 1 (high) or {@link #MEDIUM}. */
  int get() {
    return get.invokeInt(new Object[] {context});
  }

  /** Sets the value and checks that it reads back. */
  void set(int precision) {
    if (precision < HIGHEST || precision > MEDIUM) {
      throw new IllegalArgumentException("float32 matmul precision: 0..2, found " + precision);
    }
    set.invoke(Void.class, new Object[] {context, precision});
    int now = get();
    if (now != precision) {
      throw new IllegalStateException(
          "libtorch's float32 matmul precision reads back " + now + " after setting " + precision);
    }
  }
}
