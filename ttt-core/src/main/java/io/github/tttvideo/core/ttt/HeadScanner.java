package io.github.tttvideo.core.ttt;

import java.util.Arrays;

/**
 * The dual-form scan of one (batch, head) sequence, with all work buffers allocated once.
 *
 * <p>Per mini-batch (reference 2.7): gradients G at the incoming weights, outputs with the Attn
 * terms {@code Zbar = Q W + b - (E ⊙ (Q K^T + 1)) G} (the {@code + 1} folds in the bias term
 * {@code - E G}), the weights carried with the last row of E. Causal: tril on {@code E ⊙ (..)}.
 * Not thread-safe: one instance per thread.
 */
final class HeadScanner {

  private final boolean mlp;
  private final int kk;
  private final int d;
  private final int f;

  private final float[][] q;
  private final float[][] k;
  private final float[][] t;
  private final float[][] kT;
  private final float[][] e;
  private final float[][] a;
  private final float[][] w1;
  private final float[] b1;
  private final float[][] w2;
  private final float[] b2;
  private final float[][] w2T;
  private final float[][] z1;
  private final float[][] x2;
  private final float[][] x2T;
  private final float[][] z2;
  private final float[][] g1;
  private final float[][] g2;
  private final float[][] zb1;
  private final float[][] xb2;
  private final float[][] zb2;
  private final float[] lnRow;

  HeadScanner(TttVariant variant, int miniBatch, int headDim) {
    mlp = variant == TttVariant.MLP;
    kk = miniBatch;
    d = headDim;
    f = mlp ? 4 * headDim : headDim;
    q = new float[kk][d];
    k = new float[kk][d];
    t = new float[kk][d];
    kT = new float[d][kk];
    e = new float[kk][kk];
    a = new float[kk][kk];
    w1 = new float[d][f];
    b1 = new float[f];
    z1 = new float[kk][f];
    g1 = new float[kk][f];
    zb1 = new float[kk][f];
    lnRow = new float[d];
    if (mlp) {
      w2 = new float[f][d];
      b2 = new float[d];
      w2T = new float[d][f];
      x2 = new float[kk][f];
      x2T = new float[f][kk];
      z2 = new float[kk][d];
      g2 = new float[kk][d];
      xb2 = new float[kk][f];
      zb2 = new float[kk][d];
    } else {
      w2 = null;
      b2 = null;
      w2T = null;
      x2 = null;
      x2T = null;
      z2 = null;
      g2 = null;
      xb2 = null;
      zb2 = null;
    }
  }

  /** Scans sequence (b, h) of the input; writes its outputs and (optionally) final weights. */
  void run(
      TttConfig cfg, TttScanInput in, int b, int h, InnerWeights init, float[] out,
      InnerWeights fin) {
    final int heads = in.heads();
    final int nc = in.chunks();
    final int len = in.length();
    final int slot = b * heads + h;
    final boolean causal = cfg.causal();
    final double eps = cfg.innerLnEps();
    final float[] lnW = Arrays.copyOfRange(in.lnWeight(), h * d, (h + 1) * d);
    final float[] lnB = Arrays.copyOfRange(in.lnBias(), h * d, (h + 1) * d);

    Rows.load(init.w1(), h * d * f, w1, d, f);
    System.arraycopy(init.b1(), h * f, b1, 0, f);
    if (mlp) {
      Rows.load(init.w2(), h * f * d, w2, f, d);
      System.arraycopy(init.b2(), h * d, b2, 0, d);
    }

    for (int n = 0; n < nc; n++) {
      int tokBase = (slot * nc + n) * kk * d;
      Rows.load(in.xq(), tokBase, q, kk, d);
      Rows.load(in.xk(), tokBase, k, kk, d);
      Rows.load(in.xv(), tokBase, t, kk, d);
      for (int i = 0; i < kk; i++) {
        float[] ti = t[i];
        float[] ki = k[i];
        for (int c = 0; c < d; c++) {
          ti[c] -= ki[c]; // reconstruction target v - k
        }
      }
      Rows.load(in.eta(), (slot * nc + n) * kk * kk, e, kk, kk);
      Rows.transpose(k, kT, kk, d); // [K, d] -> [d, K]

      // gradients at the incoming weights
      Rows.fillRows(z1, b1, kk, f);
      Rows.mulAdd(k, w1, z1, kk, d, f); // Z1 = K W1 + b1: [K, d] x [d, F]
      if (mlp) {
        for (int i = 0; i < kk; i++) {
          TttMath.geluTanh(z1[i], x2[i], f);
        }
        Rows.fillRows(z2, b2, kk, d);
        Rows.mulAdd(x2, w2, z2, kk, f, d); // Z2 = X2 W2 + b2: [K, F] x [F, d]
        for (int i = 0; i < kk; i++) {
          TttMath.layerNormL2Backward(z2[i], 0, t[i], 0, d, lnW, lnB, 0, eps, g2[i], 0);
        }
        Rows.transpose(w2, w2T, f, d); // [F, d] -> [d, F]
        Rows.mul(g2, w2T, g1, kk, d, f); // G2 W2^T: [K, d] x [d, F]
        for (int i = 0; i < kk; i++) {
          TttMath.mulGeluTanhBackward(g1[i], z1[i], f);
        }
      } else {
        for (int i = 0; i < kk; i++) {
          TttMath.layerNormL2Backward(z1[i], 0, t[i], 0, d, lnW, lnB, 0, eps, g1[i], 0);
        }
      }

      // outputs with the updated weights, dual form
      Rows.mul(q, kT, a, kk, d, kk); // A1 = Q K^T: [K, d] x [d, K]
      attnWeights(causal);
      Rows.fillRows(zb1, b1, kk, f);
      Rows.mulAdd(q, w1, zb1, kk, d, f); // Q W1 + b1: [K, d] x [d, F]
      Rows.mulAdd(a, g1, zb1, kk, kk, f); // - (E ⊙ (A1 + 1)) G1: [K, K] x [K, F]
      float[][] zbar;
      if (mlp) {
        for (int i = 0; i < kk; i++) {
          TttMath.geluTanh(zb1[i], xb2[i], f);
        }
        Rows.transpose(x2, x2T, kk, f); // [K, F] -> [F, K]
        Rows.mul(xb2, x2T, a, kk, f, kk); // A2 = X2bar X2^T: [K, F] x [F, K]
        attnWeights(causal);
        Rows.fillRows(zb2, b2, kk, d);
        Rows.mulAdd(xb2, w2, zb2, kk, f, d); // X2bar W2 + b2: [K, F] x [F, d]
        Rows.mulAdd(a, g2, zb2, kk, kk, d); // - (E ⊙ (A2 + 1)) G2: [K, K] x [K, d]
        zbar = zb2;
      } else {
        zbar = zb1;
      }
      for (int i = 0; i < kk; i++) {
        TttMath.layerNorm(zbar[i], 0, d, lnW, 0, lnB, eps, lnRow, 0);
        int o = ((b * len + n * kk + i) * heads + h) * d;
        float[] qi = q[i];
        for (int c = 0; c < d; c++) {
          out[o + c] = qi[c] + lnRow[c];
        }
      }

      // carry: W <- W - sum_j e_j x_j^T G_j with e = last row of E
      float[] last = e[kk - 1];
      scaleRows(g1, last, kk, f);
      Rows.mulAdd(kT, g1, w1, d, kk, f); // K^T (-e ⊙ G1): [d, K] x [K, F]
      addColumnSums(g1, b1, kk, f);
      if (mlp) {
        scaleRows(g2, last, kk, d);
        Rows.mulAdd(x2T, g2, w2, f, kk, d); // X2^T (-e ⊙ G2): [F, K] x [K, d]
        addColumnSums(g2, b2, kk, d);
      }
    }

    if (fin != null) {
      Rows.store(w1, fin.w1(), slot * d * f, d, f);
      System.arraycopy(b1, 0, fin.b1(), slot * f, f);
      if (mlp) {
        Rows.store(w2, fin.w2(), slot * f * d, f, d);
        System.arraycopy(b2, 0, fin.b2(), slot * d, d);
      }
    }
  }

  /** a <- -(E ⊙ (a + 1)), zero above the diagonal when causal. */
  private void attnWeights(boolean causal) {
    for (int i = 0; i < kk; i++) {
      float[] ai = a[i];
      float[] ei = e[i];
      for (int j = 0; j < kk; j++) {
        ai[j] = (causal && j > i) ? 0f : -ei[j] * (ai[j] + 1f);
      }
    }
  }

  /** rows[j] <- -rate[j] * rows[j]. */
  private static void scaleRows(float[][] rows, float[] rate, int m, int n) {
    for (int j = 0; j < m; j++) {
      float s = -rate[j];
      float[] r = rows[j];
      for (int c = 0; c < n; c++) {
        r[c] *= s;
      }
    }
  }

  /** acc += sum over rows. */
  private static void addColumnSums(float[][] rows, float[] acc, int m, int n) {
    for (int j = 0; j < m; j++) {
      float[] r = rows[j];
      for (int c = 0; c < n; c++) {
        acc[c] += r[c];
      }
    }
  }
}
