package io.github.tttvideo.core.ttt;

/**
 * The four per-channel gate vectors of one bidirectional TTT block (reference 5.4): forward and
 * backward pass, text and video tokens, each [D]; the branch is scaled by {@code tanh(alpha)}.
 *
 * @param forwardText gate of the forward pass on text tokens [D]
 * @param forwardVideo gate of the forward pass on video tokens [D]
 * @param backwardText gate of the reversed pass on text tokens [D]
 * @param backwardVideo gate of the reversed pass on video tokens [D]
 * @since 0.1.0
 */
public record TttGates(
    float[] forwardText, float[] forwardVideo, float[] backwardText, float[] backwardVideo) {

  /** The official initial value of every gate entry. */
  public static final float INIT = 0.1f;

  /** Checks that the four vectors have the same length. */
  public TttGates {
    int w = forwardText.length;
    LayerOps.checkLength("forwardVideo", forwardVideo, w);
    LayerOps.checkLength("backwardText", backwardText, w);
    LayerOps.checkLength("backwardVideo", backwardVideo, w);
  }

  /**
   * Gates with every entry equal.
   *
   * @param width D
   * @param value alpha
   * @return the gates
   */
  public static TttGates constant(int width, float value) {
    float[][] g = new float[4][width];
    for (float[] a : g) {
      java.util.Arrays.fill(a, value);
    }
    return new TttGates(g[0], g[1], g[2], g[3]);
  }

  /**
   * The official initialisation: 0.1 everywhere.
   *
   * @param width D
   * @return the gates
   */
  public static TttGates init(int width) {
    return constant(width, INIT);
  }

  /**
   * Model width D.
   *
   * @return D
   */
  public int width() {
    return forwardText.length;
  }
}
