package io.github.tttvideo.core.render;

import io.github.tttvideo.spi.VideoFrame;

/**
 * Turns a decoder's output, planar RGB in [-1, 1], into {@link VideoFrame}s: what every backend's
 * {@code LatentDecoder} does with its pixels.
 *
 * @since 0.1.0
 */
public final class PlanarFrames {

  private PlanarFrames() {}

  /**
   * Frame {@code f} of decoded pixels as interleaved RGB bytes, {@code (x + 1) * 127.5} rounded and
   * clamped to [0, 255].
   *
   * @param px pixels [frames, 3, h, w] in [-1, 1]
   * @param f frame index
   * @param w width
   * @param h height
   * @return the frame
   */
  public static VideoFrame toFrame(float[] px, int f, int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    int plane = w * h;
    int base = f * 3 * plane;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        float v = (px[base + c * plane + i] + 1f) * 127.5f;
        int b = Math.round(Math.max(0f, Math.min(255f, v)));
        rgb[i * 3 + c] = (byte) b;
      }
    }
    return new VideoFrame(w, h, rgb);
  }
}
