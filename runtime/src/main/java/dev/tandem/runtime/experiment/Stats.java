package dev.tandem.runtime.experiment;

import java.util.List;

/** Mean and sample standard deviation of a list of figures. */
public record Stats(double mean, double std, int n) {
  public static Stats of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      return new Stats(Double.NaN, Double.NaN, 0);
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
  }

  public String format(String pattern) {
    return String.format(pattern, mean) + (n > 1 ? " ± " + String.format(pattern, std) : "");
  }
}
