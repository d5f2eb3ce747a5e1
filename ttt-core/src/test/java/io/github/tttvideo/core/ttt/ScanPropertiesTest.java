package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the TTT scan (reference section 11), over random shapes and values. */
class ScanPropertiesTest {

  static final double TOL = 1e-4;

  /** Random scan inputs; rows: every eta row equal (video structure), else a full matrix. */
  static TttScanInput randomInput(Random rnd, int bsz, int h, int nc, int kk, int d,
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
    return new TttScanInput(bsz, h, nc, kk, d, Ttt64.unitRows(rnd, tokens, d),
        Ttt64.unitRows(rnd, tokens, d), Ttt64.randomFloats(rnd, tokens * d, 1.0), eta, lnW, lnB);
  }

  static TttConfig config(boolean mlp, int h, int d, int kk, boolean causal) {
    return new TttConfig(mlp ? TttVariant.MLP : TttVariant.LINEAR, h, d, kk, 1.0, 1e-6, 1e-6,
        causal, false, 10000.0);
  }

  static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      assertTrue(err <= TOL * (1 + Math.abs(expected[i])),
          what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
    }
  }

  static void assertWeightsClose(InnerWeights expected, InnerWeights actual) {
    assertClose("W1", expected.w1(), actual.w1());
    assertClose("b1", expected.b1(), actual.b1());
    if (expected.w2() != null) {
      assertClose("W2", expected.w2(), actual.w2());
      assertClose("b2", expected.b2(), actual.b2());
    }
  }

  @Property(tries = 25)
  void dualFormEqualsPrimalForm(
      @ForAll long seed,
      @ForAll boolean mlp,
      @ForAll boolean causal,
      @ForAll boolean equalRows,
      @ForAll @IntRange(min = 1, max = 6) int kk,
      @ForAll @IntRange(min = 1, max = 3) int nc,
      @ForAll @IntRange(min = 1, max = 2) int bsz) {
    Random rnd = new Random(seed);
    int h = 2;
    int d = 4 + 2 * rnd.nextInt(3);
    TttConfig cfg = config(mlp, h, d, kk, causal);
    TttScanInput in = randomInput(rnd, bsz, h, nc, kk, d, equalRows, 0.5);
    InnerWeights w0 = Ttt64.randomWeights(rnd, cfg.variant(), h, d);
    float[] out = new float[bsz * nc * kk * h * d];
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), bsz * h, d);
    new JavaTttKernel(2).scan(cfg, in, w0, out, fin);
    PrimalScan.Result ref = PrimalScan.run(cfg, in, w0);
    assertClose("out", ref.out(), out);
    assertWeightsClose(ref.finalState(), fin);
  }

  @Property(tries = 20)
  void miniBatchOfOneIsOnlineGradientDescent(
      @ForAll long seed, @ForAll boolean mlp, @ForAll @IntRange(min = 1, max = 6) int len) {
    Random rnd = new Random(seed);
    int d = 4;
    TttConfig cfg = config(mlp, 1, d, 1, false);
    TttScanInput in = randomInput(rnd, 1, 1, len, 1, d, true, 0.5);
    InnerWeights w0 = Ttt64.randomWeights(rnd, cfg.variant(), 1, d);
    float[] out = new float[len * d];
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), 1, d);
    new JavaTttKernel(1).scan(cfg, in, w0, out, fin);

    Ttt64 m = new Ttt64(mlp, d, Ttt64.toDouble(in.lnWeight(), 0, d),
        Ttt64.toDouble(in.lnBias(), 0, d), cfg.innerLnEps());
    double[] w = m.fromWeights(w0, 0);
    for (int t = 0; t < len; t++) {
      double[] k = Ttt64.toDouble(in.xk(), t * d, d);
      double[] v = Ttt64.toDouble(in.xv(), t * d, d);
      double[] g = m.gradient(w, k, v);
      double lr = in.eta()[t];
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
      double[] y = m.output(w, Ttt64.toDouble(in.xq(), t * d, d));
      for (int c = 0; c < d; c++) {
        double err = Math.abs(out[t * d + c] - y[c]);
        assertTrue(err <= TOL * (1 + Math.abs(y[c])), "token " + t + " lane " + c + ": " + err);
      }
    }
    double[] wf = m.fromWeights(fin, 0);
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(wf[i] - w[i]) <= TOL * (1 + Math.abs(w[i])), "final weight " + i);
    }
  }

  @Property(tries = 15)
  void zeroEtaLeavesWeightsUnchanged(
      @ForAll long seed, @ForAll boolean mlp, @ForAll boolean causal,
      @ForAll @IntRange(min = 1, max = 5) int kk, @ForAll @IntRange(min = 1, max = 3) int nc) {
    Random rnd = new Random(seed);
    int d = 8;
    int h = 2;
    TttConfig cfg = config(mlp, h, d, kk, causal);
    TttScanInput in = randomInput(rnd, 1, h, nc, kk, d, true, 0.0);
    InnerWeights w0 = Ttt64.randomWeights(rnd, cfg.variant(), h, d);
    float[] out = new float[nc * kk * h * d];
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), h, d);
    new JavaTttKernel(2).scan(cfg, in, w0, out, fin);
    assertArrayEquals(w0.w1(), fin.w1());
    assertArrayEquals(w0.b1(), fin.b1());
    if (mlp) {
      assertArrayEquals(w0.w2(), fin.w2());
      assertArrayEquals(w0.b2(), fin.b2());
    }
    for (int hh = 0; hh < h; hh++) {
      Ttt64 m = new Ttt64(mlp, d, Ttt64.toDouble(in.lnWeight(), hh * d, d),
          Ttt64.toDouble(in.lnBias(), hh * d, d), cfg.innerLnEps());
      double[] w = m.fromWeights(w0, hh);
      for (int l = 0; l < nc * kk; l++) {
        double[] y = m.output(w, Ttt64.toDouble(in.xq(), (hh * nc * kk + l) * d, d));
        for (int c = 0; c < d; c++) {
          float got = out[(l * h + hh) * d + c];
          assertTrue(Math.abs(got - y[c]) <= TOL * (1 + Math.abs(y[c])), "output " + l);
        }
      }
    }
  }

  @Property(tries = 15)
  void smallEtaDecreasesTheMiniBatchLoss(
      @ForAll long seed, @ForAll boolean mlp, @ForAll @IntRange(min = 1, max = 8) int kk) {
    Random rnd = new Random(seed);
    int d = 8;
    Ttt64 m = new Ttt64(mlp, d, ones(d), new double[d], 1e-6);
    double[] w = m.fromWeights(Ttt64.randomWeights(rnd, m.mlp ? TttVariant.MLP
        : TttVariant.LINEAR, 1, d), 0);
    double[][] k = new double[kk][];
    double[][] v = new double[kk][];
    double[] e = new double[kk];
    for (int j = 0; j < kk; j++) {
      k[j] = Ttt64.toDouble(Ttt64.unitRows(rnd, 1, d), 0, d);
      v[j] = Ttt64.toDouble(Ttt64.randomFloats(rnd, d, 1.0), 0, d);
      e[j] = 1e-3 * (0.5 + rnd.nextDouble());
    }
    double before = 0;
    double[] step = new double[w.length];
    for (int j = 0; j < kk; j++) {
      before += e[j] * m.loss(w, k[j], v[j]);
      double[] g = m.gradient(w, k[j], v[j]);
      for (int i = 0; i < w.length; i++) {
        step[i] -= e[j] * g[i];
      }
    }
    double[] w1 = w.clone();
    for (int i = 0; i < w.length; i++) {
      w1[i] += step[i];
    }
    double after = 0;
    for (int j = 0; j < kk; j++) {
      after += e[j] * m.loss(w1, k[j], v[j]);
    }
    assertTrue(after < before, "loss did not decrease: " + before + " -> " + after);
  }

  @Property(tries = 15)
  void permutingTokensInsideAMiniBatchPermutesTheOutputs(
      @ForAll long seed, @ForAll boolean mlp, @ForAll @IntRange(min = 2, max = 6) int kk) {
    Random rnd = new Random(seed);
    int d = 8;
    int h = 1;
    TttConfig cfg = config(mlp, h, d, kk, false);
    TttScanInput in = randomInput(rnd, 1, h, 1, kk, d, true, 0.5);
    int[] perm = shuffled(rnd, kk);
    float[] q = new float[kk * d];
    float[] k = new float[kk * d];
    float[] v = new float[kk * d];
    float[] eta = new float[kk * kk];
    for (int i = 0; i < kk; i++) {
      System.arraycopy(in.xq(), perm[i] * d, q, i * d, d);
      System.arraycopy(in.xk(), perm[i] * d, k, i * d, d);
      System.arraycopy(in.xv(), perm[i] * d, v, i * d, d);
      for (int j = 0; j < kk; j++) {
        eta[i * kk + j] = in.eta()[perm[i] * kk + perm[j]];
      }
    }
    TttScanInput permuted = new TttScanInput(1, h, 1, kk, d, q, k, v, eta, in.lnWeight(),
        in.lnBias());
    InnerWeights w0 = Ttt64.randomWeights(rnd, cfg.variant(), h, d);
    JavaTttKernel kernel = new JavaTttKernel(1);
    float[] out = new float[kk * d];
    float[] outP = new float[kk * d];
    InnerWeights fin = InnerWeights.zeros(cfg.variant(), h, d);
    InnerWeights finP = InnerWeights.zeros(cfg.variant(), h, d);
    kernel.scan(cfg, in, w0, out, fin);
    kernel.scan(cfg, permuted, w0, outP, finP);
    float[] expected = new float[kk * d];
    for (int i = 0; i < kk; i++) {
      System.arraycopy(out, perm[i] * d, expected, i * d, d);
    }
    assertClose("permuted outputs", expected, outP);
    assertWeightsClose(fin, finP);
  }

  static int[] shuffled(Random rnd, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1.0);
    return a;
  }
}
