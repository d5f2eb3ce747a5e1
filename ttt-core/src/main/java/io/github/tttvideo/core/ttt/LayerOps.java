package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/** Token-wise helpers shared by the TTT layers (projections, checks). */
final class LayerOps {

  private LayerOps() {}

  /**
   * PyTorch {@code nn.Linear}: {@code y = x W^T + b} for every row, W stored [out, in].
   *
   * @param x [rows, in]
   * @param w [out, in]
   * @param bias [out] or null
   * @return [rows, out]
   */
  static float[] dense(float[] x, int rows, int in, float[] w, float[] bias, int out) {
    float[] y = new float[rows * out];
    // [rows, in] x [in, out] with W^T: transpose once so the inner loop is contiguous
    float[] wt = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        wt[i * out + o] = w[o * in + i];
      }
    }
    float[] acc = new float[out];
    for (int r = 0; r < rows; r++) {
      if (bias != null) {
        System.arraycopy(bias, 0, acc, 0, out);
      } else {
        java.util.Arrays.fill(acc, 0f);
      }
      for (int i = 0; i < in; i++) {
        float xv = x[r * in + i];
        int wo = i * out;
        for (int o = 0; o < out; o++) {
          acc[o] += xv * wt[wo + o];
        }
      }
      System.arraycopy(acc, 0, y, r * out, out);
    }
    return y;
  }

  /** LayerNorm of every row of width n (in place). */
  static void layerNormRows(float[] x, int rows, int n, float[] gamma, float[] beta, double eps) {
    for (int r = 0; r < rows; r++) {
      TttMath.layerNorm(x, r * n, n, gamma, 0, beta, eps, x, r * n);
    }
  }

  /** Throws if any value is NaN or infinite, naming the first position. */
  static void checkFinite(String what, float[] x, int rows, int width) {
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new InvalidInputException(
            what + " contains " + (Float.isNaN(x[i]) ? "NaN" : "an infinite value")
                + " at token " + (i / width) % Math.max(rows, 1) + ", channel " + i % width
                + " (flat index " + i + ")");
      }
    }
  }

  static void checkLength(String name, float[] a, long expected) {
    if (a == null || a.length != expected) {
      throw new InvalidInputException(
          name + " must have " + expected + " elements, got " + (a == null ? "null" : a.length));
    }
  }
}
