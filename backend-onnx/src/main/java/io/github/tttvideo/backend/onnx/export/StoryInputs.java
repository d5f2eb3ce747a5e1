package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.core.layout.AttentionWindow;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.TttSequence;
import java.util.List;

/**
 * The story-layout inputs of the denoiser graph, computed in plain Java from ttt-core's {@link
 * SequenceLayout} once per story length: the attention windows' gather and merge indices with the
 * local RoPE table, and the TTT scan order, its reversal and the global RoPE table in scan order.
 * Making them inputs lets one exported graph serve every number of segments. The names of the
 * denoiser graph's inputs are listed in {@link OnnxExporter}.
 *
 * @param layout the layout
 * @param winGather [n Lw] text-first token of each window row
 * @param winCos [Lw, d] local RoPE cosines, pair-duplicated (1 on text)
 * @param winSin [Lw, d] local RoPE sines with alternating sign (0 on text)
 * @param mergeA [L] first window row of each text-first token
 * @param mergeB [L] second window row (= mergeA when the token is in one window only)
 * @param fwdGather [L] scan order of the forward pass
 * @param fwdScatter [L] its inverse
 * @param revGather [L] scan order of the reversed pass
 * @param revScatter [L] from the reversed scan back to text-first order
 * @param tttCos [L, 1, d] global RoPE cosines in scan order
 * @param tttSin [L, 1, d] global RoPE sines in scan order
 * @since 0.1.0
 */
public record StoryInputs(SequenceLayout layout, long[] winGather, float[] winCos, float[] winSin,
    long[] mergeA, long[] mergeB, long[] fwdGather, long[] fwdScatter, long[] revGather,
    long[] revScatter, float[] tttCos, float[] tttSin) {

  /**
   * Computes the inputs of a layout.
   *
   * @param layout story layout
   * @return the inputs
   */
  public static StoryInputs of(SequenceLayout layout) {
    var c = layout.config();
    int d = c.headDim();
    int text = layout.textTokens();
    int len = layout.totalTokens();
    List<AttentionWindow> windows = layout.attentionWindows();
    AttentionWindow w0 = windows.get(0);
    int lw = w0.length();
    long[] gather = new long[windows.size() * lw];
    long[] mergeA = new long[len];
    long[] mergeB = new long[len];
    java.util.Arrays.fill(mergeA, -1);
    int o = 0;
    for (AttentionWindow w : windows) {
      int row0 = w.index() * lw;
      for (int j = 0; j < w.textTokens(); j++) {
        int token = w.textStart() + j;
        gather[o++] = token;
        merge(mergeA, mergeB, token, row0 + j);
      }
      for (int j = 0; j < w.videoTokens(); j++) {
        int token = text + w.videoStart() + j;
        gather[o++] = token;
        merge(mergeA, mergeB, token, row0 + w.textTokens() + j);
      }
    }
    for (int i = 0; i < len; i++) {
      if (mergeA[i] < 0) {
        throw new IllegalStateException("token " + i + " is in no attention window");
      }
    }
    int[][] pos = layout.windowRopePositions(0);
    TttSequence local = new TttSequence(lw, 1, w0.textTokens(), null, pos[0], pos[1], pos[2],
        c.gridHeight(), c.gridWidth(), w0.frames());
    float[][] wt = Rope.videoTable(local, d, c.ropeTheta());
    float[][] winTables = ropeTables(wt[0], wt[1], w0.textTokens(), d);

    TttInputs t = TttInputs.of(layout.toTttSequence(), d, c.ropeTheta());
    return new StoryInputs(layout, gather, winTables[0], winTables[1], mergeA, mergeB,
        t.fwdGather(), t.fwdScatter(), t.revGather(), t.revScatter(), t.cos(), t.sin());
  }

  private static void merge(long[] a, long[] b, int token, int row) {
    if (a[token] < 0) {
      a[token] = row;
      b[token] = row;
    } else {
      b[token] = row;
    }
  }

  /**
   * Expands per-pair cos/sin rows of the video tokens to the lane layout of the graph's rotation
   * ({@code cos2 = [c0, c0, c1, c1, ..]}, {@code sinSigned = [-s0, s0, -s1, s1, ..]}), text rows
   * first with the identity.
   */
  static float[][] ropeTables(float[] cos, float[] sin, int textTokens, int headDim) {
    int pairs = headDim / 2;
    int video = cos.length / pairs;
    int tokens = textTokens + video;
    float[] c2 = new float[tokens * headDim];
    float[] s2 = new float[tokens * headDim];
    java.util.Arrays.fill(c2, 0, textTokens * headDim, 1f);
    for (int v = 0; v < video; v++) {
      int o = (textTokens + v) * headDim;
      for (int p = 0; p < pairs; p++) {
        float cv = cos[v * pairs + p];
        float sv = sin[v * pairs + p];
        c2[o + 2 * p] = cv;
        c2[o + 2 * p + 1] = cv;
        s2[o + 2 * p] = -sv;
        s2[o + 2 * p + 1] = sv;
      }
    }
    return new float[][] {c2, s2};
  }

  /**
   * The sinusoidal timestep features, cos half first: {@code [cos(t f_k) ; sin(t f_k)]}, {@code
   * f_k = 10000^(-k / (D/2))}.
   *
   * @param width D (even)
   * @param timestep t
   * @return [D]
   */
  public static float[] timeFeatures(int width, int timestep) {
    int half = width / 2;
    float[] te = new float[width];
    for (int k = 0; k < half; k++) {
      double f = Math.exp(-Math.log(10000) * k / half);
      te[k] = (float) Math.cos(timestep * f);
      te[half + k] = (float) Math.sin(timestep * f);
    }
    return te;
  }
}
