package io.github.tttvideo.tck.internal;

import java.util.Random;

/** Random inputs and error measures of the kit. */
public final class KitArrays {

  private KitArrays() {}

  /**
   * Seeded Gaussian values.
   *
   * @param n count
   * @param seed seed
   * @param scale standard deviation
   * @return the values
   */
  public static float[] gaussian(int n, long seed, double scale) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  /**
   * max |x - ref| / max |ref|, over the whole array: an error relative to the output's scale, so
   * that values near zero do not dominate.
   *
   * @param x values
   * @param ref reference values
   * @return the relative error; infinite where a value is not finite or the lengths differ
   */
  public static double relativeError(float[] x, float[] ref) {
    if (x == null || x.length != ref.length) {
      return Double.POSITIVE_INFINITY;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        return Double.POSITIVE_INFINITY;
      }
      num = Math.max(num, Math.abs((double) x[i] - ref[i]));
      den = Math.max(den, Math.abs(ref[i]));
    }
    return den == 0 ? num : num / den;
  }

  /**
   * max |a - b|.
   *
   * @param a values
   * @param b values
   * @return the largest absolute difference; infinite where the lengths differ or a value is NaN
   */
  public static double maxAbsDifference(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs((double) a[i] - b[i]);
      if (Double.isNaN(d)) {
        return Double.POSITIVE_INFINITY;
      }
      m = Math.max(m, d);
    }
    return m;
  }
}
