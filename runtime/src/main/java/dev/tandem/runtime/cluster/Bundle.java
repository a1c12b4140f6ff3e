package dev.tandem.runtime.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A zip of files under a root folder, the form a cell's inputs and results travel in between the
 * coordinator and a worker. Written whole, then moved into place; unpacked only inside its target
 * (an entry that would land outside is refused).
 */
final class Bundle {
  private Bundle() {}

  /**
   * The files under {@code root}/{@code relative}, named in the zip by their {@code relative} path.
   */
  record Part(Path root, Path relative) {}

  /** Packs the regular files of each part that exists. */
  static void pack(List<Part> parts, Path zip) {
    Path tmp = zip.resolveSibling(zip.getFileName() + ".partial");
    try {
      Files.createDirectories(zip.getParent());
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream z = new ZipOutputStream(out)) {
        for (Part part : parts) {
          Path root = part.root();
          Path dir = root.resolve(part.relative());
          if (!Files.exists(dir)) {
            continue;
          }
          try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
              z.putNextEntry(new ZipEntry(root.relativize(f).toString().replace('\\', '/')));
              Files.copy(f, z);
              z.closeEntry();
            }
          }
        }
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + zip + ": " + e.getMessage(), e);
    }
  }

  /** Unpacks {@code zip} into {@code target} (created; emptied first when it exists). */
  static void unpack(Path zip, Path target) {
    try {
      deleteTree(target);
      Files.createDirectories(target);
      Path base = target.toAbsolutePath().normalize();
      try (InputStream in = Files.newInputStream(zip);
          ZipInputStream z = new ZipInputStream(in)) {
        for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
          Path f = base.resolve(e.getName()).normalize();
          if (!f.startsWith(base) || e.isDirectory()) {
            throw new IOException("bundle entry '" + e.getName() + "' is not a file inside it");
          }
          Files.createDirectories(f.getParent());
          Files.copy(z, f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + ": " + e.getMessage(), e);
    }
  }

  /** Deletes {@code dir} and everything under it (nothing when it does not exist). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
