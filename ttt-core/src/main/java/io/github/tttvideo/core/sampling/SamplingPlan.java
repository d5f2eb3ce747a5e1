package io.github.tttvideo.core.sampling;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The timesteps and noise levels of an N-step sampling run, as the official sampler builds them.
 *
 * <pre>{@code
 * t_i = int(999 - i * 999 / N)             i = 0..N-1   (linspace(999, 0, N, endpoint=False))
 * A[i] = zero-SNR a(t_i) rescaled over {t_0..t_{N-1}}   (A[0] = a(999) = 0)
 * A[N] = 1
 * denoiser alpha[i] = the full 1000-step zero-SNR table at the timestep nearest to A[i]
 * }</pre>
 *
 * <p>For N = 50 this gives t = 999, 979, ..., 19 and {@code A[49] = a(19) = 0.99108}.
 *
 * @param timesteps t_i given to the network, N entries, decreasing
 * @param alphas A[i], N + 1 entries, increasing from 0 to 1
 * @param denoiserAlphas the alpha the denoiser wrapper uses for its scalings at step i, N entries
 * @since 0.1.0
 */
public record SamplingPlan(int[] timesteps, double[] alphas, double[] denoiserAlphas) {

  /**
   * Builds the plan for N steps.
   *
   * @param steps N, in [1, 1000]
   * @return the plan
   */
  public static SamplingPlan of(int steps) {
    if (steps < 1 || steps > NoiseSchedule.TRAINING_STEPS) {
      throw new InvalidInputException("steps must be in [1, 1000], got " + steps);
    }
    int last = NoiseSchedule.TRAINING_STEPS - 1;
    int[] ts = new int[steps];
    for (int i = 0; i < steps; i++) {
      ts[i] = (int) (last - (double) i * last / steps);
    }
    double[] rescaled = NoiseSchedule.rescaledOver(ts);
    double[] a = new double[steps + 1];
    double[] snapped = new double[steps];
    for (int i = 0; i < steps; i++) {
      a[i] = rescaled[i];
      snapped[i] = NoiseSchedule.alpha(NoiseSchedule.nearestTimestep(a[i]));
    }
    a[steps] = 1.0;
    return new SamplingPlan(ts, a, snapped);
  }

  /**
   * Number of steps N.
   *
   * @return N
   */
  public int steps() {
    return timesteps.length;
  }
}
