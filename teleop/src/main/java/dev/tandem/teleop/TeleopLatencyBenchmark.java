package dev.tandem.teleop;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.GamepadAxis;
import dev.tandem.teleop.device.GamepadButton;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.GamepadDevice;
import dev.tandem.teleop.device.LatestState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Input-to-action latency of the teleop path: from the moment a new input state is published (what
 * the viewer's GLFW poller does when a stick moves) to the moment the {@link
 * OperatorEvent.CommandIssued} carrying it is emitted for a control tick, at 20 Hz and 100 Hz.
 *
 * <p>A gamepad device (GLFW standard mapping, default config) is fed synthetic states from an
 * injector thread at random phases relative to the tick grid (seeded), with the deadman held; a
 * {@link FixedRateTicker} ticks a {@link TeleopSession}. Because input is sampled once per tick,
 * the latency is the wait for the next tick (uniform over one period: median about half a tick, p99
 * about one tick) plus the processing time; the target is at most one control tick. The viewer's
 * joystick polling (500 Hz by default) adds up to 2 ms more; key events arrive without polling
 * delay.
 *
 * <p>Figures: {@code input_to_action_ms_p50_20hz}, {@code input_to_action_ms_p99_20hz}, {@code
 * input_to_action_ms_max_20hz}, {@code within_one_tick_fraction_20hz}, {@code
 * tick_to_emit_us_p50_20hz}, {@code tick_to_emit_us_p99_20hz} (processing: tick to event), {@code
 * tick_interval_ms_p99_20hz} and {@code tick_interval_ms_max_20hz} (the ticker's own jitter, which
 * a busy machine adds to the latency), and the same for 100 Hz.
 */
public final class TeleopLatencyBenchmark {
  private TeleopLatencyBenchmark() {}

  /** {@code inputsPerRate} input changes at each rate, phases drawn from {@code seed}. */
  public static Map<String, Object> run(int inputsPerRate, long seed) {
    if (inputsPerRate < 2) {
      throw new IllegalArgumentException("need at least 2 inputs per rate, found " + inputsPerRate);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("device", "gamepad (synthetic states, GLFW standard mapping, default config)");
    out.put("inputs_per_rate", inputsPerRate);
    out.put("seed", seed);
    for (int rateHz : new int[] {20, 100}) {
      measure(rateHz, inputsPerRate, new Random(seed + rateHz), out);
    }
    return out;
  }

  public static Map<String, Object> run() {
    return run(200, 1);
  }

  private static void measure(int rateHz, int inputs, Random random, Map<String, Object> out) {
    ActionSpec spec =
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy", "dz", "gripper"),
            new double[] {-1, -1, -1, -1},
            new double[] {1, 1, 1, 1});
    LatestState<ControllerState> input = new LatestState<>();
    GamepadDevice pad = new GamepadDevice(GamepadConfig.defaults(), spec, input);
    Probe probe = new Probe(inputs);
    TeleopSession session = new TeleopSession(List.of(pad), probe);
    long period = Math.round(1e9 / rateHz);
    float[] axes = new float[GamepadAxis.values().length];
    axes[GamepadAxis.LEFT_TRIGGER.ordinal()] = -1;
    axes[GamepadAxis.RIGHT_TRIGGER.ordinal()] = -1;
    boolean[] buttons = new boolean[GamepadButton.values().length];
    ControllerState[] last = {
      ControllerState.sample("bench", axes, buttons, null, System.nanoTime())
    };
    input.publish(last[0]);
    Thread keepAlive =
        new Thread(
            () -> {
              // republish like the viewer's poller does, so the input never goes stale
              while (!Thread.currentThread().isInterrupted()) {
                synchronized (last) {
                  last[0] =
                      ControllerState.sample(
                          "bench", last[0].axes(), buttons, last[0], System.nanoTime());
                  input.publish(last[0]);
                }
                LockSupport.parkNanos(2_000_000L);
              }
            },
            "bench-poller");
    keepAlive.setDaemon(true);
    keepAlive.start();
    try (FixedRateTicker ticker =
        FixedRateTicker.start(rateHz, probe.tickRecorder(session), "bench-ticker")) {
      sleepNanos(3 * period); // connected with the deadman released, then held throughout
      synchronized (last) {
        buttons[GamepadButton.LEFT_BUMPER.ordinal()] = true;
        last[0] =
            ControllerState.sample("bench", last[0].axes(), buttons, last[0], System.nanoTime());
        input.publish(last[0]);
      }
      sleepNanos(3 * period);
      for (int i = 0; i < inputs; i++) {
        // wait 1.5..2.5 periods: every input is seen before the next, at a random tick phase
        sleepNanos((long) ((1.5 + random.nextDouble()) * period));
        float stick = -(0.2f + 0.7f * ((i % 7) + 1) / 8f); // forward, a new level each time
        synchronized (last) {
          float[] a = last[0].axes();
          a[GamepadAxis.LEFT_Y.ordinal()] = stick;
          long now = System.nanoTime();
          probe.expect(i, now);
          last[0] = ControllerState.sample("bench", a, buttons, last[0], now);
          input.publish(last[0]);
        }
      }
      sleepNanos(3 * period);
    } finally {
      keepAlive.interrupt();
    }
    String suffix = "_" + rateHz + "hz";
    double[] latencyMs = probe.latenciesMs();
    double[] emitUs = probe.tickToEmitUs();
    out.put("tick_period_ms" + suffix, period / 1e6);
    out.put("inputs_seen" + suffix, latencyMs.length);
    out.put("input_to_action_ms_p50" + suffix, round(percentile(latencyMs, 50)));
    out.put("input_to_action_ms_p99" + suffix, round(percentile(latencyMs, 99)));
    out.put("input_to_action_ms_max" + suffix, round(percentile(latencyMs, 100)));
    long within = Arrays.stream(latencyMs).filter(ms -> ms <= period / 1e6).count();
    out.put(
        "within_one_tick_fraction" + suffix,
        round(latencyMs.length == 0 ? 0 : (double) within / latencyMs.length));
    out.put("tick_to_emit_us_p50" + suffix, round(percentile(emitUs, 50)));
    out.put("tick_to_emit_us_p99" + suffix, round(percentile(emitUs, 99)));
    double[] intervals = probe.tickIntervalsMs();
    out.put("tick_interval_ms_p99" + suffix, round(percentile(intervals, 99)));
    out.put("tick_interval_ms_max" + suffix, round(percentile(intervals, 100)));
  }

  /** Listens for the command that first carries each new input. */
  private static final class Probe implements OperatorListener {
    private final double[] latencyMs;
    private final List<Double> tickToEmitUs = new ArrayList<>();
    private final List<Double> tickIntervalsMs = new ArrayList<>();
    private volatile long inputNanos;
    private volatile int inputIndex = -1;
    private int answered = -1;
    private int count;
    private float lastDx = Float.NaN;
    private volatile long tickStamp;

    Probe(int inputs) {
      latencyMs = new double[inputs];
    }

    void expect(int index, long nanos) {
      inputNanos = nanos;
      inputIndex = index;
    }

    java.util.function.LongConsumer tickRecorder(TeleopSession session) {
      return stamp -> {
        long previous = tickStamp;
        tickStamp = stamp;
        if (previous != 0) {
          synchronized (this) {
            tickIntervalsMs.add((stamp - previous) / 1e6);
          }
        }
        session.tick(stamp);
      };
    }

    synchronized double[] tickIntervalsMs() {
      return tickIntervalsMs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public synchronized void onEvent(OperatorEvent e) {
      if (!(e instanceof OperatorEvent.CommandIssued c)) {
        return;
      }
      long now = System.nanoTime();
      tickToEmitUs.add((now - tickStamp) / 1e3);
      float dx = c.action().get(0);
      int index = inputIndex;
      if (dx != lastDx && index > answered && index >= 0) {
        latencyMs[count++] = (now - inputNanos) / 1e6;
        answered = index;
      }
      lastDx = dx;
    }

    synchronized double[] latenciesMs() {
      return Arrays.copyOf(latencyMs, count);
    }

    synchronized double[] tickToEmitUs() {
      return tickToEmitUs.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  private static double round(double v) {
    if (!Double.isFinite(v)) {
      return v;
    }
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static void sleepNanos(long nanos) {
    long end = System.nanoTime() + nanos;
    long remaining;
    while ((remaining = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }

  public static void main(String[] args) {
    int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Map<String, Object> r = run(inputs, seed);
    StringBuilder sb = new StringBuilder("{");
    r.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append('"').append(k).append("\": ");
          sb.append(v instanceof String s ? "\"" + s + "\"" : String.format(Locale.ROOT, "%s", v));
        });
    System.out.println(sb.append('}'));
  }
}
