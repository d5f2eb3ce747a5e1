package io.github.tttvideo.simd;

import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.Random;

/** Random scan inputs and weights for the kernel comparisons. */
final class ScanInputs {

  private ScanInputs() {}

  /** Random inputs; every eta row equal (the video layer's structure) or a full random matrix. */
  static TttScanInput random(Random rnd, int bsz, int h, int nc, int kk, int d,
      boolean equalRows, double etaScale) {
    int tokens = bsz * h * nc * kk;
    float[] eta = new float[tokens * kk];
    for (int s = 0; s < bsz * h * nc; s++) {
      float[] row = new float[kk];
      for (int j = 0; j < kk; j++) {
        row[j] = (float) (rnd.nextDouble() * etaScale);
      }
      for (int i = 0; i < kk; i++) {
        for (int j = 0; j < kk; j++) {
          eta[(s * kk + i) * kk + j] = equalRows ? row[j] : (float) (rnd.nextDouble() * etaScale);
        }
      }
    }
    float[] lnW = new float[h * d];
    float[] lnB = new float[h * d];
    for (int i = 0; i < lnW.length; i++) {
      lnW[i] = (float) (1 + 0.2 * rnd.nextGaussian());
      lnB[i] = (float) (0.1 * rnd.nextGaussian());
    }
    return new TttScanInput(bsz, h, nc, kk, d, unitRows(rnd, tokens, d), unitRows(rnd, tokens, d),
        gauss(rnd, tokens * d, 1.0), eta, lnW, lnB);
  }

  static TttConfig config(TttVariant v, int h, int d, int kk, boolean causal) {
    return new TttConfig(v, h, d, kk, 1.0, 1e-6, 1e-6, causal, false, 10000.0);
  }

  /** Initial weights with N(0, std) matrices and N(0, std) biases. */
  static InnerWeights weights(Random rnd, TttVariant v, int h, int d, double std) {
    InnerWeights w = InnerWeights.zeros(v, h, d);
    fill(rnd, w.w1(), std);
    fill(rnd, w.b1(), std);
    if (w.w2() != null) {
      fill(rnd, w.w2(), std);
      fill(rnd, w.b2(), std);
    }
    return w;
  }

  static float[] gauss(Random rnd, int n, double std) {
    float[] a = new float[n];
    fill(rnd, a, std);
    return a;
  }

  private static void fill(Random rnd, float[] a, double std) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rnd.nextGaussian() * std);
    }
  }

  private static float[] unitRows(Random rnd, int rows, int d) {
    float[] a = gauss(rnd, rows * d, 1.0);
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += (double) a[r * d + c] * a[r * d + c];
      }
      double inv = 1.0 / Math.max(Math.sqrt(s), 1e-12);
      for (int c = 0; c < d; c++) {
        a[r * d + c] = (float) (a[r * d + c] * inv);
      }
    }
    return a;
  }
}
