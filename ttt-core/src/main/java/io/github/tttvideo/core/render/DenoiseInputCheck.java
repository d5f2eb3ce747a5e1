package io.github.tttvideo.core.render;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.spi.DenoiseInput;

/**
 * The checks every backend makes on a {@link DenoiseInput} before any native work: its sizes
 * against the model's sequence layout for that many segments, and finite values. One place, so
 * that every backend refuses the same inputs with the same messages.
 *
 * <pre>{@code
 * SequenceLayout layout = SequenceLayout.of(input.segments(), config);
 * DenoiseInputCheck.check(input, config, layout); // throws InvalidInputException naming the problem
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DenoiseInputCheck {

  private DenoiseInputCheck() {}

  /**
   * Checks an input against a model.
   *
   * @param input the denoiser input
   * @param config the model
   * @param layout the model's layout of {@code input.segments()} segments
   * @throws InvalidInputException if the text tokens per segment, the latent frames, the latent
   *     or text array sizes do not match, or a value is NaN or infinite
   */
  public static void check(DenoiseInput input, ModelConfig config, SequenceLayout layout) {
    if (layout.textTokensPerSegment() != input.textTokensPerSegment()) {
      throw new InvalidInputException("model " + config.name() + " lays out "
          + input.segments() + " segments with " + layout.textTokensPerSegment()
          + " text tokens each, got " + input.textTokensPerSegment());
    }
    if (layout.latentFrames() != input.latentFrames()) {
      throw new InvalidInputException(input.segments() + " segments need "
          + layout.latentFrames() + " latent frames, got " + input.latentFrames());
    }
    // latents [Nf, C, h, w], text [n, Tt, T]
    long perFrame = (long) config.latentChannels() * config.latentHeight() * config.latentWidth();
    if (input.latents().length != perFrame * input.latentFrames()) {
      throw new InvalidInputException("latents must be [" + input.latentFrames() + ", "
          + config.latentChannels() + ", " + config.latentHeight() + ", " + config.latentWidth()
          + "], got " + input.latents().length + " values");
    }
    if (input.text().length != (long) layout.textTokens() * config.textDim()) {
      throw new InvalidInputException("text must be [" + input.segments() + ", "
          + input.textTokensPerSegment() + ", " + config.textDim() + "], got "
          + input.text().length + " values");
    }
    requireFinite("latents", input.latents());
    requireFinite("text", input.text());
  }

  /**
   * Refuses NaN and infinities: a native engine would carry them through every layer and return a
   * velocity of NaNs, which the sampler would turn into a black video without a word.
   *
   * @param name what the values are, for the message
   * @param values the values
   * @throws InvalidInputException naming the first value that is not finite
   */
  public static void requireFinite(String name, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new InvalidInputException(name + " must be finite, but " + name + "[" + i + "] is "
            + values[i]);
      }
    }
  }
}
