package io.github.tttvideo.simd;

import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.Arrays;

/**
 * The mini-batch scan of one (batch, head) sequence on the Vector API, all work buffers allocated
 * once (flat, row-major).
 *
 * <p>Same algorithm as ttt-core's {@code HeadScanner}: gradients G at the incoming weights; the
 * weights carried with the last row of E; outputs in the dual form of reference 2.7, {@code Zbar =
 * Q W + b - (E ⊙ (Q K^T + 1)) G} (causal: tril on the K x K factor), or, when every row of E is
 * the same and the scan is not causal, in the equivalent primal form {@code Zbar = Q W' + b'}.
 * Q, K and E are read in place from the input; transposed operands are read through strides or
 * packed transposed, never copied. Not thread-safe: one instance per thread.
 */
final class VectorHeadScanner {

  private final boolean mlp;
  private final int kk;
  private final int d;
  private final int f;
  private final VectorGemm gemm;

  private final float[] t;
  private final float[] a;
  private final float[] w1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;
  private final float[] z1;
  private final float[] x2;
  private final float[] dg1;
  private final float[] z2;
  private final float[] g1;
  private final float[] g2;
  private final float[] zb1;
  private final float[] xb2;
  private final float[] zb2;
  private final float[] xh;
  /** Packed W1 [d, F] and W2 [F, d], valid for the current weights. */
  private final float[] pw1;
  private final float[] pw2;
  /** Packed right operand of the other products. */
  private final float[] pTmp;

  VectorHeadScanner(TttVariant variant, int miniBatch, int headDim) {
    mlp = variant == TttVariant.MLP;
    kk = miniBatch;
    d = headDim;
    f = mlp ? 4 * headDim : headDim;
    t = new float[kk * d];
    a = new float[kk * kk];
    w1 = new float[d * f];
    b1 = new float[f];
    z1 = new float[kk * f];
    g1 = new float[kk * f];
    zb1 = new float[kk * f];
    xh = new float[d];
    pw1 = new float[d * VectorGemm.paddedCols(f)];
    int rows = Math.max(kk, Math.max(d, f));
    gemm = new VectorGemm(rows, rows);
    pTmp = new float[rows * VectorGemm.paddedCols(rows)];
    if (mlp) {
      w2 = new float[f * d];
      b2 = new float[d];
      x2 = new float[kk * f];
      dg1 = new float[kk * f];
      z2 = new float[kk * d];
      g2 = new float[kk * d];
      xb2 = new float[kk * f];
      zb2 = new float[kk * d];
      pw2 = new float[f * VectorGemm.paddedCols(d)];
    } else {
      w2 = null;
      b2 = null;
      x2 = null;
      dg1 = null;
      z2 = null;
      g2 = null;
      xb2 = null;
      zb2 = null;
      pw2 = null;
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
    final float[] lnW = in.lnWeight();
    final float[] lnB = in.lnBias();
    final int lnOff = h * d;
    final float[] xq = in.xq();
    final float[] xk = in.xk();
    final float[] xv = in.xv();
    final float[] eta = in.eta();

    System.arraycopy(init.w1(), h * d * f, w1, 0, d * f);
    System.arraycopy(init.b1(), h * f, b1, 0, f);
    VectorGemm.pack(w1, 0, f, 1, d, f, pw1);
    if (mlp) {
      System.arraycopy(init.w2(), h * f * d, w2, 0, f * d);
      System.arraycopy(init.b2(), h * d, b2, 0, d);
      VectorGemm.pack(w2, 0, d, 1, f, d, pw2);
    }

    for (int n = 0; n < nc; n++) {
      final int tok = (slot * nc + n) * kk * d;
      final int eOff = (slot * nc + n) * kk * kk;
      VectorMath.sub(xv, tok, xk, tok, t, 0, kk * d); // reconstruction target v - k

      // gradients at the incoming weights
      // Z1 = K W1 + b1: [K, d] x [d, F]
      gemm.gemm(kk, f, d, xk, tok, d, 1, pw1, z1, 0, f, b1, 0, 0);
      if (mlp) {
        VectorMath.geluWithDerivative(z1, 0, x2, 0, dg1, 0, kk * f);
        // Z2 = X2 W2 + b2: [K, F] x [F, d]
        gemm.gemm(kk, d, f, x2, 0, f, 1, pw2, z2, 0, d, b2, 0, 0);
        for (int i = 0; i < kk; i++) {
          VectorMath.layerNormL2Backward(
              z2, i * d, t, i * d, lnW, lnB, lnOff, eps, g2, i * d, xh, d);
        }
        VectorGemm.pack(w2, 0, 1, d, d, f, pTmp); // W2^T: [F, d] -> [d, F]
        gemm.gemm(kk, f, d, g2, 0, d, 1, pTmp, g1, 0, f, null, 0, 0); // G2 W2^T: [K, d] x [d, F]
        VectorMath.mulInPlace(g1, 0, dg1, 0, kk * f); // G1 = (G2 W2^T) ⊙ gelu'(Z1)
      } else {
        for (int i = 0; i < kk; i++) {
          VectorMath.layerNormL2Backward(
              z1, i * d, t, i * d, lnW, lnB, lnOff, eps, g1, i * d, xh, d);
        }
      }

      // With equal eta rows (the video layer) every token reads out with the same updated
      // weights, so the primal form q W' + b' is exact and skips the K x K products.
      boolean primal = !causal && rowsEqual(eta, eOff);
      if (!primal) {
        dualOutputs(xq, xk, tok, eta, eOff, causal);
      }

      // carry: W <- W - sum_j e_j x_j^T G_j with e = the last row of E
      int last = eOff + (kk - 1) * kk;
      for (int j = 0; j < kk; j++) {
        VectorMath.scale(g1, j * f, -eta[last + j], f);
      }
      VectorGemm.pack(g1, 0, f, 1, kk, f, pTmp);
      // K^T (-e ⊙ G1): [d, K] x [K, F]
      gemm.gemm(d, f, kk, xk, tok, 1, d, pTmp, w1, 0, f, w1, 0, f);
      addColumnSums(g1, b1, kk, f);
      VectorGemm.pack(w1, 0, f, 1, d, f, pw1);
      if (mlp) {
        for (int j = 0; j < kk; j++) {
          VectorMath.scale(g2, j * d, -eta[last + j], d);
        }
        VectorGemm.pack(g2, 0, d, 1, kk, d, pTmp);
        // X2^T (-e ⊙ G2): [F, K] x [K, d]
        gemm.gemm(f, d, kk, x2, 0, 1, f, pTmp, w2, 0, d, w2, 0, d);
        addColumnSums(g2, b2, kk, d);
        VectorGemm.pack(w2, 0, d, 1, f, d, pw2);
      }

      if (primal) {
        // Q W1' + b1': [K, d] x [d, F]
        gemm.gemm(kk, f, d, xq, tok, d, 1, pw1, zb1, 0, f, b1, 0, 0);
        if (mlp) {
          VectorMath.gelu(zb1, 0, xb2, 0, kk * f);
          // X2bar W2' + b2': [K, F] x [F, d]
          gemm.gemm(kk, d, f, xb2, 0, f, 1, pw2, zb2, 0, d, b2, 0, 0);
        }
      }
      float[] zbar = mlp ? zb2 : zb1;
      for (int i = 0; i < kk; i++) {
        int o = ((b * len + n * kk + i) * heads + h) * d;
        VectorMath.layerNormAdd(zbar, i * d, lnW, lnB, lnOff, eps, xq, tok + i * d, out, o, d);
      }
    }

    if (fin != null) {
      System.arraycopy(w1, 0, fin.w1(), slot * d * f, d * f);
      System.arraycopy(b1, 0, fin.b1(), slot * f, f);
      if (mlp) {
        System.arraycopy(w2, 0, fin.w2(), slot * f * d, f * d);
        System.arraycopy(b2, 0, fin.b2(), slot * d, d);
      }
    }
  }

  /**
   * Dual form with the incoming weights (reference 2.7): {@code Zbar = Q W + b - (E ⊙ (Q K^T +
   * 1)) G} per layer, tril when causal. Must run before the weights are updated (pw1, pw2 still
   * hold the incoming weights).
   */
  private void dualOutputs(float[] xq, float[] xk, int tok, float[] eta, int eOff,
      boolean causal) {
    VectorGemm.pack(xk, tok, 1, d, d, kk, pTmp); // K^T: [K, d] -> [d, K]
    gemm.gemm(kk, kk, d, xq, tok, d, 1, pTmp, a, 0, kk, null, 0, 0); // A1 = Q K^T: [K, d] x [d, K]
    attnWeights(eta, eOff, causal);
    gemm.gemm(kk, f, d, xq, tok, d, 1, pw1, zb1, 0, f, b1, 0, 0); // Q W1 + b1: [K, d] x [d, F]
    VectorGemm.pack(g1, 0, f, 1, kk, f, pTmp);
    // - (E ⊙ (A1 + 1)) G1: [K, K] x [K, F]
    gemm.gemm(kk, f, kk, a, 0, kk, 1, pTmp, zb1, 0, f, zb1, 0, f);
    if (mlp) {
      VectorMath.gelu(zb1, 0, xb2, 0, kk * f);
      VectorGemm.pack(x2, 0, 1, f, f, kk, pTmp); // X2^T: [K, F] -> [F, K]
      // A2 = X2bar X2^T: [K, F] x [F, K]
      gemm.gemm(kk, kk, f, xb2, 0, f, 1, pTmp, a, 0, kk, null, 0, 0);
      attnWeights(eta, eOff, causal);
      gemm.gemm(kk, d, f, xb2, 0, f, 1, pw2, zb2, 0, d, b2, 0, 0); // X2bar W2 + b2: [K, F] x [F, d]
      VectorGemm.pack(g2, 0, d, 1, kk, d, pTmp);
      // - (E ⊙ (A2 + 1)) G2: [K, K] x [K, d]
      gemm.gemm(kk, d, kk, a, 0, kk, 1, pTmp, zb2, 0, d, zb2, 0, d);
    }
  }

  /** True when every row of this mini-batch's E equals the last one. */
  private boolean rowsEqual(float[] eta, int eOff) {
    int last = eOff + (kk - 1) * kk;
    for (int i = 0; i < kk - 1; i++) {
      int r = eOff + i * kk;
      if (!Arrays.equals(eta, r, r + kk, eta, last, last + kk)) {
        return false;
      }
    }
    return true;
  }

  /** a <- -(E ⊙ (a + 1)), zero above the diagonal when causal. */
  private void attnWeights(float[] eta, int eOff, boolean causal) {
    for (int i = 0; i < kk; i++) {
      int r = i * kk;
      int er = eOff + i * kk;
      int end = causal ? i + 1 : kk;
      for (int j = 0; j < end; j++) {
        a[r + j] = -eta[er + j] * (a[r + j] + 1f);
      }
      for (int j = end; j < kk; j++) {
        a[r + j] = 0f;
      }
    }
  }

  /** acc += sum over the m rows of an [m, n] matrix. */
  private static void addColumnSums(float[] rows, float[] acc, int m, int n) {
    for (int j = 0; j < m; j++) {
      VectorMath.addTo(rows, j * n, acc, 0, n);
    }
  }
}
