package dev.tandem.runtime.cli;

/**
 * Process-wide settings that must be in place before any engine starts. DJL must never reach the
 * network (../shared/STACK.md): the properties are set here, first thing, unless the user set them.
 */
public final class StartUp {
  private StartUp() {}

  public static void configureProcess() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    // "CUDA driver version is insufficient" on machines without a GPU is expected, not a warning
    setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    java.util.logging.Logger.getLogger("com.jme3").setLevel(java.util.logging.Level.SEVERE);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
