package io.github.tttvideo.core.layout;

/**
 * One window of segment-local attention: the text of segment i and latent frames F*i .. F*i + F
 * (F + 1 frames, the first shared with the previous window for i >= 1).
 *
 * @param index window (and segment) index i
 * @param textStart text-first index of its first text token
 * @param textTokens text tokens Tt
 * @param firstFrame first latent frame F*i
 * @param frames latent frames F + 1
 * @param videoStart index of its first video token within the video part (firstFrame * S)
 * @param videoTokens frames * S
 * @since 0.1.0
 */
public record AttentionWindow(
    int index,
    int textStart,
    int textTokens,
    int firstFrame,
    int frames,
    int videoStart,
    int videoTokens) {

  /**
   * Length of the window in tokens.
   *
   * @return textTokens + videoTokens
   */
  public int length() {
    return textTokens + videoTokens;
  }

  /**
   * Whether the window covers a latent frame.
   *
   * @param frame a global latent frame index
   * @return true if firstFrame <= frame < firstFrame + frames
   */
  public boolean covers(int frame) {
    return frame >= firstFrame && frame < firstFrame + frames;
  }
}
