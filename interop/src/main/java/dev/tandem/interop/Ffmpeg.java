package dev.tandem.interop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs (Debian's {@code ffmpeg} package) as
 * subprocesses: RGB frames piped in and encoded as an MP4 file, an MP4 file decoded back to RGB
 * frames. Tandem links no video codec; {@code TANDEM_FFMPEG} names another {@code ffmpeg} (its
 * {@code ffprobe} is looked for beside it). A missing program is a one-line error that says how to
 * get it.
 */
public final class Ffmpeg {
  /** The environment variable naming the ffmpeg executable. */
  public static final String ENV = "TANDEM_FFMPEG";

  /** LeRobot's default codec (SVT-AV1), and the one used where this ffmpeg lacks it. */
  public static final String AV1 = "libsvtav1";

  public static final String H264 = "libx264";

  private final String ffmpeg;
  private final String ffprobe;
  private volatile Set<String> encoders; // ffmpeg -encoders' names, once asked

  public Ffmpeg(String executable) {
    this.ffmpeg = executable;
    Path p = Path.of(executable);
    this.ffprobe = p.getParent() == null ? "ffprobe" : p.resolveSibling("ffprobe").toString();
  }

  /** {@code $TANDEM_FFMPEG}, else {@code ffmpeg} on the PATH. */
  public static Ffmpeg locate() {
    String env = System.getenv(ENV);
    return new Ffmpeg(env == null || env.isBlank() ? "ffmpeg" : env);
  }

  public String executable() {
    return ffmpeg;
  }

  /** Runs {@code ffmpeg -version}; a one-line error when it cannot be run. */
  public String version() {
    String out = run(List.of(ffmpeg, "-hide_banner", "-version"), "video features");
    return out.lines().findFirst().orElse("ffmpeg");
  }

  /** Whether this ffmpeg has the encoder {@code codec} ({@code ffmpeg -encoders}, asked once). */
  public boolean hasEncoder(String codec) {
    Set<String> known = encoders;
    if (known == null) {
      String out = run(List.of(ffmpeg, "-hide_banner", "-encoders"), "video features");
      known =
          out.lines()
              .map(l -> l.trim().split("\\s+"))
              .filter(f -> f.length > 1)
              .map(f -> f[1])
              .collect(Collectors.toUnmodifiableSet());
      encoders = known;
    }
    return known.contains(codec);
  }

  /** An encoder and the pixel format it writes. */
  public record Codec(String encoder, String pixelFormat) {}

  /**
   * What LeRobot would use for {@code width}×{@code height} frames where this ffmpeg allows:
   * SVT-AV1 in {@code yuv420p}; H.264 where SVT-AV1 is missing or cannot take the size (it needs at
   * least 64×64 and even sides); {@code yuv444p} where a side is odd (4:2:0 halves both sides).
   */
  public Codec codecFor(String encoder, int width, int height) {
    boolean even = width % 2 == 0 && height % 2 == 0;
    if (encoder == null) {
      encoder = even && width >= 64 && height >= 64 && hasEncoder(AV1) ? AV1 : H264;
    }
    return new Codec(encoder, even ? "yuv420p" : "yuv444p");
  }

  /** Width, height, frame count and frame rate of an MP4's first video stream. */
  public record Probe(int width, int height, long frames, double fps) {}

  public Probe probe(Path mp4) {
    String out =
        run(
            List.of(
                ffprobe,
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-count_packets",
                "-show_entries",
                "stream=width,height,nb_read_packets,avg_frame_rate",
                "-of",
                "csv=p=0",
                mp4.toString()),
            "reading " + mp4);
    String[] f = out.trim().split(",");
    if (f.length < 4) {
      throw new IllegalArgumentException(
          mp4 + ": no video stream (ffprobe said '" + out.trim() + "')");
    }
    String[] rate = f[2].split("/");
    double fps =
        rate.length == 2 && Double.parseDouble(rate[1]) != 0
            ? Double.parseDouble(rate[0]) / Double.parseDouble(rate[1])
            : Double.NaN;
    return new Probe(
        Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[3].trim()), fps);
  }

  /**
   * An encoder writing {@code mp4}: {@code width}×{@code height} RGB frames at {@code fps}, as
   * LeRobot encodes (a key frame every 2 frames, so any frame decodes quickly).
   */
  public Encoder encoder(Path mp4, int width, int height, double fps, Codec codec)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
    cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height));
    cmd.addAll(List.of("-framerate", String.format(Locale.ROOT, "%s", fps), "-i", "pipe:0"));
    cmd.addAll(List.of("-c:v", codec.encoder(), "-pix_fmt", codec.pixelFormat(), "-g", "2"));
    if (codec.encoder().equals(AV1)) {
      cmd.addAll(List.of("-crf", "30", "-preset", "12")); // LeRobot's settings
    } else if (codec.encoder().equals(H264)) {
      cmd.addAll(List.of("-crf", "18", "-preset", "fast"));
    }
    cmd.add(mp4.toString());
    Path log = mp4.resolveSibling(mp4.getFileName() + ".log");
    Process p = start(new ProcessBuilder(cmd).redirectError(log.toFile()), "video features");
    return new Encoder(p, mp4, log, width * height * 3);
  }

  /** A decoder of {@code mp4} giving {@code width}×{@code height} RGB frames in order. */
  public Decoder decoder(Path mp4, int width, int height) throws IOException {
    List<String> cmd =
        List.of(
            ffmpeg,
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-i",
            mp4.toString(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "pipe:1");
    Path log = Files.createTempFile("tandem-ffmpeg", ".log");
    Process p = start(new ProcessBuilder(cmd).redirectError(log.toFile()), "reading " + mp4);
    return new Decoder(p, mp4, log, width * height * 3);
  }

  /** Frames in, an MP4 file out. */
  public static final class Encoder implements AutoCloseable {
    private final Process process;
    private final Path mp4;
    private final Path log;
    private final int frameBytes;
    private final OutputStream in;
    private long frames;
    private boolean closed;

    private Encoder(Process process, Path mp4, Path log, int frameBytes) {
      this.process = process;
      this.mp4 = mp4;
      this.log = log;
      this.frameBytes = frameBytes;
      this.in = process.getOutputStream();
    }

    public void write(byte[] rgb) throws IOException {
      if (rgb.length != frameBytes) {
        throw new IllegalArgumentException(
            mp4 + ": frame " + frames + " has " + rgb.length + " bytes, expected " + frameBytes);
      }
      try {
        in.write(rgb);
      } catch (IOException e) {
        throw failure("stopped taking frames at frame " + frames);
      }
      frames++;
    }

    public long frames() {
      return frames;
    }

    /** Bytes written to the file so far (the file grows while encoding). */
    public long bytesSoFar() throws IOException {
      return Files.exists(mp4) ? Files.size(mp4) : 0;
    }

    /** Ends the stream and waits for ffmpeg; its complaint, if any, is the exception's message. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        in.close();
      } catch (IOException e) {
        // a failure shows as the exit status below
      }
      int rc = waitFor(process);
      if (rc != 0) {
        throw failure("exited with status " + rc);
      }
      Files.deleteIfExists(log);
    }

    /** Stops ffmpeg without waiting for the file to be finished (the caller removes it). */
    public void abort() {
      closed = true;
      kill(process, log);
    }

    private IOException failure(String what) throws IOException {
      process.destroyForcibly();
      waitFor(process);
      return new IOException(mp4 + ": ffmpeg " + what + said(log));
    }
  }

  /** An MP4 file in, frames out. */
  public static final class Decoder implements AutoCloseable {
    private final Process process;
    private final Path mp4;
    private final Path log;
    private final int frameBytes;
    private final DataInputStream out;
    private long position;

    private Decoder(Process process, Path mp4, Path log, int frameBytes) {
      this.process = process;
      this.mp4 = mp4;
      this.log = log;
      this.frameBytes = frameBytes;
      this.out =
          new DataInputStream(new java.io.BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /** The index of the frame {@link #next()} returns. */
    public long position() {
      return position;
    }

    /** The next frame, or null after the last one. */
    public byte[] next() throws IOException {
      byte[] frame = new byte[frameBytes];
      try {
        out.readFully(frame);
      } catch (EOFException e) {
        int rc = waitFor(process);
        if (rc != 0) {
          throw new IOException(
              mp4 + ": ffmpeg could not decode it (status " + rc + ")" + said(log));
        }
        return null;
      }
      position++;
      return frame;
    }

    @Override
    public void close() {
      kill(process, log);
    }
  }

  /** Stops {@code p} now and removes its log. */
  private static void kill(Process p, Path log) {
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a log left behind (in the export's partial directory, or a temporary file)
    }
  }

  /** ": " and the last lines ffmpeg wrote to {@code log}, or "" when it wrote none. */
  private static String said(Path log) throws IOException {
    String last = Files.exists(log) ? lastLines(Files.readString(log)) : "";
    return last.isEmpty() ? "" : ": " + last;
  }

  private Process start(ProcessBuilder pb, String forWhat) throws IOException {
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IllegalArgumentException(missing(pb.command().get(0), forWhat), e);
    }
  }

  private static String missing(String program, String forWhat) {
    return "cannot run '"
        + program
        + "' for "
        + forWhat
        + ": install Debian's ffmpeg (apt-get install ffmpeg) or name it in "
        + ENV;
  }

  /** Runs a short command and returns its standard output. */
  private String run(List<String> cmd, String forWhat) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalArgumentException(missing(cmd.get(0), forWhat), e);
    }
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      int rc = waitFor(p);
      String out = b.toString(StandardCharsets.UTF_8);
      if (rc != 0) {
        throw new IllegalArgumentException(
            String.join(" ", cmd.subList(0, 1)) + " failed for " + forWhat + ": " + lastLines(out));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int waitFor(Process p) throws IOException {
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg did not finish within 5 minutes");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for ffmpeg", e);
    }
  }

  private static String lastLines(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }
}
