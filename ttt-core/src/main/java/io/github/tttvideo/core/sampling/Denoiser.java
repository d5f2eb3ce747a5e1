package io.github.tttvideo.core.sampling;

/**
 * The network seen by a sampler: the x0 prediction (already guided) for the current latents.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Denoiser {

  /**
   * Predicts the clean latents.
   *
   * @param x the noisy latents (not modified)
   * @param step the step index i, 0..N-1
   * @param timestep the DDPM timestep the network is conditioned on
   * @param alpha the alpha the wrapper uses for its scalings (see {@link VPrediction})
   * @return the x0 prediction, same length as {@code x}
   */
  float[] predictX0(float[] x, int step, int timestep, double alpha);
}
