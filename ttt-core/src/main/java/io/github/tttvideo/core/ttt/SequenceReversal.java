package io.github.tttvideo.core.ttt;

/**
 * The token permutation of the reversed TTT pass (reference 5.4): the order of the n text chunks is
 * reversed (tokens inside a chunk keep their order) and the whole video token sequence is flipped.
 * The permutation is an involution: applying it twice gives the identity.
 *
 * @since 0.1.0
 */
public final class SequenceReversal {

  private SequenceReversal() {}

  /**
   * For every text-first position p, the position whose token lands at p after the reversal.
   *
   * @param seq sequence
   * @return the permutation (its own inverse)
   */
  public static int[] permutation(TttSequence seq) {
    int len = seq.length();
    int n = seq.segments();
    int tt = seq.textPerSegment();
    int text = seq.textTokens();
    int video = seq.videoTokens();
    int[] perm = new int[len];
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < tt; i++) {
        perm[c * tt + i] = (n - 1 - c) * tt + i;
      }
    }
    for (int v = 0; v < video; v++) {
      perm[text + v] = text + video - 1 - v;
    }
    return perm;
  }

  /**
   * Applies a token permutation to [B, L, D] rows: {@code y[b, p] = x[b, perm[p]]}.
   *
   * @param x input [B, L, D]
   * @param batch B
   * @param width D
   * @param perm permutation of length L
   * @return the permuted copy
   */
  public static float[] apply(float[] x, int batch, int width, int[] perm) {
    int len = perm.length;
    float[] y = new float[x.length];
    for (int b = 0; b < batch; b++) {
      for (int p = 0; p < len; p++) {
        System.arraycopy(x, (b * len + perm[p]) * width, y, (b * len + p) * width, width);
      }
    }
    return y;
  }
}
