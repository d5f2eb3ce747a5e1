package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.backend.djl.mixer.NdMixerBlock;

/**
 * The gated bidirectional sequence-modelling block of a DiT layer (reference 5.4):
 * {@code Z = X + gate(TTT(X), alpha_fwd)}, {@code Z' = Z + gate(TTT'(Z), alpha_bwd)} with the
 * reversed pass TTT' sharing the layer's weights; {@code gate(Y, a) = tanh(a_text) ⊙ Y} on text
 * tokens and {@code tanh(a_video) ⊙ Y} on video tokens.
 *
 * @since 0.1.0
 */
public final class NdSequenceBlock implements NdMixerBlock {

  /** Something that times the TTT calls (the benchmark); {@link #NONE} does nothing. */
  public interface Timer {
    /** No timing. */
    Timer NONE = (start, end) -> {};

    /**
     * Records one TTT call.
     *
     * @param startNanos start
     * @param endNanos end
     */
    void record(long startNanos, long endNanos);
  }

  private final NdVideoTttLayer layer;
  private final NDArray forwardText;
  private final NDArray forwardVideo;
  private final NDArray backwardText;
  private final NDArray backwardVideo;

  /**
   * Creates the block.
   *
   * @param layer the TTT layer of both directions
   * @param forwardText alpha of the forward pass on text [D]
   * @param forwardVideo alpha of the forward pass on video [D]
   * @param backwardText alpha of the reversed pass on text [D]
   * @param backwardVideo alpha of the reversed pass on video [D]
   */
  public NdSequenceBlock(NdVideoTttLayer layer, NDArray forwardText, NDArray forwardVideo,
      NDArray backwardText, NDArray backwardVideo) {
    this.layer = layer;
    this.forwardText = forwardText;
    this.forwardVideo = forwardVideo;
    this.backwardText = backwardText;
    this.backwardVideo = backwardVideo;
  }

  /**
   * Runs the block.
   *
   * @param x X' [B, L, D], text-first
   * @param seq per-sequence constants
   * @param timer receives the time of each TTT call
   * @return Z' [B, L, D], owned by x's manager
   */
  @Override
  public NDArray forward(NDArray x, NdTttSequence seq, Timer timer) {
    int text = seq.sequence().textTokens();
    return NdOps.scoped(() -> {
      long t0 = System.nanoTime();
      NDArray f = layer.forward(x, seq, false);
      long t1 = System.nanoTime();
      timer.record(t0, t1);
      NDArray z = x.add(gated(f, text, forwardText, forwardVideo));
      long t2 = System.nanoTime();
      NDArray b = layer.forward(z, seq, true);
      timer.record(t2, System.nanoTime());
      return z.add(gated(b, text, backwardText, backwardVideo));
    });
  }

  private static NDArray gated(NDArray y, int text, NDArray alphaText, NDArray alphaVideo) {
    long len = y.getShape().get(1);
    NDArray yt = y.get(new NDIndex(":, :{}", text))
        .mul(alphaText.tanh().toType(y.getDataType(), false));
    NDArray yv = y.get(new NDIndex(":, {}:", text))
        .mul(alphaVideo.tanh().toType(y.getDataType(), false));
    return text == 0 ? yv : text == len ? yt : NDArrays.concat(new NDList(yt, yv), 1);
  }
}
