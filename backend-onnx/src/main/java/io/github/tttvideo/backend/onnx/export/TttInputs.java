package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.SequenceReversal;
import io.github.tttvideo.core.ttt.TttSequence;

/**
 * The TTT inputs of a graph for one sequence: the forward pass's scan order and its inverse, the
 * reversed pass's gather and scatter (reference 5.4: the reversed pass reads {@code x[rev[order]]}
 * and uses the same RoPE table by index, so a token gets the mirrored position), and the global
 * 3D RoPE tables in scan order.
 *
 * @param fwdGather [L] scan order of the forward pass
 * @param fwdScatter [L] its inverse
 * @param revGather [L] scan order of the reversed pass
 * @param revScatter [L] from the reversed scan back to text-first order
 * @param cos [L, 1, d] RoPE cosines in scan order, pair-duplicated (1 on text)
 * @param sin [L, 1, d] RoPE sines in scan order, alternating sign (0 on text)
 * @since 0.1.0
 */
public record TttInputs(long[] fwdGather, long[] fwdScatter, long[] revGather,
    long[] revScatter, float[] cos, float[] sin) {

  /**
   * Computes the inputs.
   *
   * @param seq the sequence
   * @param headDim d (a multiple of 16)
   * @param theta RoPE base
   * @return the inputs
   */
  public static TttInputs of(TttSequence seq, int headDim, double theta) {
    int len = seq.length();
    int d = headDim;
    int[] order = seq.scanOrder();
    if (order == null) {
      order = new int[len];
      for (int i = 0; i < len; i++) {
        order[i] = i;
      }
    }
    int[] inv = new int[len];
    for (int i = 0; i < len; i++) {
      inv[order[i]] = i;
    }
    int[] rev = SequenceReversal.permutation(seq);
    long[] fwdGather = new long[len];
    long[] fwdScatter = new long[len];
    long[] revGather = new long[len];
    long[] revScatter = new long[len];
    for (int i = 0; i < len; i++) {
      fwdGather[i] = order[i];
      fwdScatter[i] = inv[i];
      revGather[i] = rev[order[i]];
      revScatter[i] = inv[rev[i]];
    }
    float[][] gt = Rope.videoTable(seq, d, theta);
    float[][] full = StoryInputs.ropeTables(gt[0], gt[1], seq.textTokens(), d); // text-first
    float[] cos = new float[len * d];
    float[] sin = new float[len * d];
    for (int i = 0; i < len; i++) { // rows in scan order
      System.arraycopy(full[0], order[i] * d, cos, i * d, d);
      System.arraycopy(full[1], order[i] * d, sin, i * d, d);
    }
    return new TttInputs(fwdGather, fwdScatter, revGather, revScatter, cos, sin);
  }
}
