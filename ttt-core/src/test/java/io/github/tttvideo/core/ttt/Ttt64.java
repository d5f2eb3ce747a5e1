package io.github.tttvideo.core.ttt;

import java.util.Random;

/**
 * A float64 reference of the inner model, its loss and its weight gradient, for one head.
 *
 * <p>Weights are one flat array: {@code w1 [d, F]}, then {@code b1 [F]}, then (MLP) {@code w2 [F,
 * d]} and {@code b2 [d]}. Uses the double overloads of {@link TttMath}.
 */
final class Ttt64 {

  final boolean mlp;
  final int d;
  final int f;
  final double[] lnW;
  final double[] lnB;
  final double eps;

  Ttt64(boolean mlp, int d, double[] lnW, double[] lnB, double eps) {
    this.mlp = mlp;
    this.d = d;
    this.f = mlp ? 4 * d : d;
    this.lnW = lnW;
    this.lnB = lnB;
    this.eps = eps;
  }

  int size() {
    return d * f + f + (mlp ? f * d + d : 0);
  }

  int b1Off() {
    return d * f;
  }

  int w2Off() {
    return d * f + f;
  }

  int b2Off() {
    return d * f + f + f * d;
  }

  /** g(x; W): [d] -> [d]; z1 receives the first layer pre-activation when not null. */
  double[] predict(double[] w, double[] x, double[] z1Out) {
    double[] z1 = new double[f];
    for (int c = 0; c < f; c++) {
      double s = w[b1Off() + c];
      for (int p = 0; p < d; p++) {
        s += x[p] * w[p * f + c];
      }
      z1[c] = s;
    }
    if (z1Out != null) {
      System.arraycopy(z1, 0, z1Out, 0, f);
    }
    if (!mlp) {
      return z1;
    }
    double[] z = new double[d];
    for (int c = 0; c < d; c++) {
      double s = w[b2Off() + c];
      for (int p = 0; p < f; p++) {
        s += TttMath.geluTanh(z1[p]) * w[w2Off() + p * d + c];
      }
      z[c] = s;
    }
    return z;
  }

  /** f(x) = x + LN(g(x; W)). */
  double[] output(double[] w, double[] x) {
    double[] z = predict(w, x, null);
    double[] y = new double[d];
    TttMath.layerNorm(z, 0, d, lnW, 0, lnB, eps, y, 0);
    for (int c = 0; c < d; c++) {
      y[c] += x[c];
    }
    return y;
  }

  /** l = 0.5 ||LN(g(k; W)) - (v - k)||^2. */
  double loss(double[] w, double[] k, double[] v) {
    double[] z = predict(w, k, null);
    double[] y = new double[d];
    TttMath.layerNorm(z, 0, d, lnW, 0, lnB, eps, y, 0);
    double l = 0;
    for (int c = 0; c < d; c++) {
      double r = y[c] - (v[c] - k[c]);
      l += 0.5 * r * r;
    }
    return l;
  }

  /** dl/dW, same layout as W. */
  double[] gradient(double[] w, double[] k, double[] v) {
    double[] z1 = new double[f];
    double[] z = predict(w, k, z1);
    double[] t = new double[d];
    for (int c = 0; c < d; c++) {
      t[c] = v[c] - k[c];
    }
    double[] gz = new double[d];
    TttMath.layerNormL2Backward(z, 0, t, 0, d, lnW, lnB, 0, eps, gz, 0);
    double[] g = new double[size()];
    double[] g1 = gz;
    if (mlp) {
      for (int p = 0; p < f; p++) {
        double x2 = TttMath.geluTanh(z1[p]);
        for (int c = 0; c < d; c++) {
          g[w2Off() + p * d + c] = x2 * gz[c];
        }
      }
      System.arraycopy(gz, 0, g, b2Off(), d);
      g1 = new double[f];
      for (int p = 0; p < f; p++) {
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += w[w2Off() + p * d + c] * gz[c];
        }
        g1[p] = s * TttMath.geluTanhBackward(z1[p]);
      }
    }
    for (int p = 0; p < d; p++) {
      for (int c = 0; c < f; c++) {
        g[p * f + c] = k[p] * g1[c];
      }
    }
    System.arraycopy(g1, 0, g, b1Off(), f);
    return g;
  }

  /** One slot of InnerWeights as a flat double array. */
  double[] fromWeights(InnerWeights iw, int slot) {
    double[] w = new double[size()];
    for (int i = 0; i < d * f; i++) {
      w[i] = iw.w1()[slot * d * f + i];
    }
    for (int i = 0; i < f; i++) {
      w[b1Off() + i] = iw.b1()[slot * f + i];
    }
    if (mlp) {
      for (int i = 0; i < f * d; i++) {
        w[w2Off() + i] = iw.w2()[slot * f * d + i];
      }
      for (int i = 0; i < d; i++) {
        w[b2Off() + i] = iw.b2()[slot * d + i];
      }
    }
    return w;
  }

  static double[] toDouble(float[] a, int off, int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = a[off + i];
    }
    return r;
  }

  static float[] randomFloats(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * scale);
    }
    return a;
  }

  /** Random L2-normalised rows of width d. */
  static float[] unitRows(Random rnd, int rows, int d) {
    float[] a = randomFloats(rnd, rows * d, 1.0);
    for (int r = 0; r < rows; r++) {
      TttMath.l2Normalize(a, r * d, d, 1e-12);
    }
    return a;
  }

  /** Random initial weights with a visible scale (N(0, 0.3)) and random biases. */
  static InnerWeights randomWeights(Random rnd, TttVariant v, int slots, int d) {
    InnerWeights w = InnerWeights.zeros(v, slots, d);
    fill(w.w1(), rnd, 0.3);
    fill(w.b1(), rnd, 0.1);
    if (w.w2() != null) {
      fill(w.w2(), rnd, 0.3);
      fill(w.b2(), rnd, 0.1);
    }
    return w;
  }

  private static void fill(float[] a, Random rnd, double s) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rnd.nextGaussian() * s);
    }
  }
}
