package io.github.tttvideo.core.layout;

/**
 * Where one segment's tokens are, in the text-first order and in the interleaved scan order.
 *
 * @param index segment index i
 * @param textTokens text tokens Tt
 * @param firstLatentFrame first latent frame the segment owns (0 for i = 0, else F*i + 1)
 * @param latentFrames latent frames it owns (F + 1 for the first segment, F after)
 * @param videoTokens latentFrames * S
 * @param textStart text-first index of its first text token (i * Tt)
 * @param videoStart text-first index of its first video token (n*Tt + firstLatentFrame*S)
 * @param scanStart interleaved index where the segment starts (its text, then its video)
 * @since 0.1.0
 */
public record SegmentSpan(
    int index,
    int textTokens,
    int firstLatentFrame,
    int latentFrames,
    int videoTokens,
    int textStart,
    int videoStart,
    int scanStart) {

  /**
   * Tokens of the segment, text and video.
   *
   * @return textTokens + videoTokens
   */
  public int tokens() {
    return textTokens + videoTokens;
  }
}
