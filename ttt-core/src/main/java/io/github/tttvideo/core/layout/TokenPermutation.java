package io.github.tttvideo.core.layout;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Arrays;

/**
 * A reordering of a token sequence: position q of the result holds token {@code source(q)} of the
 * input. Applied to flat arrays of token rows ({@code tokens * width} values, row-major).
 *
 * <pre>{@code
 * TokenPermutation scan = layout.interleaving();
 * float[] interleaved = scan.apply(textFirst, width);      // [L * width]
 * float[] back = scan.applyInverse(interleaved, width);    // equals textFirst
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TokenPermutation {

  private final int[] source;

  private TokenPermutation(int[] source) {
    this.source = source;
  }

  /**
   * Wraps an order, checking that it is a permutation.
   *
   * @param source for each result position, the input index it takes
   * @return the permutation
   * @throws InvalidInputException if an index is out of range or repeated
   */
  public static TokenPermutation of(int[] source) {
    boolean[] seen = new boolean[source.length];
    for (int q = 0; q < source.length; q++) {
      int s = source[q];
      if (s < 0 || s >= source.length || seen[s]) {
        throw new InvalidInputException("not a permutation: entry " + q + " is " + s);
      }
      seen[s] = true;
    }
    return new TokenPermutation(source.clone());
  }

  static TokenPermutation trusted(int[] source) {
    return new TokenPermutation(source);
  }

  /**
   * Number of tokens.
   *
   * @return the length
   */
  public int size() {
    return source.length;
  }

  /**
   * The input index placed at a position.
   *
   * @param position a result position
   * @return the input index
   */
  public int source(int position) {
    return source[position];
  }

  /**
   * The whole order.
   *
   * @return a copy: for each result position, the input index
   */
  public int[] sources() {
    return source.clone();
  }

  /**
   * The inverse permutation.
   *
   * @return the permutation that undoes this one
   */
  public TokenPermutation inverse() {
    int[] inv = new int[source.length];
    for (int q = 0; q < source.length; q++) {
      inv[source[q]] = q;
    }
    return new TokenPermutation(inv);
  }

  /**
   * Whether nothing moves.
   *
   * @return true for the identity
   */
  public boolean isIdentity() {
    for (int q = 0; q < source.length; q++) {
      if (source[q] != q) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reorders token rows.
   *
   * @param rows [size * width] values
   * @param width values per token
   * @return a new array, rows reordered
   */
  public float[] apply(float[] rows, int width) {
    check(rows.length, width);
    float[] out = new float[rows.length];
    for (int q = 0; q < source.length; q++) {
      System.arraycopy(rows, source[q] * width, out, q * width, width);
    }
    return out;
  }

  /**
   * Reorders token rows.
   *
   * @param rows [size * width] values
   * @param width values per token
   * @return a new array, rows reordered
   */
  public double[] apply(double[] rows, int width) {
    check(rows.length, width);
    double[] out = new double[rows.length];
    for (int q = 0; q < source.length; q++) {
      System.arraycopy(rows, source[q] * width, out, q * width, width);
    }
    return out;
  }

  /**
   * Reorders token rows.
   *
   * @param rows [size * width] values
   * @param width values per token
   * @return a new array, rows reordered
   */
  public int[] apply(int[] rows, int width) {
    check(rows.length, width);
    int[] out = new int[rows.length];
    for (int q = 0; q < source.length; q++) {
      System.arraycopy(rows, source[q] * width, out, q * width, width);
    }
    return out;
  }

  /**
   * Undoes {@link #apply(float[], int)}.
   *
   * @param rows [size * width] values in the permuted order
   * @param width values per token
   * @return a new array in the original order
   */
  public float[] applyInverse(float[] rows, int width) {
    check(rows.length, width);
    float[] out = new float[rows.length];
    for (int q = 0; q < source.length; q++) {
      System.arraycopy(rows, q * width, out, source[q] * width, width);
    }
    return out;
  }

  /**
   * Undoes {@link #apply(double[], int)}.
   *
   * @param rows [size * width] values in the permuted order
   * @param width values per token
   * @return a new array in the original order
   */
  public double[] applyInverse(double[] rows, int width) {
    check(rows.length, width);
    double[] out = new double[rows.length];
    for (int q = 0; q < source.length; q++) {
      System.arraycopy(rows, q * width, out, source[q] * width, width);
    }
    return out;
  }

  private void check(int length, int width) {
    if (width < 1 || (long) source.length * width != length) {
      throw new InvalidInputException("expected " + source.length + " tokens of width " + width
          + " (" + (long) source.length * width + " values), got " + length + " values");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenPermutation p && Arrays.equals(source, p.source);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(source);
  }

  @Override
  public String toString() {
    return "TokenPermutation[size=" + source.length + ", identity=" + isIdentity() + "]";
  }
}
