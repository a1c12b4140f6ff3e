package dev.tandem.interop.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tandem's parquet writer read back by its reader: every column shape, both codecs, bad files. */
class ParquetRoundTripTest {

  @TempDir Path tmp;

  private static ParquetWriter table(Codec codec) {
    return new ParquetWriter(3, codec)
        .int64("index", new long[] {0, 1, Long.MAX_VALUE})
        .float32("timestamp", new float[] {0f, 0.04f, Float.NaN})
        .float64("reward", new double[] {-1, 0.5, 1e300})
        .bool("next.done", new boolean[] {false, false, true})
        .string("task", new String[] {"reach", "", "pick é"})
        .float32Lists(
            "observation.state",
            new float[][] {{1f, -0f, Float.MIN_VALUE}, {4, 5, 6}, {7, 8, Float.MAX_VALUE}})
        .int64Lists("ids", new long[][] {{}, {3}, {4, 5}})
        .boolLists("flags", new boolean[][] {{true, false}, {}, {true}})
        .stringLists("text", new String[][] {{}, {"a bit left", "stop"}, {}})
        .float64Lists("stats", new double[][] {{0.25}, {}, {1, 2}})
        .image("observation.images.front", new byte[][] {{1, 2}, {}, {(byte) 255}})
        .metadata("note", "hello");
  }

  @Test
  void everyShapeRoundTripsWithSnappyAndUncompressed() throws Exception {
    for (Codec codec : new Codec[] {Codec.SNAPPY, Codec.UNCOMPRESSED}) {
      Path f = tmp.resolve(codec + ".parquet");
      table(codec).write(f);
      ParquetFile p = ParquetFile.open(f);
      assertThat(p.rows()).isEqualTo(3);
      assertThat(p.fields())
          .containsExactly(
              "index",
              "timestamp",
              "reward",
              "next.done",
              "task",
              "observation.state",
              "ids",
              "flags",
              "text",
              "stats",
              "observation.images.front");
      assertThat(p.keyValueMetadata()).containsEntry("note", "hello");
      assertThat(p.column("index").longs()).containsExactly(0, 1, Long.MAX_VALUE);
      assertThat(p.column("timestamp").floats()).containsExactly(0f, 0.04f, Float.NaN);
      assertThat(p.column("reward").doubles()).containsExactly(-1, 0.5, 1e300);
      assertThat(p.column("next.done").booleans()).containsExactly(false, false, true);
      assertThat(p.column("task").strings()).containsExactly("reach", "", "pick é");
      float[][] state = p.column("observation.state").floatLists(3);
      assertThat(Float.floatToRawIntBits(state[0][1])).isEqualTo(Float.floatToRawIntBits(-0f));
      assertThat(state[2]).containsExactly(7, 8, Float.MAX_VALUE);
      assertThat(p.column("ids").longLists()).isDeepEqualTo(new long[][] {{}, {3}, {4, 5}});
      assertThat(p.column("flags").booleanLists())
          .isDeepEqualTo(new boolean[][] {{true, false}, {}, {true}});
      assertThat(p.column("text").stringLists())
          .isDeepEqualTo(new String[][] {{}, {"a bit left", "stop"}, {}});
      assertThat(p.column("stats").floatLists(-1)[2]).containsExactly(1f, 2f);
      byte[][] img = p.column("observation.images.front", "bytes").binaries();
      assertThat(img).isDeepEqualTo(new byte[][] {{1, 2}, {}, {(byte) 255}});
      assertThat(p.column("observation.images.front", "path").binaries())
          .isDeepEqualTo(new byte[3][]);
    }
  }

  @Test
  void wrongShapesAndTypesNameFileAndColumn() throws Exception {
    Path f = tmp.resolve("t.parquet");
    table(Codec.SNAPPY).write(f);
    ParquetFile p = ParquetFile.open(f);
    assertThatThrownBy(() -> p.column("observation.state").floatLists(4))
        .isInstanceOf(ParquetException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("column 'observation.state.list.element' has 3 values in row 0")
        .hasMessageContaining("expected 4");
    assertThatThrownBy(() -> p.column("action")).hasMessageContaining("no column 'action'");
    assertThatThrownBy(() -> p.column("task").longs())
        .hasMessageContaining("column 'task'")
        .hasMessageContaining("expected an integer");
    assertThatThrownBy(() -> p.column("index").floatLists(1))
        .hasMessageContaining("expected a list");
  }

  @Test
  void corruptedFilesAreOneLineErrors() throws Exception {
    Path f = tmp.resolve("t.parquet");
    table(Codec.SNAPPY).write(f);
    byte[] b = Files.readAllBytes(f);
    Path notParquet = tmp.resolve("x.parquet");
    Files.writeString(notParquet, "hello, world");
    assertThatThrownBy(() -> ParquetFile.open(notParquet))
        .isInstanceOf(ParquetException.class)
        .hasMessage(notParquet + ": not a parquet file (no PAR1 magic at its start and end)");
    // Damage the first page (just after the magic): its column fails, naming it.
    byte[] damaged = b.clone();
    for (int i = 4; i < 40; i++) {
      damaged[i] = (byte) 0xff;
    }
    Path d = tmp.resolve("d.parquet");
    Files.write(d, damaged);
    assertThatThrownBy(() -> ParquetFile.open(d).column("index").longs())
        .isInstanceOf(ParquetException.class)
        .hasMessageStartingWith(d + ": column 'index': damaged data");
    // Cut the footer.
    byte[] cut = java.util.Arrays.copyOfRange(b, 0, b.length - 30);
    Path c = tmp.resolve("c.parquet");
    Files.write(c, java.util.Arrays.copyOf(cut, cut.length + 4));
    System.arraycopy("PAR1".getBytes(), 0, cut, cut.length - 4, 4);
    Files.write(c, cut);
    assertThatThrownBy(() -> ParquetFile.open(c))
        .isInstanceOf(ParquetException.class)
        .hasMessageStartingWith(c + ": damaged parquet footer");
  }

  /**
   * One flipped bit inside a stored value (uncompressed, so nothing else notices) is refused by the
   * page checksum, naming file and column; before pages carried a CRC-32 the reader returned 2.0
   * for 3.0 without a word.
   */
  @Test
  void aFlippedBitInAValueFailsThePageChecksum() throws Exception {
    Path f = tmp.resolve("v.parquet");
    new ParquetWriter(3, Codec.UNCOMPRESSED).float32("reward", new float[] {1f, 3f, -7f}).write(f);
    byte[] b = Files.readAllBytes(f);
    byte[] three =
        java.nio.ByteBuffer.allocate(4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putFloat(3f)
            .array();
    int at = -1;
    for (int i = 4; i + 4 <= b.length && at < 0; i++) {
      if (java.util.Arrays.equals(b, i, i + 4, three, 0, 4)) {
        at = i;
      }
    }
    assertThat(at).as("3.0f stored as is").isPositive();
    b[at + 2] ^= (byte) 0x40; // 3.0f (0x40400000) becomes 2.0f (0x40000000)
    Path d = tmp.resolve("flipped.parquet");
    Files.write(d, b);
    assertThatThrownBy(() -> ParquetFile.open(d).column("reward").floats())
        .isInstanceOf(ParquetException.class)
        .hasMessageStartingWith(d + ": column 'reward': damaged data: page at byte ")
        .hasMessageEndingWith("fails its checksum (CRC-32 in the page header)")
        .hasMessageNotContaining("\n");
    assertThat(ParquetFile.open(f).column("reward").floats()).containsExactly(1f, 3f, -7f);
  }
}
