package io.github.tttvideo.backend.djl.mixer;

import ai.djl.ndarray.NDArray;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;

/**
 * The global sequence mixer of one DiT layer, gated into the residual: {@code Z = X' +
 * gate(mixer(X'))} (issue #7). Implemented by the bidirectional TTT block ({@link
 * NdSequenceBlock}) and the attention mixers ({@link NdAttentionMixer}); the {@code local} mixer
 * has no block at all.
 *
 * @since 0.1.0
 */
public interface NdMixerBlock {

  /**
   * Runs the block.
   *
   * @param x X' [B, L, D], text-first
   * @param seq per-sequence constants (scan order, global RoPE, segments)
   * @param timer receives the time of each mixer call
   * @return Z [B, L, D], text-first, owned by x's manager
   */
  NDArray forward(NDArray x, NdTttSequence seq, NdSequenceBlock.Timer timer);
}
