package dev.tandem.sim.physics;

import com.jme3.bullet.collision.shapes.CollisionShape;
import com.jme3.bullet.util.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads Libbulletjme's native library once per process. The library is process-wide by nature, so
 * this is the one static piece of the simulator: every {@link PhysicsWorld} calls {@link
 * #ensureLoaded()}, and only the first call does anything.
 *
 * <p>The {@code .so} comes from the {@code SpRelease} artifact on the classpath; it is copied to a
 * temporary file (NativeLibraryLoader only loads from a directory) and loaded with {@link
 * System#load}. The startup banner is turned off (it corrupts surefire's channel), jME's loggers
 * are set to WARNING (PhysicsSpace's to SEVERE, see below), and the default collision margin is set
 * to 1 mm (Bullet's 4 cm default makes millimetre clearances impossible).
 */
public final class BulletLibrary {

  static final String RESOURCE = "/native/linux/x86_64/libbulletjme.so";

  /** Collision margin for every shape created after loading (m). */
  public static final float DEFAULT_MARGIN_METERS = 0.001f;

  private static boolean loaded;

  private BulletLibrary() {}

  /** Loads the native library if this process has not done so yet. */
  public static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "the Bullet natives shipped with Tandem are for Linux x86_64; this is "
              + os
              + " "
              + arch
              + " (add the Libbulletjme artifact for this platform)");
    }
    Logger.getLogger("com.jme3").setLevel(Level.WARNING);
    try (InputStream in = BulletLibrary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Bullet native library "
                + RESOURCE
                + " is not on the classpath: add com.github.stephengold:Libbulletjme-Linux64"
                + " with classifier SpRelease");
      }
      Path file = Files.createTempFile("libbulletjme-", ".so");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      System.load(file.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot extract the Bullet native library to a temporary file: " + e.getMessage(), e);
    }
    NativeLibrary.setStartupMessageEnabled(false);
    CollisionShape.setDefaultMargin(DEFAULT_MARGIN_METERS);
    loaded = true;
  }
}
