package io.github.tttvideo.core.layout;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.model.ModelConfig;

/**
 * Chooses Tt, the number of text tokens per segment, so that the full sequence length L = n*Tt +
 * Nf*S is a multiple of the TTT mini-batch size K (the TTT layer cuts the sequence into
 * mini-batches of K tokens and the official code asserts divisibility).
 *
 * <p>The rule:
 *
 * <ol>
 *   <li>If the config fixes Tt for this number of segments ({@link
 *       ModelConfig#textTokensBySegments()}; the 5B preset holds the official table 1:498, 3:502,
 *       6:471, 10:497, 21:458), that value is used; it must give L % K == 0.
 *   <li>Otherwise the smallest Tt >= {@link ModelConfig#textTokensPerSegment()} with L % K == 0.
 *       Since n*Tt mod K repeats with period K / gcd(n, K), trying K consecutive values is enough.
 *   <li>If none exists (gcd(n, K) does not divide -Nf*S mod K), it is an error, never silent
 *       padding: extra tokens would have to be invented somewhere in the sequence, and the TTT
 *       contract ({@link io.github.tttvideo.core.ttt.TttSequence}) has no place for them. With
 *       the 5B geometry this happens for every n that is a multiple of 4 (Nf*S is 2 mod 4); the
 *       toon preset (S = K = 16) always has a solution.
 * </ol>
 *
 * <pre>{@code
 * int tt = TextTokenRule.textTokensPerSegment(3, ModelConfig.preset("5B"));   // 502
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TextTokenRule {

  private TextTokenRule() {}

  /**
   * Tt for a story of n segments.
   *
   * @param segments number of segments n >= 1
   * @param config the model config
   * @return Tt
   * @throws InvalidInputException if no Tt makes L a multiple of the mini-batch size
   */
  public static int textTokensPerSegment(int segments, ModelConfig config) {
    if (segments < 1) {
      throw new InvalidInputException("segments must be >= 1, got " + segments);
    }
    int k = config.miniBatch();
    long video = videoTokens(segments, config);
    Integer fixed = config.textTokensBySegments().get(segments);
    if (fixed != null) {
      long length = (long) segments * fixed + video;
      if (length % k != 0) {
        throw new InvalidInputException("model " + config.name() + " fixes " + fixed
            + " text tokens per segment for " + segments + " segments, but then L = " + length
            + " is not a multiple of the mini-batch size " + k);
      }
      return fixed;
    }
    int base = config.textTokensPerSegment();
    for (int tt = base; tt < base + k; tt++) {
      if (((long) segments * tt + video) % k == 0) {
        return tt;
      }
    }
    int g = gcd(segments, k);
    throw new InvalidInputException("no number of text tokens per segment makes the sequence a"
        + " multiple of the mini-batch size " + k + " for " + segments + " segments with model "
        + config.name() + ": the video part has " + video + " tokens (" + Math.floorMod(-video, k)
        + " short of a multiple of " + k + "), which is not a multiple of gcd(" + segments + ", "
        + k + ") = " + g + "; use a different number of segments");
  }

  /**
   * Video tokens of a story: Nf*S with Nf = F*n + 1.
   *
   * @param segments number of segments
   * @param config the model config
   * @return the number of video tokens
   */
  static long videoTokens(int segments, ModelConfig config) {
    long frames = (long) config.latentFramesPerSegment() * segments + 1;
    return frames * config.tokensPerFrame();
  }

  static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
