package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * Inputs of the TTT mini-batch scan for a batch of sequences, already split into mini-batches
 * (in scan order).
 *
 * <p>Shapes: {@code xq, xk, xv [B, H, NC, K, d]}; the reconstruction target is {@code xv - xk};
 * {@code eta [B, H, NC, K, K]} where {@code eta[.., i, j]} weights token j's gradient in token i's
 * prediction and the last row ({@code i = K-1}) updates the carried weights; {@code lnWeight,
 * lnBias [H, d]} are the per-head inner LayerNorm parameters.
 *
 * @param batch B
 * @param heads H
 * @param chunks NC (mini-batches per sequence)
 * @param miniBatch K
 * @param headDim d
 * @param xq queries [B, H, NC, K, d]
 * @param xk keys [B, H, NC, K, d]
 * @param xv values [B, H, NC, K, d]
 * @param eta learning-rate matrices [B, H, NC, K, K]
 * @param lnWeight inner LayerNorm scale [H, d]
 * @param lnBias inner LayerNorm shift [H, d]
 * @since 0.1.0
 */
public record TttScanInput(
    int batch,
    int heads,
    int chunks,
    int miniBatch,
    int headDim,
    float[] xq,
    float[] xk,
    float[] xv,
    float[] eta,
    float[] lnWeight,
    float[] lnBias) {

  /** Checks every array length against the declared sizes. */
  public TttScanInput {
    if (batch < 1 || heads < 1 || chunks < 1 || miniBatch < 1 || headDim < 1) {
      throw new InvalidInputException(
          "scan sizes must be >= 1, got B=" + batch + " H=" + heads + " NC=" + chunks + " K="
              + miniBatch + " d=" + headDim);
    }
    long n = (long) batch * heads * chunks * miniBatch * headDim;
    check("xq", xq, n);
    check("xk", xk, n);
    check("xv", xv, n);
    check("eta", eta, (long) batch * heads * chunks * miniBatch * miniBatch);
    check("lnWeight", lnWeight, (long) heads * headDim);
    check("lnBias", lnBias, (long) heads * headDim);
  }

  private static void check(String name, float[] a, long expected) {
    if (a == null || a.length != expected) {
      throw new InvalidInputException(
          "scan input " + name + " must have " + expected + " elements, got "
              + (a == null ? "null" : a.length));
    }
  }

  /**
   * Tokens per sequence L = NC * K.
   *
   * @return L
   */
  public int length() {
    return chunks * miniBatch;
  }

  /**
   * The first {@code n} mini-batches only (for checking the state after a prefix of the scan).
   *
   * @param n mini-batches to keep (1..chunks)
   * @return the truncated input
   */
  public TttScanInput firstChunks(int n) {
    if (n < 1 || n > chunks) {
      throw new InvalidInputException("firstChunks must be in [1, " + chunks + "], got " + n);
    }
    int tok = miniBatch * headDim;
    int et = miniBatch * miniBatch;
    float[] q = new float[batch * heads * n * tok];
    float[] k = new float[q.length];
    float[] v = new float[q.length];
    float[] e = new float[batch * heads * n * et];
    for (int s = 0; s < batch * heads; s++) {
      System.arraycopy(xq, s * chunks * tok, q, s * n * tok, n * tok);
      System.arraycopy(xk, s * chunks * tok, k, s * n * tok, n * tok);
      System.arraycopy(xv, s * chunks * tok, v, s * n * tok, n * tok);
      System.arraycopy(eta, s * chunks * et, e, s * n * et, n * et);
    }
    return new TttScanInput(batch, heads, n, miniBatch, headDim, q, k, v, e, lnWeight, lnBias);
  }
}
