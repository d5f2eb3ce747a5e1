package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The gated bidirectional TTT block of a DiT layer (reference 5.4):
 * {@code Z = X + gate(TTT(X), alpha_fwd)}, {@code Z' = Z + gate(TTT'(Z), alpha_bwd)}, where TTT'
 * runs the same layer on the reversed sequence ({@link SequenceReversal}) with the same metadata
 * and reverses its output back. {@code gate(Y, a) = tanh(a_text) ⊙ Y} on text tokens and
 * {@code tanh(a_video) ⊙ Y} on video tokens, per channel.
 *
 * <pre>{@code
 * var block = new BidirectionalTttBlock(layer, TttGates.init(cfg.width()));
 * float[] z = block.forward(x, 1, sequence);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class BidirectionalTttBlock {

  private final VideoTttLayer layer;
  private final TttGates gates;

  /**
   * Everything the block computed.
   *
   * @param output Z' [B, L, D]
   * @param afterForward Z [B, L, D]
   * @param forwardPass the forward TTT pass
   * @param backwardPass the reversed TTT pass (its tensors in reversed order)
   */
  public record Result(float[] output, float[] afterForward, VideoTttLayer.Result forwardPass,
      VideoTttLayer.Result backwardPass) {}

  /**
   * Creates the block.
   *
   * @param layer the TTT layer shared by both directions
   * @param gates the four gate vectors
   */
  public BidirectionalTttBlock(VideoTttLayer layer, TttGates gates) {
    if (gates.width() != layer.config().width()) {
      throw new InvalidInputException(
          "gate width " + gates.width() + " does not match the layer width "
              + layer.config().width());
    }
    this.layer = layer;
    this.gates = gates;
  }

  /**
   * Runs the block.
   *
   * @param x input [B, L, D], text-first
   * @param batch B
   * @param seq sequence metadata
   * @return Z' [B, L, D]
   */
  public float[] forward(float[] x, int batch, TttSequence seq) {
    return forwardDetailed(x, batch, seq).output();
  }

  /**
   * Runs the block and returns the intermediate results too.
   *
   * @param x input [B, L, D], text-first
   * @param batch B
   * @param seq sequence metadata
   * @return output and intermediates
   */
  public Result forwardDetailed(float[] x, int batch, TttSequence seq) {
    int width = layer.config().width();
    VideoTttLayer.Result fwd = layer.forwardDetailed(x, batch, seq);
    float[] z = x.clone();
    addGated(z, fwd.output(), batch, seq, gates.forwardText(), gates.forwardVideo());
    int[] perm = SequenceReversal.permutation(seq);
    VideoTttLayer.Result bwd =
        layer.forwardDetailed(SequenceReversal.apply(z, batch, width, perm), batch, seq);
    float[] back = SequenceReversal.apply(bwd.output(), batch, width, perm);
    float[] out = z.clone();
    addGated(out, back, batch, seq, gates.backwardText(), gates.backwardVideo());
    return new Result(out, z, fwd, bwd);
  }

  /** acc += tanh(alpha) ⊙ y with alpha per channel, text or video by token. */
  private static void addGated(float[] acc, float[] y, int batch, TttSequence seq, float[] text,
      float[] video) {
    int len = seq.length();
    int width = text.length;
    float[] tt = tanh(text);
    float[] tv = tanh(video);
    for (int b = 0; b < batch; b++) {
      for (int l = 0; l < len; l++) {
        float[] g = l < seq.textTokens() ? tt : tv;
        int o = (b * len + l) * width;
        for (int c = 0; c < width; c++) {
          acc[o + c] += g[c] * y[o + c];
        }
      }
    }
  }

  private static float[] tanh(float[] a) {
    float[] t = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      t[i] = (float) Math.tanh(a[i]);
    }
    return t;
  }
}
