package io.github.tttvideo.simd;

import io.github.tttvideo.core.ttt.TttMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised element-wise and per-row pieces of the TTT inner model: tanh, the tanh-GELU and its
 * derivative, LayerNorm rows and the fused LayerNorm + L2 gradient. Rows live in flat arrays at
 * offsets; lanes past the last whole vector run the same formulas in scalar code.
 */
final class VectorMath {

  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = VectorGemm.L;

  /** sqrt(2/pi), as torch's {@code gelu(approximate='tanh')}. */
  private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);
  private static final float GELU_A = 0.044715f;
  /** The official {@code gelu_bwd}'s rounded constants: 0.79788456 and 3 * 0.044715 * it. */
  private static final float GELU_BWD_C = 0.79788456f;
  private static final float GELU_BWD_3AC = 0.1070322243f;

  /** |x| beyond which tanh(x) rounds to +-1 in float (tanh(9) = 1 - 3e-8). */
  private static final float TANH_CLAMP = 9f;
  // tanh(x) ~ x P(y) / Q(y), y = x^2, both of degree 6; scalar constants (not an array) so that
  // the JIT folds them into the unrolled Horner chains
  private static final float P0;
  private static final float P1;
  private static final float P2;
  private static final float P3;
  private static final float P4;
  private static final float P5;
  private static final float P6;
  private static final float Q0;
  private static final float Q1;
  private static final float Q2;
  private static final float Q3;
  private static final float Q4;
  private static final float Q5;
  private static final float Q6;

  static {
    float[][] pq = TttMath.tanhRationalCoefficients();
    float[] p = pq[0];
    float[] q = pq[1];
    if (p.length != 7 || q.length != 7) {
      throw new IllegalStateException("tanh approximation of unexpected degree");
    }
    P0 = p[0];
    P1 = p[1];
    P2 = p[2];
    P3 = p[3];
    P4 = p[4];
    P5 = p[5];
    P6 = p[6];
    Q0 = q[0];
    Q1 = q[1];
    Q2 = q[2];
    Q3 = q[3];
    Q4 = q[4];
    Q5 = q[5];
    Q6 = q[6];
  }

  private VectorMath() {}

  /** Vector tanh: rational approximation on inputs clamped to [-9, 9]. */
  static FloatVector tanh(FloatVector x) {
    FloatVector c = x.max(-TANH_CLAMP).min(TANH_CLAMP);
    FloatVector y = c.mul(c);
    FloatVector pn = y.mul(P6).add(P5);
    pn = pn.fma(y, FloatVector.broadcast(S, P4));
    pn = pn.fma(y, FloatVector.broadcast(S, P3));
    pn = pn.fma(y, FloatVector.broadcast(S, P2));
    pn = pn.fma(y, FloatVector.broadcast(S, P1));
    pn = pn.fma(y, FloatVector.broadcast(S, P0));
    FloatVector qn = y.mul(Q6).add(Q5);
    qn = qn.fma(y, FloatVector.broadcast(S, Q4));
    qn = qn.fma(y, FloatVector.broadcast(S, Q3));
    qn = qn.fma(y, FloatVector.broadcast(S, Q2));
    qn = qn.fma(y, FloatVector.broadcast(S, Q1));
    qn = qn.fma(y, FloatVector.broadcast(S, Q0));
    return c.mul(pn).div(qn);
  }

  /** Scalar twin of {@link #tanh(FloatVector)} for the tail lanes. */
  static float tanh(float x) {
    float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
    float y = c * c;
    float pn = P6 * y + P5;
    pn = Math.fma(pn, y, P4);
    pn = Math.fma(pn, y, P3);
    pn = Math.fma(pn, y, P2);
    pn = Math.fma(pn, y, P1);
    pn = Math.fma(pn, y, P0);
    float qn = Q6 * y + Q5;
    qn = Math.fma(qn, y, Q4);
    qn = Math.fma(qn, y, Q3);
    qn = Math.fma(qn, y, Q2);
    qn = Math.fma(qn, y, Q1);
    qn = Math.fma(qn, y, Q0);
    return c * pn / qn;
  }

  /** y = gelu(x) over n values. */
  static void gelu(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      FloatVector u = v.mul(v).mul(v).mul(GELU_A).add(v).mul(GELU_C);
      FloatVector th = tanh(u);
      v.mul(0.5f).mul(th.add(1f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float th = tanh(GELU_C * (v + GELU_A * v * v * v));
      y[yOff + i] = 0.5f * v * (1f + th);
    }
  }

  /**
   * y = gelu(x) and dy = gelu'(x) over n values, sharing one tanh; the derivative uses the
   * official rounded constants.
   */
  static void geluWithDerivative(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
      int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      FloatVector v2 = v.mul(v);
      FloatVector th = tanh(v2.mul(v).mul(GELU_A).add(v).mul(GELU_C));
      FloatVector half = v.mul(0.5f);
      FloatVector onePlus = th.add(1f);
      half.mul(onePlus).intoArray(y, yOff + i);
      // 0.5 v (1 - th^2)(c + 3ac v^2) + 0.5 (1 + th)
      FloatVector sech2 = th.neg().fma(th, FloatVector.broadcast(S, 1f));
      FloatVector poly = v2.fma(FloatVector.broadcast(S, GELU_BWD_3AC),
          FloatVector.broadcast(S, GELU_BWD_C));
      half.mul(sech2).mul(poly).add(onePlus.mul(0.5f)).intoArray(dy, dyOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float th = tanh(GELU_C * (v + GELU_A * v * v * v));
      y[yOff + i] = 0.5f * v * (1f + th);
      dy[dyOff + i] = 0.5f * v * (1f - th * th) * (GELU_BWD_C + GELU_BWD_3AC * v * v)
          + 0.5f * (1f + th);
    }
  }

  /** x[i] *= m[i] over n values. */
  static void mulInPlace(float[] x, int xOff, float[] m, int mOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, m, mOff + i))
          .intoArray(x, xOff + i);
    }
    for (; i < n; i++) {
      x[xOff + i] *= m[mOff + i];
    }
  }

  /** out[i] = a[i] - b[i] over n values. */
  static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int oOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i))
          .intoArray(out, oOff + i);
    }
    for (; i < n; i++) {
      out[oOff + i] = a[aOff + i] - b[bOff + i];
    }
  }

  /** x[i] *= s over n values. */
  static void scale(float[] x, int xOff, float s, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).mul(s).intoArray(x, xOff + i);
    }
    for (; i < n; i++) {
      x[xOff + i] *= s;
    }
  }

  /** acc[i] += x[i] over n values. */
  static void addTo(float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i))
          .intoArray(acc, accOff + i);
    }
    for (; i < n; i++) {
      acc[accOff + i] += x[xOff + i];
    }
  }

  /** Sum of n values. */
  private static float sum(float[] x, int off, int n) {
    int i = 0;
    FloatVector acc = FloatVector.zero(S);
    for (int bound = S.loopBound(n); i < bound; i += L) {
      acc = acc.add(FloatVector.fromArray(S, x, off + i));
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /** Sum of (x - mean)^2 over n values. */
  private static float sumSquaredDeviations(float[] x, int off, int n, float mean) {
    int i = 0;
    FloatVector acc = FloatVector.zero(S);
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector u = FloatVector.fromArray(S, x, off + i).sub(mean);
      acc = u.fma(u, acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float u = x[off + i] - mean;
      s += u * u;
    }
    return s;
  }

  /** 1 / sqrt(biased variance + eps) of a row with the given mean. */
  private static float invStd(float[] x, int off, int n, float mean, double eps) {
    double var = (double) sumSquaredDeviations(x, off, n, mean) / n;
    return (float) (1.0 / Math.sqrt(var + eps));
  }

  /**
   * {@code out = base + LN(x) * gamma + beta} over one row of n values (biased variance, eps
   * inside the square root).
   */
  static void layerNormAdd(float[] x, int xOff, float[] gamma, float[] beta, int gOff,
      double eps, float[] base, int bOff, float[] out, int oOff, int n) {
    float mean = sum(x, xOff, n) / n;
    float inv = invStd(x, xOff, n, mean, eps);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(inv);
      h.fma(FloatVector.fromArray(S, gamma, gOff + i), FloatVector.fromArray(S, beta, gOff + i))
          .add(FloatVector.fromArray(S, base, bOff + i))
          .intoArray(out, oOff + i);
    }
    for (; i < n; i++) {
      float h = (x[xOff + i] - mean) * inv;
      out[oOff + i] = base[bOff + i] + (h * gamma[gOff + i] + beta[gOff + i]);
    }
  }

  /**
   * Gradient of {@code 0.5 ||LN(x) * gamma + beta - t||^2} with respect to one row x of n values
   * (the official {@code ln_fused_l2_bwd}): {@code (n gxh - sum(gxh) - xh sum(gxh xh)) / (n std)}
   * with {@code gxh = (gamma xh + beta - t) gamma}. {@code xh} is scratch of n values.
   */
  static void layerNormL2Backward(float[] x, int xOff, float[] t, int tOff, float[] gamma,
      float[] beta, int gOff, double eps, float[] grad, int gradOff, float[] xh, int n) {
    float mean = sum(x, xOff, n) / n;
    float inv = invStd(x, xOff, n, mean, eps);
    FloatVector sg = FloatVector.zero(S);
    FloatVector sgx = FloatVector.zero(S);
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(inv);
      FloatVector gm = FloatVector.fromArray(S, gamma, gOff + i);
      FloatVector g = h.fma(gm, FloatVector.fromArray(S, beta, gOff + i))
          .sub(FloatVector.fromArray(S, t, tOff + i)).mul(gm);
      h.intoArray(xh, i);
      g.intoArray(grad, gradOff + i);
      sg = sg.add(g);
      sgx = g.fma(h, sgx);
    }
    float sumG = sg.reduceLanes(VectorOperators.ADD);
    float sumGx = sgx.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float h = (x[xOff + i] - mean) * inv;
      float g = (gamma[gOff + i] * h + beta[gOff + i] - t[tOff + i]) * gamma[gOff + i];
      xh[i] = h;
      grad[gradOff + i] = g;
      sumG += g;
      sumGx += g * h;
    }
    float scale = inv / n;
    float fn = n;
    i = 0;
    for (; i < bound; i += L) {
      FloatVector g = FloatVector.fromArray(S, grad, gradOff + i);
      FloatVector h = FloatVector.fromArray(S, xh, i);
      g.mul(fn).sub(sumG).sub(h.mul(sumGx)).mul(scale).intoArray(grad, gradOff + i);
    }
    for (; i < n; i++) {
      grad[gradOff + i] = (fn * grad[gradOff + i] - sumG - xh[i] * sumGx) * scale;
    }
  }
}
