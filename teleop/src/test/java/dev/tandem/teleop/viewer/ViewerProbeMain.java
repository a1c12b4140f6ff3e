package dev.tandem.teleop.viewer;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.render.RenderUnavailableException;
import dev.tandem.teleop.FixedRateTicker;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.Specs;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.TeleopSession;
import dev.tandem.teleop.device.KeyboardConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM under Xvfb: opens the viewer with the keyboard device, ticks a session at 20
 * Hz with a stand-in arbiter (the banner follows takeover and release), injects keys with xdotool,
 * saves screenshots and prints what happened, one fact per line, for {@link ViewerXvfbTest}.
 */
public final class ViewerProbeMain {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final String TITLE = "Tandem viewer probe";

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    List<OperatorEvent> events = Collections.synchronizedList(new ArrayList<>());
    List<Long> ticks = Collections.synchronizedList(new ArrayList<>());
    Viewer viewer;
    try {
      ViewerConfig config =
          new ViewerConfig(TITLE, WIDTH, HEIGHT, 60.0, null, null, null, null, null, true);
      viewer = Viewer.open(config, events::add);
    } catch (RenderUnavailableException e) {
      System.out.println("error " + e.getMessage());
      return;
    }
    try (viewer) {
      // a shared 2-core test machine can stall the viewer's thread for over 0.5 s (the default
      // stale limit); allow 3 s so a busy machine does not read as a lost keyboard here
      KeyboardConfig keys = new KeyboardConfig(null, 3.0, null, null, null, null);
      TeleopDevice keyboard = viewer.connect(keys, Specs.eeDelta4());
      java.nio.file.Files.deleteIfExists(out.resolve("saved-view.properties"));
      viewer.rememberViewIn(out.resolve("saved-view.properties"));
      double[] ee = {0.45, 0.0, 0.25};
      double[] policy = {0.6, -0.3, 0.0};
      viewer.show(DemoScene.at(ee, new double[] {0.5, 0.1, 0.02}, new double[] {0.4, -0.15, 0.2}));
      viewer.update(
          ViewerStatus.initial()
              .withMode(ControlMode.AUTONOMOUS)
              .withProgress(3, 2, 0, "v7@1a2b3c4d")
              .withMotion(ee, policy, policy));
      // the stand-in arbiter: the mode and the applied arrow follow the operator's events
      TeleopSession session =
          new TeleopSession(
              List.of(keyboard),
              e -> {
                events.add(e);
                viewer.note(e);
                if (e instanceof OperatorEvent.TakeoverStarted) {
                  viewer.update(s -> s.withMode(ControlMode.HUMAN));
                } else if (e instanceof OperatorEvent.Released) {
                  viewer.update(
                      s -> s.withMode(ControlMode.AUTONOMOUS).withMotion(ee, policy, policy));
                } else if (e instanceof OperatorEvent.CommandIssued c) {
                  double[] applied = {c.action().get(0), c.action().get(1), c.action().get(2)};
                  viewer.update(s -> s.withMotion(ee, policy, applied));
                }
              });
      try (FixedRateTicker ticker =
          FixedRateTicker.start(
              20,
              stamp -> {
                ticks.add(stamp);
                session.tick(stamp);
              },
              "probe-ticker")) {
        waitFrames(viewer, 3);
        ImageFrame autonomous = shot(viewer, out.resolve("viewer-autonomous.png"));

        String window = xdotool("search", "--sync", "--name", TITLE).trim().split("\n")[0];
        xdotool("windowfocus", "--sync", window);
        Thread.sleep(200);
        xdotool("keydown", "Control_L");
        Thread.sleep(300);
        xdotool("keydown", "Up");
        Thread.sleep(400);
        xdotool("keyup", "Up");
        xdotool("keydown", "Left");
        Thread.sleep(300);
        ImageFrame human = shot(viewer, out.resolve("viewer-human.png"));
        xdotool("keyup", "Left");
        Thread.sleep(200);
        xdotool("keyup", "Control_L");
        Thread.sleep(400);
        ImageFrame back = shot(viewer, out.resolve("viewer-autonomous-again.png"));

        xdotool("type", "--delay", "15", "a bit more to the left");
        Thread.sleep(200);
        System.out.println("typed_line " + viewer.typedText());
        ImageFrame typing = shot(viewer, out.resolve("viewer-typing.png"));
        xdotool("key", "Return");
        Thread.sleep(300);
        viewer.update(
            s ->
                s.withCorrection(
                    "a bit more to the left",
                    "left 1.5 cm (camera)",
                    ViewerStatus.CorrectionReply.UNDERSTOOD));
        waitFrames(viewer, viewer.frames() + 2);
        shot(viewer, out.resolve("viewer-correction.png"));
        System.out.println("typed_line_after_enter [" + viewer.typedText() + "]");

        // the mouse: a left drag orbits, the wheel zooms, a right drag pans; F4 shows the top view
        OrbitView before = viewer.view();
        int[] centre = {WIDTH / 2, HEIGHT / 2};
        xdotool("mousemove", "--window", window, "" + centre[0], "" + centre[1]);
        xdotool("mousedown", "1");
        for (int i = 1; i <= 5; i++) {
          xdotool("mousemove", "--window", window, "" + (centre[0] + 20 * i), "" + centre[1]);
        }
        xdotool("mouseup", "1");
        Thread.sleep(200);
        OrbitView orbited = viewer.view();
        System.out.println("yaw_turned " + (orbited.yawDegrees() - before.yawDegrees()));
        xdotool("click", "4"); // wheel up: closer
        Thread.sleep(200);
        System.out.println("zoomed " + viewer.view().distanceMeters() / orbited.distanceMeters());
        xdotool("mousedown", "3");
        xdotool("mousemove", "--window", window, "" + (centre[0] + 50), "" + (centre[1] + 40));
        xdotool("mouseup", "3");
        Thread.sleep(200);
        System.out.println(
            "panned "
                + (viewer.view().yawDegrees() == orbited.yawDegrees())
                + " "
                + java.util.Arrays.toString(viewer.view().target()));
        ImageFrame moved = shot(viewer, out.resolve("viewer-moved.png"));
        System.out.println("moved_pixels " + differing(autonomous, moved));
        xdotool("key", "F4");
        Thread.sleep(200);
        System.out.println("preset " + viewer.view().preset() + " " + viewer.view().pitchDegrees());
        shot(viewer, out.resolve("viewer-top.png"));
        xdotool("key", "F1");
        Thread.sleep(300);
        System.out.println("help_open " + viewer.helpOpen());
        for (String line : viewer.helpLines()) {
          System.out.println("help " + line);
        }
        shot(viewer, out.resolve("viewer-help.png"));
        xdotool("key", "F1");
        Thread.sleep(200);
        System.out.println("help_after_second_f1 " + viewer.helpOpen());

        ImageFrame noWarning = shot(viewer, out.resolve("viewer-no-warning.png"));
        // the policy's camera: a 64x48 image, left half magenta, right half cyan; F8 hides it
        viewer.showCameras(Map.of("front", halves(64, 48)));
        viewer.update(
            s ->
                s.withJointWarning(
                    "panda_joint4: 0.10 rad to its lower limit", List.of("forearm")));
        waitFrames(viewer, viewer.frames() + 2);
        ImageFrame camera = shot(viewer, out.resolve("viewer-camera.png"));
        System.out.println("amber_pixels " + amberPixels(camera));
        System.out.println(
            "view_with_panel "
                + viewer.view().preset()
                + " "
                + java.util.Arrays.toString(viewer.view().target()));
        System.out.println("amber_pixels_before " + amberPixels(noWarning));
        int panel = CameraPanel.width(WIDTH);
        int panelLeft = WIDTH - 2 * OverlayLayout.textScale(HEIGHT) - panel;
        int imageTop = OverlayLayout.sceneTop(HEIGHT) + OverlayLayout.lineHeight(HEIGHT);
        int[] left = {panelLeft + panel / 4, imageTop + panel * 48 / 64 / 2};
        int[] right = {panelLeft + 3 * panel / 4, left[1]};
        System.out.println("camera_left " + rgb(camera, left));
        System.out.println("camera_right " + rgb(camera, right));
        xdotool("key", "F8");
        Thread.sleep(300);
        ImageFrame hidden = shot(viewer, out.resolve("viewer-camera-hidden.png"));
        System.out.println("hidden_left " + rgb(hidden, left));
        System.out.println(
            "view_without_panel "
                + viewer.view().preset()
                + " "
                + java.util.Arrays.toString(viewer.view().target()));
        System.out.println("hidden_right " + rgb(hidden, right));
        xdotool("key", "F8");
        Thread.sleep(300);
        System.out.println(
            "shown_again_left " + rgb(shot(viewer, out.resolve("viewer-camera-again.png")), left));
        System.out.println(
            "view_with_panel_again "
                + viewer.view().preset()
                + " "
                + java.util.Arrays.toString(viewer.view().target()));

        // an application's key action that blocks (a lock, a terminal pipe, a file) must not stop
        // the input polling: the keyboard would look lost after its staleAfterSeconds (0.5 s)
        viewer.onKeyPressed(
            dev.tandem.teleop.device.Key.F10,
            "",
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.out.println("blocking_action_done");
            });
        viewer.takeTiming();
        xdotool("key", "F10");
        Thread.sleep(1800);
        System.out.println(
            "input_gap_while_an_action_blocks " + viewer.takeTiming().longestInputGapMs());

        report("autonomous", autonomous);
        report("human", human);
        report("back", back);
        report("typing", typing);
      }
      synchronized (events) {
        for (OperatorEvent e : events) {
          System.out.println("event " + describe(e, ticks));
        }
      }
      System.out.println("frames " + viewer.frames());
    }
    System.out.println("open_after_close " + viewer.isOpen());
    // the last view (F4: top) was saved when the window closed; a new viewer opens with it
    System.out.println(
        "saved_view "
            + java.nio.file.Files.readString(out.resolve("saved-view.properties"))
                .replace('\n', ' '));
    try (Viewer again =
        Viewer.open(
            new ViewerConfig(TITLE + " 2", 320, 240, 30.0, null, null, null, null, null, false),
            e -> {})) {
      again.rememberViewIn(out.resolve("saved-view.properties"));
      System.out.println("restored " + again.view().preset() + " " + again.view().pitchDegrees());
    }
    System.out.println("done");
  }

  /** Pixels of the scene (below the top text) in the joint warning's amber, lit or shaded. */
  static int amberPixels(ImageFrame image) {
    int n = 0;
    for (int y = OverlayLayout.sceneTop(image.height()); y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int[] p = ImageFiles.rgb(image, x, y);
        // amber: red high, green well below red, blue low (not the orange-red applied arrow)
        if (p[0] > 120 && p[1] > 0.5 * p[0] && p[1] < 0.85 * p[0] && p[2] < 0.25 * p[0]) {
          n++;
        }
      }
    }
    return n;
  }

  /** A {@code w} x {@code h} RGB image: left half magenta, right half cyan. */
  static ImageFrame halves(int w, int h) {
    byte[] p = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        boolean left = x < w / 2;
        p[i] = (byte) (left ? 255 : 0);
        p[i + 1] = (byte) (left ? 0 : 255);
        p[i + 2] = (byte) 255;
      }
    }
    return new ImageFrame(h, w, 3, p);
  }

  static String rgb(ImageFrame image, int[] xy) {
    int[] p = ImageFiles.rgb(image, xy[0], xy[1]);
    return p[0] + " " + p[1] + " " + p[2];
  }

  static void report(String name, ImageFrame image) {
    int band = OverlayLayout.bannerHeight(image.height());
    int[] banner = ImageFiles.rgb(image, image.width() - 6, band / 2);
    int whiteInBanner = 0;
    for (int y = 0; y < band; y++) {
      for (int x = 0; x < image.width() / 2; x++) { // the mode's name; the readout is on the right
        int[] p = ImageFiles.rgb(image, x, y);
        if (p[0] > 240 && p[1] > 240 && p[2] > 240) {
          whiteInBanner++;
        }
      }
    }
    int orange = 0;
    int blue = 0;
    for (int y = band; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int[] p = ImageFiles.rgb(image, x, y);
        if (p[0] > 150 && p[1] > 60 && p[1] < 150 && p[2] < 40 && p[0] - p[1] > 60) {
          orange++;
        }
      }
    }
    System.out.println("size_" + name + " " + image.width() + " " + image.height());
    System.out.println("banner_" + name + " " + banner[0] + " " + banner[1] + " " + banner[2]);
    System.out.println("banner_white_" + name + " " + whiteInBanner);
    System.out.println("orange_" + name + " " + orange);
    System.out.println(
        "bottom_white_" + name + " " + white(image, image.height() - 120, image.height()));
  }

  /** Pixels that differ by more than 30 in some channel. */
  static int differing(ImageFrame a, ImageFrame b) {
    int n = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        int[] p = ImageFiles.rgb(a, x, y);
        int[] q = ImageFiles.rgb(b, x, y);
        if (Math.abs(p[0] - q[0]) > 30
            || Math.abs(p[1] - q[1]) > 30
            || Math.abs(p[2] - q[2]) > 30) {
          n++;
        }
      }
    }
    return n;
  }

  static int white(ImageFrame image, int y0, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < y1; y++) {
      for (int x = 0; x < image.width(); x++) {
        int[] p = ImageFiles.rgb(image, x, y);
        if (p[0] > 240 && p[1] > 240 && p[2] > 240) {
          n++;
        }
      }
    }
    return n;
  }

  static String describe(OperatorEvent e, List<Long> ticks) {
    int tick = ticks.indexOf(e.stampNanos());
    if (e instanceof OperatorEvent.TakeoverStarted t) {
      return "takeover " + tick + " " + t.claim();
    }
    if (e instanceof OperatorEvent.CommandIssued c) {
      float[] v = c.action().values();
      return "command " + tick + " " + v[0] + " " + v[1] + " " + v[2] + " " + v[3];
    }
    if (e instanceof OperatorEvent.Released r) {
      return "released " + tick + " " + r.reason();
    }
    if (e instanceof OperatorEvent.DeviceLost d) {
      return "lost " + tick + " " + d.device() + ": " + d.reason();
    }
    OperatorEvent.CorrectionTyped c = (OperatorEvent.CorrectionTyped) e;
    return "correction -1 " + c.text();
  }

  static ImageFrame shot(Viewer viewer, Path file) throws Exception {
    ImageFrame image = viewer.screenshot().get(10, TimeUnit.SECONDS);
    ImageFiles.writePng(image, file);
    System.out.println("png " + file.toAbsolutePath());
    return image;
  }

  static void waitFrames(Viewer viewer, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (viewer.frames() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  static String xdotool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("xdotool");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      System.out.println("xdotool_failed " + String.join(" ", args) + ": " + output.trim());
    }
    return output;
  }
}
