package io.github.tttvideo.core.ttt;

import java.util.Arrays;

/**
 * The mini-batch scan of one (batch, head) sequence, with all work buffers allocated once.
 *
 * <p>Per mini-batch: gradients G at the incoming weights; the weights carried with the last row of
 * E; outputs either in the dual form of reference 2.7, {@code Zbar = Q W + b - (E ⊙ (Q K^T + 1))
 * G} (the {@code + 1} folds in the bias term {@code - E G}; causal: tril on {@code E ⊙ (..)}), or,
 * when every row of E is the same (the video layer's clean rule), in the equivalent and cheaper
 * primal form {@code Zbar = Q W' + b'} with the updated weights.
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
  private final float[][] dg1;
  private final float[][] x2;
  private final float[][] x2T;
  private final float[][] z2;
  private final float[][] g1;
  private final float[][] g2;
  private final float[][] zb1;
  private final float[][] xb2;
  private final float[][] zb2;
  private final float[] lnRow;
  private final float[] statBuf = new float[2];

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
      dg1 = new float[kk][f];
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
      dg1 = null;
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
          TttMath.geluTanhWithDerivative(z1[i], x2[i], dg1[i], f);
        }
        Rows.fillRows(z2, b2, kk, d);
        Rows.mulAdd(x2, w2, z2, kk, f, d); // Z2 = X2 W2 + b2: [K, F] x [F, d]
        for (int i = 0; i < kk; i++) {
          lnL2BackwardRow(z2[i], t[i], lnW, lnB, eps, g2[i]);
        }
        Rows.transpose(w2, w2T, f, d); // [F, d] -> [d, F]
        Rows.mul(g2, w2T, g1, kk, d, f); // G2 W2^T: [K, d] x [d, F]
        for (int i = 0; i < kk; i++) {
          float[] gi = g1[i];
          float[] di = dg1[i];
          for (int c = 0; c < f; c++) {
            gi[c] *= di[c]; // G1 = (G2 W2^T) ⊙ gelu'(Z1)
          }
        }
        Rows.transpose(x2, x2T, kk, f); // [K, F] -> [F, K]
      } else {
        for (int i = 0; i < kk; i++) {
          lnL2BackwardRow(z1[i], t[i], lnW, lnB, eps, g1[i]);
        }
      }

      // With equal eta rows (the video layer) every token reads out with the same updated
      // weights, so the primal form q W' + b' is exact and skips the K x K Attn products.
      boolean primal = !causal && rowsEqual();
      float[][] zbar = mlp ? zb2 : zb1;
      if (!primal) {
        dualOutputs(causal);
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

      if (primal) {
        Rows.fillRows(zb1, b1, kk, f);
        Rows.mulAdd(q, w1, zb1, kk, d, f); // Q W1' + b1': [K, d] x [d, F]
        if (mlp) {
          for (int i = 0; i < kk; i++) {
            TttMath.geluTanh(zb1[i], xb2[i], f);
          }
          Rows.fillRows(zb2, b2, kk, d);
          Rows.mulAdd(xb2, w2, zb2, kk, f, d); // X2bar W2' + b2': [K, F] x [F, d]
        }
      }
      for (int i = 0; i < kk; i++) {
        lnRow(zbar[i], lnW, lnB, eps, lnRow);
        int o = ((b * len + n * kk + i) * heads + h) * d;
        float[] qi = q[i];
        for (int c = 0; c < d; c++) {
          out[o + c] = qi[c] + lnRow[c];
        }
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

  /**
   * Dual form with the incoming weights (reference 2.7): {@code Zbar = Q W + b - (E ⊙ (Q K^T +
   * 1)) G} per layer, tril when causal. Must run before the weights are updated.
   */
  private void dualOutputs(boolean causal) {
    Rows.mul(q, kT, a, kk, d, kk); // A1 = Q K^T: [K, d] x [d, K]
    attnWeights(causal);
    Rows.fillRows(zb1, b1, kk, f);
    Rows.mulAdd(q, w1, zb1, kk, d, f); // Q W1 + b1: [K, d] x [d, F]
    Rows.mulAdd(a, g1, zb1, kk, kk, f); // - (E ⊙ (A1 + 1)) G1: [K, K] x [K, F]
    if (mlp) {
      for (int i = 0; i < kk; i++) {
        TttMath.geluTanh(zb1[i], xb2[i], f);
      }
      Rows.mul(xb2, x2T, a, kk, f, kk); // A2 = X2bar X2^T: [K, F] x [F, K]
      attnWeights(causal);
      Rows.fillRows(zb2, b2, kk, d);
      Rows.mulAdd(xb2, w2, zb2, kk, f, d); // X2bar W2 + b2: [K, F] x [F, d]
      Rows.mulAdd(a, g2, zb2, kk, kk, d); // - (E ⊙ (A2 + 1)) G2: [K, K] x [K, d]
    }
  }

  /**
   * Mean and 1/sqrt(biased var + eps) of x[0..d), with four partial sums to shorten the
   * dependency chains (the loops are too short to vectorise well).
   */
  private float[] stats(float[] x, double eps) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int c = 0;
    for (; c + 4 <= d; c += 4) {
      s0 += x[c];
      s1 += x[c + 1];
      s2 += x[c + 2];
      s3 += x[c + 3];
    }
    for (; c < d; c++) {
      s0 += x[c];
    }
    float mean = (s0 + s1 + s2 + s3) / d;
    s0 = 0f;
    s1 = 0f;
    s2 = 0f;
    s3 = 0f;
    c = 0;
    for (; c + 4 <= d; c += 4) {
      float u0 = x[c] - mean;
      float u1 = x[c + 1] - mean;
      float u2 = x[c + 2] - mean;
      float u3 = x[c + 3] - mean;
      s0 += u0 * u0;
      s1 += u1 * u1;
      s2 += u2 * u2;
      s3 += u3 * u3;
    }
    for (; c < d; c++) {
      float u = x[c] - mean;
      s0 += u * u;
    }
    double var = (double) (s0 + s1 + s2 + s3) / d;
    statBuf[0] = mean;
    statBuf[1] = (float) (1.0 / Math.sqrt(var + eps));
    return statBuf;
  }

  /** out = LN(x) * gamma + beta over d lanes (same formula as {@link TttMath#layerNorm}). */
  private void lnRow(float[] x, float[] gamma, float[] beta, double eps, float[] out) {
    float[] st = stats(x, eps);
    float mean = st[0];
    float inv = st[1];
    for (int c = 0; c < d; c++) {
      out[c] = (x[c] - mean) * inv * gamma[c] + beta[c];
    }
  }

  /** The fused LN + L2 gradient of {@link TttMath#layerNormL2Backward}, float, d lanes. */
  private void lnL2BackwardRow(float[] x, float[] t, float[] gamma, float[] beta, double eps,
      float[] grad) {
    float[] st = stats(x, eps);
    float mean = st[0];
    float inv = st[1];
    float[] xh = lnRow;
    for (int c = 0; c < d; c++) {
      float h = (x[c] - mean) * inv;
      xh[c] = h;
      grad[c] = (gamma[c] * h + beta[c] - t[c]) * gamma[c]; // gxh
    }
    float s0 = 0f;
    float s1 = 0f;
    float p0 = 0f;
    float p1 = 0f;
    int c = 0;
    for (; c + 2 <= d; c += 2) {
      s0 += grad[c];
      s1 += grad[c + 1];
      p0 += grad[c] * xh[c];
      p1 += grad[c + 1] * xh[c + 1];
    }
    for (; c < d; c++) {
      s0 += grad[c];
      p0 += grad[c] * xh[c];
    }
    float sumG = s0 + s1;
    float sumGx = p0 + p1;
    float scale = inv / d;
    for (c = 0; c < d; c++) {
      grad[c] = (d * grad[c] - sumG - xh[c] * sumGx) * scale;
    }
  }

  /** True when every row of E equals the last one. */
  private boolean rowsEqual() {
    float[] last = e[kk - 1];
    for (int i = 0; i < kk - 1; i++) {
      if (!Arrays.equals(e[i], 0, kk, last, 0, kk)) {
        return false;
      }
    }
    return true;
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
