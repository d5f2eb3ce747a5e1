package io.github.tttvideo.spi;

import io.github.tttvideo.api.InvalidInputException;

/**
 * One denoiser evaluation over a whole story.
 *
 * @param latents noisy latents {@code [Nf, C, h, w]} flattened row-major (Nf latent frames)
 * @param latentFrames Nf = 12 n + 1 for n segments
 * @param text text embeddings {@code [n, Tt, textDim]}, one block of Tt tokens per segment
 * @param segments n
 * @param textTokensPerSegment Tt
 * @param timestep the DDPM timestep 0..999 the network is conditioned on
 * @since 0.1.0
 */
public record DenoiseInput(
    float[] latents, int latentFrames, float[] text, int segments, int textTokensPerSegment, int timestep) {

  /** Checks the sizes that can be checked without a model. */
  public DenoiseInput {
    if (segments < 1) {
      throw new InvalidInputException("segments must be >= 1, got " + segments);
    }
    if (latentFrames < 1 || latents == null || latents.length % latentFrames != 0) {
      throw new InvalidInputException(
          "latents must hold latentFrames (" + latentFrames + ") whole frames, got "
              + (latents == null ? "null" : latents.length + " values"));
    }
    if (textTokensPerSegment < 1 || text == null
        || text.length % ((long) segments * textTokensPerSegment) != 0) {
      throw new InvalidInputException(
          "text must hold " + segments + " x " + textTokensPerSegment + " token embeddings, got "
              + (text == null ? "null" : text.length + " values"));
    }
    if (timestep < 0 || timestep > 999) {
      throw new InvalidInputException("timestep must be in [0, 999], got " + timestep);
    }
  }
}
