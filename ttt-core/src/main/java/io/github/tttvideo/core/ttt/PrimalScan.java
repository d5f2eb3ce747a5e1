package io.github.tttvideo.core.ttt;

/**
 * The primal form of the TTT scan, written as plainly as possible to check the dual form.
 *
 * <p>For every mini-batch, the per-token gradients are taken at the incoming weights W; token i
 * then reads out with its own weights {@code W_i = W - sum_j E[i, j] grad_j} (j &lt;= i when
 * causal), and the weights carried to the next mini-batch are {@code W_{K-1}} (the last row of E).
 * With equal rows of E (the video layer) every token uses the same updated weights, i.e. one plain
 * gradient step on {@code sum_j e_j l_j}. Slow (a weight copy per token); for tests and the demo.
 *
 * @since 0.1.0
 */
public final class PrimalScan {

  /**
   * Result of a primal scan.
   *
   * @param out outputs [B, L, H, d]
   * @param finalState weights after the last mini-batch, one slot per (b, h)
   * @param lossBefore mean inner loss {@code 1/K sum_j l_j} of every mini-batch [B, H, NC] at the
   *     incoming weights
   * @param lossAfter the same at the carried (updated) weights
   */
  public record Result(float[] out, InnerWeights finalState, double[] lossBefore,
      double[] lossAfter) {}

  private PrimalScan() {}

  /**
   * Runs the scan.
   *
   * @param config configuration (variant, inner LN eps, causal)
   * @param in scan inputs
   * @param initial initial weights, one slot per head
   * @return outputs, final weights and per-mini-batch losses
   */
  public static Result run(TttConfig config, TttScanInput in, InnerWeights initial) {
    int bsz = in.batch();
    int heads = in.heads();
    int nc = in.chunks();
    int kk = in.miniBatch();
    int d = in.headDim();
    float[] out = new float[bsz * in.length() * heads * d];
    TttKernels.validate(config, in, initial, out, null);
    InnerWeights state = initial.tile(bsz);
    double[] before = new double[bsz * heads * nc];
    double[] after = new double[bsz * heads * nc];
    double eps = config.innerLnEps();
    for (int b = 0; b < bsz; b++) {
      for (int h = 0; h < heads; h++) {
        int slot = b * heads + h;
        InnerWeights w = slice(state, slot);
        float[] lnW = java.util.Arrays.copyOfRange(in.lnWeight(), h * d, (h + 1) * d);
        float[] lnB = java.util.Arrays.copyOfRange(in.lnBias(), h * d, (h + 1) * d);
        for (int n = 0; n < nc; n++) {
          int tok = (slot * nc + n) * kk * d;
          int et = (slot * nc + n) * kk * kk;
          InnerWeights[] grads = new InnerWeights[kk];
          double loss = 0;
          for (int j = 0; j < kk; j++) {
            grads[j] = InnerWeights.zeros(config.variant(), 1, d);
            loss += lossAndGradient(w, in.xk(), in.xv(), tok + j * d, lnW, lnB, eps, grads[j]);
          }
          before[slot * nc + n] = loss / kk;
          InnerWeights carried = null;
          for (int i = 0; i < kk; i++) {
            InnerWeights wi = w.copy();
            for (int j = 0; j < kk; j++) {
              if (config.causal() && j > i) {
                continue;
              }
              axpy(-in.eta()[et + i * kk + j], grads[j], wi);
            }
            float[] z = predict(wi, in.xq(), tok + i * d);
            float[] ln = new float[d];
            TttMath.layerNorm(z, 0, d, lnW, 0, lnB, eps, ln, 0);
            int o = ((b * in.length() + n * kk + i) * heads + h) * d;
            for (int c = 0; c < d; c++) {
              out[o + c] = in.xq()[tok + i * d + c] + ln[c];
            }
            if (i == kk - 1) {
              carried = wi;
            }
          }
          w = carried;
          double lossAfter = 0;
          for (int j = 0; j < kk; j++) {
            lossAfter += lossAndGradient(w, in.xk(), in.xv(), tok + j * d, lnW, lnB, eps, null);
          }
          after[slot * nc + n] = lossAfter / kk;
        }
        put(w, state, slot);
      }
    }
    return new Result(out, state, before, after);
  }

  /** One slot of a weight set, as a 1-slot copy. */
  static InnerWeights slice(InnerWeights w, int slot) {
    int d = w.headDim();
    int f = w.hidden();
    InnerWeights s = InnerWeights.zeros(w.variant(), 1, d);
    System.arraycopy(w.w1(), slot * d * f, s.w1(), 0, d * f);
    System.arraycopy(w.b1(), slot * f, s.b1(), 0, f);
    if (w.w2() != null) {
      System.arraycopy(w.w2(), slot * f * d, s.w2(), 0, f * d);
      System.arraycopy(w.b2(), slot * d, s.b2(), 0, d);
    }
    return s;
  }

  private static void put(InnerWeights s, InnerWeights w, int slot) {
    int d = w.headDim();
    int f = w.hidden();
    System.arraycopy(s.w1(), 0, w.w1(), slot * d * f, d * f);
    System.arraycopy(s.b1(), 0, w.b1(), slot * f, f);
    if (w.w2() != null) {
      System.arraycopy(s.w2(), 0, w.w2(), slot * f * d, f * d);
      System.arraycopy(s.b2(), 0, w.b2(), slot * d, d);
    }
  }

  private static void axpy(float alpha, InnerWeights x, InnerWeights y) {
    axpy(alpha, x.w1(), y.w1());
    axpy(alpha, x.b1(), y.b1());
    if (x.w2() != null) {
      axpy(alpha, x.w2(), y.w2());
      axpy(alpha, x.b2(), y.b2());
    }
  }

  private static void axpy(float alpha, float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  /** g(x; W) for one row x of a 1-slot weight set: [1, d] -> [1, d]. */
  static float[] predict(InnerWeights w, float[] x, int xOff) {
    int d = w.headDim();
    int f = w.hidden();
    float[] z1 = new float[f];
    linear(x, xOff, w.w1(), w.b1(), d, f, z1); // [1, d] x [d, F]
    if (w.w2() == null) {
      return z1;
    }
    float[] x2 = new float[f];
    for (int c = 0; c < f; c++) {
      x2[c] = TttMath.geluTanh(z1[c]);
    }
    float[] z2 = new float[d];
    linear(x2, 0, w.w2(), w.b2(), f, d, z2); // [1, F] x [F, d]
    return z2;
  }

  private static void linear(float[] x, int xOff, float[] w, float[] b, int in, int out,
      float[] y) {
    System.arraycopy(b, 0, y, 0, out);
    for (int p = 0; p < in; p++) {
      float xv = x[xOff + p];
      for (int c = 0; c < out; c++) {
        y[c] += xv * w[p * out + c];
      }
    }
  }

  /**
   * Inner loss {@code l = 0.5 ||LN(g(k; W)) - (v - k)||^2} of one token and (if grad != null) its
   * gradient with respect to every weight, added into grad.
   */
  static double lossAndGradient(
      InnerWeights w, float[] xk, float[] xv, int off, float[] lnW, float[] lnB, double eps,
      InnerWeights grad) {
    int d = w.headDim();
    int f = w.hidden();
    float[] target = new float[d];
    for (int c = 0; c < d; c++) {
      target[c] = xv[off + c] - xk[off + c];
    }
    float[] z1 = new float[f];
    linear(xk, off, w.w1(), w.b1(), d, f, z1);
    float[] x2 = null;
    float[] z = z1;
    if (w.w2() != null) {
      x2 = new float[f];
      for (int c = 0; c < f; c++) {
        x2[c] = TttMath.geluTanh(z1[c]);
      }
      z = new float[d];
      linear(x2, 0, w.w2(), w.b2(), f, d, z);
    }
    float[] y = new float[d];
    TttMath.layerNorm(z, 0, d, lnW, 0, lnB, eps, y, 0);
    double loss = 0;
    for (int c = 0; c < d; c++) {
      double r = y[c] - target[c];
      loss += 0.5 * r * r;
    }
    if (grad == null) {
      return loss;
    }
    float[] gz = new float[d];
    TttMath.layerNormL2Backward(z, 0, target, 0, d, lnW, lnB, 0, eps, gz, 0);
    float[] g1 = gz;
    if (x2 != null) {
      // dW2 = x2^T gz, db2 = gz; G1 = (gz W2^T) ⊙ gelu'(z1)
      for (int p = 0; p < f; p++) {
        for (int c = 0; c < d; c++) {
          grad.w2()[p * d + c] += x2[p] * gz[c];
        }
      }
      axpy(1f, gz, grad.b2());
      g1 = new float[f];
      for (int p = 0; p < f; p++) {
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += w.w2()[p * d + c] * gz[c];
        }
        g1[p] = (float) (s * TttMath.geluTanhBackward(z1[p]));
      }
    }
    for (int p = 0; p < d; p++) {
      for (int c = 0; c < f; c++) {
        grad.w1()[p * f + c] += xk[off + p] * g1[c];
      }
    }
    axpy(1f, g1, grad.b1());
    return loss;
  }
}
