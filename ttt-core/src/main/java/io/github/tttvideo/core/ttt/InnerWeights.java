package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Arrays;
import java.util.Random;

/**
 * Weights of the TTT inner model for a number of slots (one slot per head for the learned
 * initial weights, one per (batch, head) for the scan state).
 *
 * <p>Layout (row-major, flat): {@code w1 [S, d, F]}, {@code b1 [S, F]}, and for the MLP variant
 * {@code w2 [S, F, d]}, {@code b2 [S, d]}; {@code w2} and {@code b2} are {@code null} for Linear.
 *
 * @param variant inner model
 * @param slots number of slots S
 * @param headDim d
 * @param hidden F (d for Linear, 4d for MLP)
 * @param w1 first weight [S, d, F]
 * @param b1 first bias [S, F]
 * @param w2 second weight [S, F, d] (MLP only)
 * @param b2 second bias [S, d] (MLP only)
 * @since 0.1.0
 */
public record InnerWeights(
    TttVariant variant, int slots, int headDim, int hidden, float[] w1, float[] b1, float[] w2,
    float[] b2) {

  /** Checks the array lengths against the declared shape. */
  public InnerWeights {
    check("w1", w1, (long) slots * headDim * hidden);
    check("b1", b1, (long) slots * hidden);
    if (variant == TttVariant.MLP) {
      check("w2", w2, (long) slots * hidden * headDim);
      check("b2", b2, (long) slots * headDim);
    } else if (hidden != headDim) {
      throw new InvalidInputException(
          "Linear inner model needs hidden == headDim, got " + hidden + " and " + headDim);
    }
  }

  private static void check(String name, float[] a, long expected) {
    if (a == null || a.length != expected) {
      throw new InvalidInputException(
          "inner weight " + name + " must have " + expected + " elements, got "
              + (a == null ? "null" : a.length));
    }
  }

  /**
   * Zero weights of the given shape.
   *
   * @param variant inner model
   * @param slots slots
   * @param headDim d
   * @return zero weights (F = d or 4d)
   */
  public static InnerWeights zeros(TttVariant variant, int slots, int headDim) {
    int f = variant == TttVariant.MLP ? 4 * headDim : headDim;
    boolean mlp = variant == TttVariant.MLP;
    return new InnerWeights(
        variant, slots, headDim, f, new float[slots * headDim * f], new float[slots * f],
        mlp ? new float[slots * f * headDim] : null, mlp ? new float[slots * headDim] : null);
  }

  /**
   * The initialisation of reference section 2.1: W1, W2 ~ N(0, 0.02), biases 0.
   *
   * @param variant inner model
   * @param heads slots (one per head)
   * @param headDim d
   * @param rnd random source
   * @return initial weights
   */
  public static InnerWeights init(TttVariant variant, int heads, int headDim, Random rnd) {
    InnerWeights w = zeros(variant, heads, headDim);
    fillNormal(w.w1, 0.02, rnd);
    if (w.w2 != null) {
      fillNormal(w.w2, 0.02, rnd);
    }
    return w;
  }

  static void fillNormal(float[] a, double std, Random rnd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rnd.nextGaussian() * std);
    }
  }

  /**
   * Deep copy.
   *
   * @return a copy with its own arrays
   */
  public InnerWeights copy() {
    return new InnerWeights(
        variant, slots, headDim, hidden, w1.clone(), b1.clone(),
        w2 == null ? null : w2.clone(), b2 == null ? null : b2.clone());
  }

  /**
   * Weights for {@code batch * slots} slots: slot (b, s) holds a copy of slot s.
   *
   * @param batch batch size B
   * @return the tiled weights
   */
  public InnerWeights tile(int batch) {
    InnerWeights t = zeros(variant, batch * slots, headDim);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(w1, 0, t.w1, b * w1.length, w1.length);
      System.arraycopy(b1, 0, t.b1, b * b1.length, b1.length);
      if (w2 != null) {
        System.arraycopy(w2, 0, t.w2, b * w2.length, w2.length);
        System.arraycopy(b2, 0, t.b2, b * b2.length, b2.length);
      }
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InnerWeights w
        && variant == w.variant
        && slots == w.slots
        && headDim == w.headDim
        && hidden == w.hidden
        && Arrays.equals(w1, w.w1)
        && Arrays.equals(b1, w.b1)
        && Arrays.equals(w2, w.w2)
        && Arrays.equals(b2, w.b2);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(w1) * 31 + Arrays.hashCode(b1);
  }

  @Override
  public String toString() {
    return "InnerWeights[" + variant + ", slots=" + slots + ", d=" + headDim + ", F=" + hidden
        + "]";
  }
}
