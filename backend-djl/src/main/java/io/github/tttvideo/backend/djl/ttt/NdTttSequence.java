package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.core.mixer.MixerSegments;
import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.SequenceReversal;
import io.github.tttvideo.core.ttt.TttSequence;

/**
 * Per-sequence constants of the TTT layers, built once per denoiser call and shared by every
 * layer: the gather indices of the scan order (forward and reversed pass) and their inverses, and
 * the global 3D RoPE tables in scan order.
 *
 * <p>Both directions use the same RoPE table by index (the reversed pass gives token (t, y, x) the
 * mirrored position, reference 5.4), so only the gathers differ:
 * forward {@code xs = x[order]}, {@code y = ys[order^-1]}; reversed {@code xs = x[rev[order]]},
 * {@code y = ys[order^-1[rev]]}.
 *
 * @since 0.1.0
 */
public final class NdTttSequence {

  private final TttSequence seq;
  private final NDArray forwardGather;
  private final NDArray forwardScatter;
  private final NDArray reverseGather;
  private final NDArray reverseScatter;
  private final NDArray cos2;
  private final NDArray sinSigned;
  private volatile MixerSegments segments;

  /**
   * Builds the constants.
   *
   * @param seq the sequence
   * @param headDim d (a multiple of 16)
   * @param ropeTheta RoPE base
   * @param m manager that owns the constants
   */
  public NdTttSequence(TttSequence seq, int headDim, double ropeTheta, NDManager m) {
    this.seq = seq;
    int len = seq.length();
    int[] order = seq.scanOrder();
    if (order == null) {
      order = new int[len];
      for (int i = 0; i < len; i++) {
        order[i] = i;
      }
    }
    int[] inv = NdOps.inverse(order);
    int[] rev = SequenceReversal.permutation(seq);
    int[] revGather = new int[len];
    int[] revScatter = new int[len];
    for (int i = 0; i < len; i++) {
      revGather[i] = rev[order[i]];
      revScatter[i] = inv[rev[i]];
    }
    forwardGather = NdOps.index(m, order);
    forwardScatter = NdOps.index(m, inv);
    reverseGather = NdOps.index(m, revGather);
    reverseScatter = NdOps.index(m, revScatter);
    float[][] table = Rope.videoTable(seq, headDim, ropeTheta);
    NDArray[] t = NdOps.ropeTables(m, table[0], table[1], seq.textTokens(), headDim);
    cos2 = NdOps.rows(t[0], forwardGather); // [L, 1, d] in scan order
    sinSigned = NdOps.rows(t[1], forwardGather);
  }

  /**
   * The sequence.
   *
   * @return metadata
   */
  public TttSequence sequence() {
    return seq;
  }

  /**
   * The segments of the sequence and their ranges in scan order (for the attention mixers).
   *
   * @return the segment bookkeeping
   */
  public MixerSegments segments() {
    MixerSegments s = segments;
    if (s == null) {
      s = MixerSegments.of(seq);
      segments = s;
    }
    return s;
  }

  /**
   * Gather index from text-first order to scan order: {@code xs = x[gather]}.
   *
   * @param reversed of the reversed pass
   * @return int64 [L]
   */
  public NDArray gather(boolean reversed) {
    return reversed ? reverseGather : forwardGather;
  }

  /**
   * Gather index from scan order back to text-first order: {@code y = ys[scatter]}.
   *
   * @param reversed of the reversed pass
   * @return int64 [L]
   */
  public NDArray scatter(boolean reversed) {
    return reversed ? reverseScatter : forwardScatter;
  }

  /**
   * Global RoPE cosines in scan order, each repeated for its lane pair (identity on text).
   *
   * @return [L, 1, d]
   */
  public NDArray cos2() {
    return cos2;
  }

  /**
   * Global RoPE sines in scan order with alternating sign ({@link NdOps#rope}).
   *
   * @return [L, 1, d]
   */
  public NDArray sinSigned() {
    return sinSigned;
  }
}
