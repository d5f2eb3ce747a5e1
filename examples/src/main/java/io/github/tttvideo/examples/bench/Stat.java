package io.github.tttvideo.examples.bench;

import java.util.Locale;

/**
 * Mean and spread of one quantity over stories.
 *
 * @param mean the mean of the finite values (NaN if none)
 * @param std the sample standard deviation (n - 1 in the denominator; NaN for fewer than 2)
 * @param n how many finite values
 */
record Stat(double mean, double std, int n) {
  /** No value. */
  static final Stat NONE = new Stat(Double.NaN, Double.NaN, 0);

  /**
   * {@return the mean and sample standard deviation of the finite values; NaN values (a story
   * that gives nothing to measure) are left out}
   *
   * @param values the values
   */
  static Stat of(double... values) {
    int n = 0;
    double sum = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        n++;
        sum += v;
      }
    }
    if (n == 0) {
      return NONE;
    }
    double mean = sum / n;
    if (n == 1) {
      return new Stat(mean, Double.NaN, 1);
    }
    double ss = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        ss += (v - mean) * (v - mean);
      }
    }
    return new Stat(mean, Math.sqrt(ss / (n - 1)), n);
  }

  /** {@return the standard error of the mean, std / sqrt(n)} */
  double standardError() {
    return std / Math.sqrt(n);
  }

  /**
   * {@return "mean ± std" with the given decimals, values multiplied by {@code scale}; "n/a" for
   * no value, the mean alone for one}
   *
   * @param scale 100 for shares shown in percent, 1 otherwise
   * @param decimals digits after the point
   */
  String format(double scale, int decimals) {
    if (n == 0) {
      return "n/a";
    }
    String m = String.format(Locale.ROOT, "%." + decimals + "f", scale * mean);
    if (n == 1) {
      return m;
    }
    return m + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", scale * std);
  }
}
