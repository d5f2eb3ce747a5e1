package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;

/**
 * What {@link Trainer} needs from a model: its parameters, a frozen encoder from pixels to
 * latents (the VAE) and the v-prediction forward pass (the denoiser).
 *
 * <p>Implementations create their parameters and constants once, outside training steps: every
 * array created during a step is closed when the step ends. {@link #encode} is called outside the
 * gradient collector, {@link #forward} inside it.
 *
 * @since 0.1.0
 */
public interface TrainableModel {
  /** {@return the parameters, by name; the trainer sets their trainable flags per stage} */
  NamedParameters parameters();

  /**
   * Encodes clips to latents (not trained).
   *
   * @param video [B, T, 3, 64, 64] float32 in [-1, 1], T = 1 + 48 n
   * @return latents [B, ...], float32
   */
  NDArray encode(NDArray video);

  /**
   * Predicts v from noisy latents.
   *
   * @param noisy x_t, shaped as {@link #encode} returns
   * @param text per example, per segment prompts; dropped examples get zero text embeddings
   * @param timesteps [B] float32 holding integer timesteps in [0, 999]
   * @return v, same shape as {@code noisy}
   */
  NDArray forward(NDArray noisy, TextBatch text, NDArray timesteps);
}
