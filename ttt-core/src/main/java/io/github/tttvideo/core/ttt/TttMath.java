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

  private TttMath() {}

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
