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
    // jhdf warns on every export that its writer is alpha; exports are checked by h5py in tests
    setIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", "error");
    java.util.logging.Logger.getLogger("com.jme3").setLevel(java.util.logging.Level.SEVERE);
  }

  /**
   * {@code --verbose}: Tandem's own debug logging, which carries the stack traces of failures that
   * are otherwise reported in one line. Takes effect for loggers created after it (slf4j-simple
   * reads a logger's level when the logger is made), i.e. before the command runs.
   */
  public static void verboseLogging() {
    System.setProperty("org.slf4j.simpleLogger.log.dev.tandem", "debug");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
