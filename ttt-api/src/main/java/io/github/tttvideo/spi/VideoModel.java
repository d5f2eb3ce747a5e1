package io.github.tttvideo.spi;

/**
 * A loaded model on a backend: text encoder, denoiser and latent decoder. Holds native memory:
 * always close it.
 *
 * @since 0.1.0
 */
public interface VideoModel extends AutoCloseable {

  /**
   * The text encoder that goes with the model.
   *
   * @return the encoder
   */
  TextEncoder textEncoder();

  /**
   * One denoiser evaluation: the network's v-prediction for the noisy latents of a whole story.
   * Builds no gradient graph; intermediate native memory is released before returning.
   *
   * @param input latents, text embeddings and timestep
   * @return v with the shape of {@code input.latents()}
   */
  float[] predictVelocity(DenoiseInput input);

  /**
   * Opens a decoder for one video.
   *
   * @return a decoder; the caller closes it
   */
  LatentDecoder openDecoder();

  @Override
  void close();
}
