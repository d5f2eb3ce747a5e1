package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Hand-written gradients against central finite differences in float64. */
class GradientPropertiesTest {

  @Property(tries = 50)
  void geluBackwardMatchesFiniteDifferences(@ForAll @DoubleRange(min = -6, max = 6) double x) {
    double h = 1e-5;
    double fd = (TttMath.geluTanh(x + h) - TttMath.geluTanh(x - h)) / (2 * h);
    // the official derivative uses sqrt(2/pi) rounded to 0.79788456 (relative error ~1e-9)
    assertEquals(fd, TttMath.geluTanhBackward(x), 1e-7);
  }

  @Property(tries = 200)
  void fastFloatGeluMatchesTheDoubleFormulas(@ForAll @DoubleRange(min = -20, max = 20) double x) {
    float xf = (float) x;
    assertEquals(Math.tanh(xf), TttMath.tanhFast(xf), 4e-7);
    float[] y = new float[1];
    TttMath.geluTanh(new float[] {xf}, y, 1);
    assertEquals(TttMath.geluTanh((double) xf), y[0], 2e-6 * (1 + Math.abs(xf)));
    float[] g = {1f};
    TttMath.mulGeluTanhBackward(g, new float[] {xf}, 1);
    assertEquals(TttMath.geluTanhBackward((double) xf), g[0], 2e-6 * (1 + Math.abs(xf)));
    float[] dy = new float[1];
    TttMath.geluTanhWithDerivative(new float[] {xf}, y, dy, 1);
    assertEquals(TttMath.geluTanh((double) xf), y[0], 2e-6 * (1 + Math.abs(xf)));
    assertEquals(TttMath.geluTanhBackward((double) xf), dy[0], 2e-6 * (1 + Math.abs(xf)));
  }

  @Property(tries = 30)
  void layerNormL2BackwardMatchesFiniteDifferences(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 16) int n) {
    Random rnd = new Random(seed);
    double[] x = gauss(rnd, n, 1.0);
    double[] t = gauss(rnd, n, 1.0);
    double[] g = gauss(rnd, n, 1.0);
    double[] b = gauss(rnd, n, 0.3);
    double eps = 1e-6;
    double[] grad = new double[n];
    TttMath.layerNormL2Backward(x, 0, t, 0, n, g, b, 0, eps, grad, 0);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double h = 1e-6;
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[i] += h;
      xm[i] -= h;
      double fd = (lnLoss(xp, t, g, b, eps) - lnLoss(xm, t, g, b, eps)) / (2 * h);
      assertEquals(fd, grad[i], 1e-6 * (1 + Math.abs(fd)), "lane " + i);
      sum += grad[i];
    }
    assertEquals(0.0, sum, 1e-9, "LN gradient sums to 0 over lanes");
  }

  @Property(tries = 20)
  void innerWeightGradientMatchesFiniteDifferences(@ForAll long seed, @ForAll boolean mlp) {
    Random rnd = new Random(seed);
    int d = 4;
    Ttt64 m = new Ttt64(mlp, d, gaussAround1(rnd, d), gauss(rnd, d, 0.2), 1e-6);
    double[] w = m.fromWeights(Ttt64.randomWeights(rnd, mlp ? TttVariant.MLP
        : TttVariant.LINEAR, 1, d), 0);
    double[] k = Ttt64.toDouble(Ttt64.unitRows(rnd, 1, d), 0, d);
    double[] v = gauss(rnd, d, 1.0);
    double[] grad = m.gradient(w, k, v);
    for (int i = 0; i < w.length; i++) {
      double h = 1e-6;
      double[] wp = w.clone();
      double[] wm = w.clone();
      wp[i] += h;
      wm[i] -= h;
      double fd = (m.loss(wp, k, v) - m.loss(wm, k, v)) / (2 * h);
      assertEquals(fd, grad[i], 1e-6 * (1 + Math.abs(fd)), "weight " + i);
    }
  }

  @Property(tries = 15)
  void kernelUpdateIsTheWeightedGradientStep(
      @ForAll long seed, @ForAll boolean mlp, @ForAll @IntRange(min = 1, max = 6) int kk) {
    Random rnd = new Random(seed);
    int d = 4;
    TttConfig cfg = ScanPropertiesTest.config(mlp, 1, d, kk, false);
    TttScanInput in = ScanPropertiesTest.randomInput(rnd, 1, 1, 1, kk, d, true, 0.5);
    InnerWeights w0 = Ttt64.randomWeights(rnd, cfg.variant(), 1, d);
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), 1, d);
    new JavaTttKernel(1).scan(cfg, in, w0, new float[kk * d], fin);
    Ttt64 m = new Ttt64(mlp, d, Ttt64.toDouble(in.lnWeight(), 0, d),
        Ttt64.toDouble(in.lnBias(), 0, d), cfg.innerLnEps());
    double[] w = m.fromWeights(w0, 0);
    double[] expected = w.clone();
    // the float32 kernel's rounding error grows with the terms it sums, not with their (possibly
    // cancelling) total: bound it by the sum of the update's absolute contributions
    double[] magnitude = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      magnitude[i] = Math.abs(w[i]);
    }
    for (int j = 0; j < kk; j++) {
      double[] g = m.gradient(w, Ttt64.toDouble(in.xk(), j * d, d),
          Ttt64.toDouble(in.xv(), j * d, d));
      double e = in.eta()[(kk - 1) * kk + j];
      for (int i = 0; i < w.length; i++) {
        expected[i] -= e * g[i];
        magnitude[i] += Math.abs(e * g[i]);
      }
    }
    double[] got = m.fromWeights(fin, 0);
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(got[i] - expected[i]) <= 1e-5 * (1 + magnitude[i]),
          "weight " + i + ": expected " + expected[i] + ", got " + got[i] + " (terms summing to "
              + magnitude[i] + " in absolute value)");
    }
  }

  private static double lnLoss(double[] x, double[] t, double[] g, double[] b, double eps) {
    double[] y = new double[x.length];
    TttMath.layerNorm(x, 0, x.length, g, 0, b, eps, y, 0);
    double l = 0;
    for (int i = 0; i < x.length; i++) {
      l += 0.5 * (y[i] - t[i]) * (y[i] - t[i]);
    }
    return l;
  }

  static double[] gauss(Random rnd, int n, double s) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian() * s;
    }
    return a;
  }

  static double[] gaussAround1(Random rnd, int n) {
    double[] a = gauss(rnd, n, 0.2);
    for (int i = 0; i < n; i++) {
      a[i] += 1;
    }
    return a;
  }
}
