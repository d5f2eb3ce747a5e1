package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;

/**
 * A network that predicts v (the reference's parameterisation, section 7.1) from noisy latents, the
 * text and the timestep. Called inside a gradient collector during training, so everything it
 * computes from trainable parameters is recorded.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface VPredictor {
  /**
   * Predicts v.
   *
   * @param noisy x_t, [B, ...] float32
   * @param text the text condition of the B examples
   * @param timesteps [B] float32 holding integer timesteps in [0, 999]
   * @return v, same shape as {@code noisy}
   */
  NDArray predictV(NDArray noisy, TextBatch text, NDArray timesteps);
}
