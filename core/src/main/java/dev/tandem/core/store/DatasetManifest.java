package dev.tandem.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.spec.FeatureSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/** The content of {@code dataset.json}: format version, creation time and the dataset spec. */
record DatasetManifest(int formatVersion, Instant createdAt, DatasetSpec spec) {

  List<FeatureSpec> features() {
    return spec.features();
  }

  byte[] toJson() throws IOException {
    ObjectNode n = SpecJson.MAPPER.createObjectNode();
    n.put("format", StoreFormat.FORMAT_NAME);
    n.put("formatVersion", formatVersion);
    n.put("createdAt", createdAt.toString());
    DatasetSpecJson.put(n, spec);
    ArrayNode feats = n.putArray("features");
    spec.features().forEach(f -> feats.add(SpecJson.feature(f)));
    return SpecJson.MAPPER.writeValueAsBytes(n);
  }

  /** Writes {@code dataset.json} atomically (temp file, fsync, rename, fsync directory). */
  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(StoreFormat.DATASET_FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(toJson());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(StoreFormat.DATASET_FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Fsync.directory(dir);
  }

  /** {@code " (datasets inside it: a, b)"} when sub-directories of {@code dir} are datasets. */
  private static String datasetsInside(Path dir) {
    try (java.util.stream.Stream<Path> children = Files.list(dir)) {
      List<String> names =
          children
              .filter(c -> Files.isRegularFile(c.resolve(StoreFormat.DATASET_FILE)))
              .map(c -> c.getFileName().toString())
              .sorted()
              .toList();
      return names.isEmpty() ? "" : " (datasets inside it: " + String.join(", ", names) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Reads and checks {@code dir/dataset.json}.
   *
   * @throws EpisodeStoreException when the directory is not a dataset, the version is newer than
   *     this code reads, or a field is missing or malformed (the message names the field)
   */
  static DatasetManifest read(Path dir) {
    if (!Files.exists(dir)) {
      throw new EpisodeStoreException(
          dir, "no dataset at " + dir + ": the directory does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new EpisodeStoreException(
          dir, dir + " is a file, not a dataset directory (a dataset is a directory)");
    }
    Path file = dir.resolve(StoreFormat.DATASET_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new EpisodeStoreException(
          file,
          dir
              + " is not a Tandem dataset: it has no "
              + StoreFormat.DATASET_FILE
              + datasetsInside(dir)
              + "; datasets are recorded by 'tandem experiment' (runs/<id>/data/<task>-seed<N>)"
              + " and 'tandem teleop' (<out>/data)");
    } catch (IOException e) {
      throw new EpisodeStoreException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonNode n = SpecJson.parse(bytes, file.toString());
      SpecJson.Reader r = new SpecJson.Reader(file.toString());
      String format = r.text(n, "", "format");
      if (!format.equals(StoreFormat.FORMAT_NAME)) {
        throw new EpisodeStoreException(
            file,
            file
                + " is not a Tandem episode store manifest: format is '"
                + format
                + "', expected '"
                + StoreFormat.FORMAT_NAME
                + "'");
      }
      int version = r.int32(n, "", "formatVersion");
      if (version > StoreFormat.FORMAT_VERSION) {
        throw new EpisodeStoreException(
            file,
            file
                + " has format version "
                + version
                + "; this Tandem reads format versions up to "
                + StoreFormat.FORMAT_VERSION
                + ". Open the dataset with a newer Tandem.");
      }
      if (version < 1) {
        throw new EpisodeStoreException(
            file, file + ": formatVersion must be >= 1, found " + version);
      }
      Instant created = r.instant(n, "", "createdAt");
      DatasetSpec spec = DatasetSpecJson.parse(n, r);
      List<FeatureSpec> stored = r.features(n, "", "features");
      List<FeatureSpec> derived = spec.features();
      if (!stored.equals(derived)) {
        throw new EpisodeStoreException(
            file,
            file
                + ": 'features' "
                + keys(stored)
                + " do not match the environment, recordImages and environmentStateSize "
                + keys(derived)
                + " (was the file edited?)");
      }
      StepLayout.of(stored, file.toString());
      return new DatasetManifest(version, created, spec);
    } catch (IllegalArgumentException e) {
      throw new EpisodeStoreException(file, e.getMessage(), e);
    }
  }

  private static List<String> keys(List<FeatureSpec> f) {
    return f.stream().map(x -> x.key() + x.shape()).toList();
  }
}
