package io.github.tttvideo.core.sampling;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The v-prediction parameterisation: {@code x_t = a x0 + sqrt(1-a^2) eps},
 * {@code v = a eps - sqrt(1-a^2) x0}, so the denoiser wrapper turns the network output into
 * {@code x0_hat = a x_t - sqrt(1-a^2) v} (c_skip = a, c_out = -sqrt(1-a^2), c_in = 1).
 *
 * @since 0.1.0
 */
public final class VPrediction {
  private VPrediction() {}

  /**
   * x0 from the network's v output.
   *
   * @param x noisy latents x_t
   * @param v network output
   * @param alpha a for this step
   * @return a new array with the x0 prediction
   */
  public static float[] toX0(float[] x, float[] v, double alpha) {
    checkSameLength(x, v);
    double sigma = Math.sqrt(Math.max(0.0, 1.0 - alpha * alpha));
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) (alpha * x[i] - sigma * v[i]);
    }
    return out;
  }

  /**
   * The training target v for clean latents x0 and noise eps.
   *
   * @param x0 clean latents
   * @param eps noise
   * @param alpha a for this timestep
   * @return a new array with v
   */
  public static float[] target(float[] x0, float[] eps, double alpha) {
    checkSameLength(x0, eps);
    double sigma = Math.sqrt(Math.max(0.0, 1.0 - alpha * alpha));
    float[] out = new float[x0.length];
    for (int i = 0; i < x0.length; i++) {
      out[i] = (float) (alpha * eps[i] - sigma * x0[i]);
    }
    return out;
  }

  /**
   * Noised latents {@code a x0 + sqrt(1-a^2) eps}.
   *
   * @param x0 clean latents
   * @param eps noise
   * @param alpha a for this timestep
   * @return a new array with x_t
   */
  public static float[] noised(float[] x0, float[] eps, double alpha) {
    checkSameLength(x0, eps);
    double sigma = Math.sqrt(Math.max(0.0, 1.0 - alpha * alpha));
    float[] out = new float[x0.length];
    for (int i = 0; i < x0.length; i++) {
      out[i] = (float) (alpha * x0[i] + sigma * eps[i]);
    }
    return out;
  }

  private static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new InvalidInputException("arrays differ in length: " + a.length + " vs " + b.length);
    }
  }
}
