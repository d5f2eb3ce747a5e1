package io.github.tttvideo.spi;

import java.util.List;

/**
 * Decodes latents to pixel frames segment by segment, in order, so that memory for frames does
 * not grow with the length of a video. A causal VAE keeps the context it needs from earlier
 * segments inside the decoder.
 *
 * @since 0.1.0
 */
public interface LatentDecoder extends AutoCloseable {

  /**
   * Decodes the next latent frames of the video.
   *
   * @param latents {@code [frames, C, h, w]} flattened, following the frames decoded so far
   * @param latentFrames frames in {@code latents}
   * @return the pixel frames they complete (1 + 4 (f - 1) for the first call of f frames, 4 f
   *     afterwards, with the CogVideoX VAE's 4x temporal compression)
   */
  List<VideoFrame> decodeNext(float[] latents, int latentFrames);

  @Override
  void close();
}
