package io.github.tttvideo.backend.djl.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.tttvideo.core.layout.AttentionWindow;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.TttSequence;

/**
 * Per-story constants of the segment-local attention (reference 5.3): the gather index that cuts
 * the n windows {@code [text_i ; latent frames F i .. F i + F]} out of the text-first sequence,
 * and the local 3D RoPE table (t = 0..F inside every window, identity on text), shared by all
 * windows since they have the same shape.
 *
 * @since 0.1.0
 */
public final class NdWindows {

  private final SequenceLayout layout;
  private final NDArray gather;
  private final NDArray cos2;
  private final NDArray sinSigned;

  /**
   * Builds the constants.
   *
   * @param layout the story layout
   * @param ropeTheta RoPE base
   * @param m manager that owns them
   */
  public NdWindows(SequenceLayout layout, double ropeTheta, NDManager m) {
    this(layout, ropeTheta, m, DataType.FLOAT32);
  }

  /**
   * Builds the constants with RoPE tables in a given precision (the attention's).
   *
   * @param layout the story layout
   * @param ropeTheta RoPE base
   * @param m manager that owns them
   * @param dtype precision of the tables
   */
  public NdWindows(SequenceLayout layout, double ropeTheta, NDManager m, DataType dtype) {
    this.layout = layout;
    int text = layout.textTokens();
    int n = layout.segments();
    AttentionWindow w0 = layout.attentionWindows().get(0);
    int lw = w0.length();
    int[] idx = new int[n * lw];
    int o = 0;
    for (AttentionWindow w : layout.attentionWindows()) {
      for (int j = 0; j < w.textTokens(); j++) {
        idx[o++] = w.textStart() + j;
      }
      for (int j = 0; j < w.videoTokens(); j++) {
        idx[o++] = text + w.videoStart() + j;
      }
    }
    gather = NdOps.index(m, idx);
    int[][] pos = layout.windowRopePositions(0);
    TttSequence local = new TttSequence(w0.length(), 1, w0.textTokens(), null, pos[0], pos[1],
        pos[2], layout.config().gridHeight(), layout.config().gridWidth(), w0.frames());
    int d = layout.config().headDim();
    float[][] table = Rope.videoTable(local, d, ropeTheta);
    NDArray[] t = NdOps.ropeTables(m, table[0], table[1], w0.textTokens(), d);
    cos2 = t[0].reshape(lw, d).toType(dtype, false); // [Lw, d]: broadcast over [n, H, Lw, d]
    sinSigned = t[1].reshape(lw, d).toType(dtype, false);
  }

  /**
   * The layout.
   *
   * @return the layout
   */
  public SequenceLayout layout() {
    return layout;
  }

  NDArray gather() {
    return gather;
  }

  NDArray cos2() {
    return cos2;
  }

  NDArray sinSigned() {
    return sinSigned;
  }
}
