package io.github.tttvideo.api;

/**
 * How the classifier-free guidance scale changes over the denoising steps.
 *
 * <pre>{@code
 * RenderOptions o = RenderOptions.builder()
 *     .guidance(GuidanceSchedule.CONSTANT, 5.0)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public enum GuidanceSchedule {
  /**
   * The intended reading of the official formula: {@code s(k) = 1 + scale * (1 - cos(pi * (k /
   * N)^5)) / 2} over the step index k, rising from 1 to about 1 + scale.
   */
  DYNAMIC_COSINE,
  /**
   * The official code as implemented: the same formula evaluated at {@code k = N - t} with t the
   * diffusion timestep, which makes the scale jump between 1 and 1 + scale.
   */
  OFFICIAL_TIMESTEP,
  /** The same scale at every step. */
  CONSTANT
}
