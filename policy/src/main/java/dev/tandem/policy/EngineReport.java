package dev.tandem.policy;

import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.util.List;
import java.util.Optional;

/**
 * What the policy module's engine is on this machine, in plain values (no DJL types), for {@code
 * tandem doctor}.
 *
 * @param djlVersion DJL's version
 * @param pytorchVersion the loaded libtorch's version
 * @param flavor the libtorch build: {@code cpu}, or a CUDA build such as {@code cu128}
 * @param libtorchPath where the loaded libtorch lives (the DJL cache, or {@code
 *     PYTORCH_LIBRARY_PATH})
 * @param gpusSeenByLibtorch GPUs the loaded libtorch can use (always 0 with the {@code cpu} build)
 * @param gpusSeenByDriver GPUs the NVIDIA driver reports, whatever the libtorch build (0 where
 *     there is no driver)
 * @param cudaDriver the CUDA version the driver supports, empty without one
 * @param device the device {@code runtime.device: auto} picks
 * @param cpuFlags the CPU features relevant to PyTorch's kernels, in a fixed order, each with
 *     whether this CPU has it
 * @param autoMatmulPrecision what {@code train.matmulPrecision: auto} resolves to here
 * @param matmulSwitchReachable whether libtorch's float32 matmul precision switch can be reached
 */
public record EngineReport(
    String djlVersion,
    String pytorchVersion,
    String flavor,
    String libtorchPath,
    int gpusSeenByLibtorch,
    int gpusSeenByDriver,
    Optional<String> cudaDriver,
    String device,
    List<CpuFlag> cpuFlags,
    MatmulPrecision autoMatmulPrecision,
    boolean matmulSwitchReachable) {

  /** CPU features that decide which kernels oneDNN and MKL use. */
  public static final List<String> KERNEL_FLAGS =
      List.of("avx2", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile");

  /** One CPU feature and whether this CPU has it. */
  public record CpuFlag(String name, boolean present) {}

  public EngineReport {
    cpuFlags = List.copyOf(cpuFlags);
  }
}
