package io.github.tttvideo.core.ttt;

/**
 * The element-wise and per-row pieces of the TTT inner model and its hand-written gradient.
 *
 * <p>Every function works on one row stored in an array at an offset. The {@code double}
 * overloads exist so the gradients can be checked against finite differences in float64; the
 * {@code float} overloads are what the layers run (row statistics are accumulated in double).
 *
 * @since 0.1.0
 */
public final class TttMath {

  /** sqrt(2/pi) exactly, as torch's {@code gelu(approximate='tanh')} uses. */
  public static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
  /** The cubic coefficient of the tanh-GELU. */
  public static final double GELU_A = 0.044715;
  /** sqrt(2/pi) rounded as written literally in the official {@code gelu_bwd}. */
  public static final double GELU_BWD_C = 0.79788456;
  /** 3 * GELU_A * GELU_BWD_C, as written literally in the official {@code gelu_bwd}. */
  public static final double GELU_BWD_3AC = 0.1070322243;

  /** |x| above which the float tanh returns +-1 (tanh(9) = 1 - 3e-8 rounds to 1 in float). */
  private static final float TANH_CLAMP = 9f;
  // tanh(x) ~ x * P(x^2) / Q(x^2); scalar constants (not an array) so the JIT folds them and
  // vectorises the loops that call tanhFast
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
    float[][] pq = tanhRationalCoefficients(); // P has 7 coefficients, Q has 7
    float[] p = pq[0];
    float[] q = pq[1];
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

  private TttMath() {}

  /**
   * Coefficients (in y = x^2, normalised so that Q(0) = 1) of the rational function obtained by
   * cutting Lambert's continued fraction {@code tanh x = x / (1 + y / (3 + y / (5 + ...)))} after
   * {@code n} levels. With n = 12 and inputs clamped to |x| &lt;= 9 the float evaluation is within
   * 3e-7 of tanh everywhere.
   */
  static double[][] lambertTanh(int n) {
    // bottom-up: T_n = 2n+1; T_k = (2k+1) + y / T_{k+1}; keep T = num / den as polynomials in y
    double[] num = {2 * n + 1};
    double[] den = {1};
    for (int k = n - 1; k >= 0; k--) {
      double[] next = new double[Math.max(num.length, den.length + 1)];
      for (int i = 0; i < num.length; i++) {
        next[i] += (2 * k + 1) * num[i];
      }
      for (int i = 0; i < den.length; i++) {
        next[i + 1] += den[i];
      }
      den = num;
      num = next;
    }
    // tanh = x / T_0 = x * den / num
    double q0 = num[0];
    for (int i = 0; i < den.length; i++) {
      den[i] /= q0;
    }
    for (int i = 0; i < num.length; i++) {
      num[i] /= q0;
    }
    return new double[][] {den, num};
  }

  /**
   * The coefficients of the fast tanh: {@code tanh x ~ x P(x^2) / Q(x^2)} for |x| &lt;= 9, from
   * Lambert's continued fraction cut after 12 levels, as floats (lowest degree first). Shared
   * with other kernels (the Vector API one) so that every kernel uses the same approximation.
   *
   * @return {@code {P, Q}}, 7 coefficients each
   */
  public static float[][] tanhRationalCoefficients() {
    double[][] pq = lambertTanh(12);
    return new float[][] {toFloat(pq[0]), toFloat(pq[1])};
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  /**
   * A fast float tanh (rational approximation, absolute error below 3.1e-7, |result| at most 1 +
   * 3e-7) made only of arithmetic and min/max, so loops calling it can be auto-vectorised.
   *
   * @param x input
   * @return tanh(x) to about float precision
   */
  public static float tanhFast(float x) {
    float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
    float y = c * c;
    float pn = (((((P6 * y + P5) * y + P4) * y + P3) * y + P2) * y + P1) * y + P0;
    float qn = (((((Q6 * y + Q5) * y + Q4) * y + Q3) * y + Q2) * y + Q1) * y + Q0;
    return c * pn / qn; // within 3e-7 of tanh on [-9, 9], so no clamp to [-1, 1] is needed
  }

  /**
   * Row version of the tanh-GELU for the float kernels: {@code out[i] = gelu(x[i])} for i &lt; n,
   * using {@link #tanhFast(float)}.
   *
   * @param x input
   * @param out output (may be x)
   * @param n count
   */
  public static void geluTanh(float[] x, float[] out, int n) {
    final float c = (float) SQRT_2_OVER_PI;
    final float a = (float) GELU_A;
    for (int i = 0; i < n; i++) {
      float v = x[i];
      out[i] = 0.5f * v * (1f + tanhFast(c * (v + a * v * v * v)));
    }
  }

  /**
   * GELU and its derivative in one pass (one tanh per element) for the float kernels: {@code y[i]
   * = gelu(x[i])}, {@code dy[i] = gelu'(x[i])}. The derivative uses the official rounded
   * constants with the tanh of the forward pass (they differ by ~1e-9 relative, far below float
   * precision).
   *
   * @param x input
   * @param y gelu(x)
   * @param dy gelu'(x)
   * @param n count
   */
  public static void geluTanhWithDerivative(float[] x, float[] y, float[] dy, int n) {
    final float c = (float) SQRT_2_OVER_PI;
    final float a = (float) GELU_A;
    final float cb = (float) GELU_BWD_C;
    final float c3 = (float) GELU_BWD_3AC;
    // two simple loops vectorise; one loop with both outputs does not (measured, JDK 17)
    for (int i = 0; i < n; i++) {
      float v = x[i];
      dy[i] = tanhFast(c * (v + a * v * v * v));
    }
    for (int i = 0; i < n; i++) {
      float v = x[i];
      float th = dy[i];
      y[i] = 0.5f * v * (1f + th);
      dy[i] = 0.5f * v * (1f - th * th) * (cb + c3 * v * v) + 0.5f * (1f + th);
    }
  }

  /**
   * Row version of the GELU backward for the float kernels: {@code g[i] *= gelu'(z[i])} for i &lt;
   * n, with the official rounded constants and {@link #tanhFast(float)}.
   *
   * @param g gradient, scaled in place
   * @param z pre-activation
   * @param n count
   */
  public static void mulGeluTanhBackward(float[] g, float[] z, int n) {
    final float c = (float) GELU_BWD_C;
    final float a = (float) GELU_A;
    final float c3 = (float) GELU_BWD_3AC;
    for (int i = 0; i < n; i++) {
      float x = z[i];
      float th = tanhFast(c * x * (1f + a * x * x));
      g[i] *= 0.5f * x * (1f - th * th) * (c + c3 * x * x) + 0.5f * (1f + th);
    }
  }

  /**
   * tanh-approximated GELU: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
   *
   * @param x input
   * @return gelu(x)
   */
  public static double geluTanh(double x) {
    return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_A * x * x * x)));
  }

  /**
   * Float version of {@link #geluTanh(double)}.
   *
   * @param x input
   * @return gelu(x)
   */
  public static float geluTanh(float x) {
    return (float) geluTanh((double) x);
  }

  /**
   * Derivative of the tanh-GELU with the official rounded constants: {@code th = tanh(0.79788456 x
   * (1 + 0.044715 x^2)); 0.5 x (1 - th^2)(0.79788456 + 0.1070322243 x^2) + 0.5 (1 + th)}.
   *
   * @param x input
   * @return gelu'(x)
   */
  public static double geluTanhBackward(double x) {
    double th = Math.tanh(GELU_BWD_C * x * (1.0 + GELU_A * x * x));
    return 0.5 * x * (1.0 - th * th) * (GELU_BWD_C + GELU_BWD_3AC * x * x) + 0.5 * (1.0 + th);
  }

  /**
   * Float version of {@link #geluTanhBackward(double)}.
   *
   * @param x input
   * @return gelu'(x)
   */
  public static float geluTanhBackward(float x) {
    return (float) geluTanhBackward((double) x);
  }

  /**
   * LayerNorm of one row (biased variance, eps inside the square root), then gamma and beta.
   *
   * @param x input array
   * @param xOff row offset in x
   * @param n row length
   * @param gamma scale array
   * @param gOff offset in gamma (and beta)
   * @param beta shift array
   * @param eps epsilon
   * @param out output array (may be x)
   * @param oOff row offset in out
   */
  public static void layerNorm(
      float[] x, int xOff, int n, float[] gamma, int gOff, float[] beta, double eps, float[] out,
      int oOff) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double c = x[xOff + i] - mean;
      var += c * c;
    }
    var /= n;
    double inv = 1.0 / Math.sqrt(var + eps);
    for (int i = 0; i < n; i++) {
      out[oOff + i] =
          (float) ((x[xOff + i] - mean) * inv * gamma[gOff + i] + beta[gOff + i]);
    }
  }

  /**
   * Double version of {@link #layerNorm(float[], int, int, float[], int, float[], double, float[],
   * int)}.
   *
   * @param x input array
   * @param xOff row offset in x
   * @param n row length
   * @param gamma scale array
   * @param gOff offset in gamma (and beta)
   * @param beta shift array
   * @param eps epsilon
   * @param out output array (may be x)
   * @param oOff row offset in out
   */
  public static void layerNorm(
      double[] x, int xOff, int n, double[] gamma, int gOff, double[] beta, double eps,
      double[] out, int oOff) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double c = x[xOff + i] - mean;
      var += c * c;
    }
    var /= n;
    double inv = 1.0 / Math.sqrt(var + eps);
    for (int i = 0; i < n; i++) {
      out[oOff + i] = (x[xOff + i] - mean) * inv * gamma[gOff + i] + beta[gOff + i];
    }
  }

  /**
   * Gradient of {@code 0.5 * ||LN(x) * gamma + beta - t||^2} with respect to the row x (the
   * official {@code ln_fused_l2_bwd}): {@code (n*gxh - sum(gxh) - xh*sum(gxh*xh)) / (n*std)} with
   * {@code gxh = (gamma*xh + beta - t) * gamma}.
   *
   * @param x pre-LN row
   * @param xOff offset of x
   * @param t target row
   * @param tOff offset of t
   * @param n row length
   * @param gamma LN scale
   * @param beta LN shift
   * @param gOff offset in gamma and beta
   * @param eps epsilon inside the square root
   * @param grad output row (may not alias x or t)
   * @param gradOff offset of grad
   */
  public static void layerNormL2Backward(
      float[] x, int xOff, float[] t, int tOff, int n, float[] gamma, float[] beta, int gOff,
      double eps, float[] grad, int gradOff) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double c = x[xOff + i] - mean;
      var += c * c;
    }
    var /= n;
    double std = Math.sqrt(var + eps);
    double sumG = 0;
    double sumGx = 0;
    for (int i = 0; i < n; i++) {
      double xh = (x[xOff + i] - mean) / std;
      double g = (gamma[gOff + i] * xh + beta[gOff + i] - t[tOff + i]) * gamma[gOff + i];
      sumG += g;
      sumGx += g * xh;
    }
    for (int i = 0; i < n; i++) {
      double xh = (x[xOff + i] - mean) / std;
      double g = (gamma[gOff + i] * xh + beta[gOff + i] - t[tOff + i]) * gamma[gOff + i];
      grad[gradOff + i] = (float) ((n * g - sumG - xh * sumGx) / (n * std));
    }
  }

  /**
   * Double version of {@link #layerNormL2Backward(float[], int, float[], int, int, float[],
   * float[], int, double, float[], int)}.
   *
   * @param x pre-LN row
   * @param xOff offset of x
   * @param t target row
   * @param tOff offset of t
   * @param n row length
   * @param gamma LN scale
   * @param beta LN shift
   * @param gOff offset in gamma and beta
   * @param eps epsilon inside the square root
   * @param grad output row
   * @param gradOff offset of grad
   */
  public static void layerNormL2Backward(
      double[] x, int xOff, double[] t, int tOff, int n, double[] gamma, double[] beta, int gOff,
      double eps, double[] grad, int gradOff) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double c = x[xOff + i] - mean;
      var += c * c;
    }
    var /= n;
    double std = Math.sqrt(var + eps);
    double sumG = 0;
    double sumGx = 0;
    for (int i = 0; i < n; i++) {
      double xh = (x[xOff + i] - mean) / std;
      double g = (gamma[gOff + i] * xh + beta[gOff + i] - t[tOff + i]) * gamma[gOff + i];
      sumG += g;
      sumGx += g * xh;
    }
    for (int i = 0; i < n; i++) {
      double xh = (x[xOff + i] - mean) / std;
      double g = (gamma[gOff + i] * xh + beta[gOff + i] - t[tOff + i]) * gamma[gOff + i];
      grad[gradOff + i] = (n * g - sumG - xh * sumGx) / (n * std);
    }
  }

  /**
   * Logistic sigmoid.
   *
   * @param x input
   * @return 1 / (1 + e^-x)
   */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /**
   * Divides a row by {@code max(||row||_2, eps)} in place.
   *
   * @param x array
   * @param off row offset
   * @param n row length
   * @param eps lower bound of the norm
   */
  public static void l2Normalize(float[] x, int off, int n, double eps) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) x[off + i] * x[off + i];
    }
    double inv = 1.0 / Math.max(Math.sqrt(s), eps);
    for (int i = 0; i < n; i++) {
      x[off + i] = (float) (x[off + i] * inv);
    }
  }
}
