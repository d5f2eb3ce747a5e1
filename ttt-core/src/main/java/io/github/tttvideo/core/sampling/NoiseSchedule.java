package io.github.tttvideo.core.sampling;

import io.github.tttvideo.api.InvalidInputException;

/**
 * The discrete diffusion schedule of CogVideoX / TTT-Video: 1000 training timesteps, a
 * "scaled linear" beta schedule and the zero-terminal-SNR rescale of {@code a = sqrt(abar)}.
 *
 * <pre>{@code
 * betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2      (float64)
 * abar  = cumprod(1 - betas);   a = sqrt(abar)
 * zero terminal SNR over a set T of timesteps:
 *   a(t) <- (a(t) - a(999)) * a(min T) / (a(min T) - a(999))
 * }</pre>
 *
 * <p>After the rescale {@code a(999) = 0} exactly (the last timestep is pure noise) and the
 * smallest timestep of the set keeps its value. All values are double precision.
 *
 * @since 0.1.0
 */
public final class NoiseSchedule {

  /** Number of training timesteps. */
  public static final int TRAINING_STEPS = 1000;

  private static final double BETA_START = 0.00085;
  private static final double BETA_END = 0.012;

  /** Zero-terminal-SNR table over all 1000 timesteps, a(t) for t = 0..999. */
  private static final double[] ZERO_SNR_TABLE = rescaled(allTimesteps());

  private NoiseSchedule() {}

  /**
   * {@code sqrt(abar(t))} of the plain (not rescaled) schedule.
   *
   * @return 1000 values, index = timestep
   */
  public static double[] rawAlphas() {
    double[] a = new double[TRAINING_STEPS];
    double lo = Math.sqrt(BETA_START);
    double hi = Math.sqrt(BETA_END);
    double abar = 1.0;
    for (int t = 0; t < TRAINING_STEPS; t++) {
      double s = lo + (hi - lo) * t / (TRAINING_STEPS - 1);
      abar *= 1.0 - s * s;
      a[t] = Math.sqrt(abar);
    }
    return a;
  }

  /**
   * The zero-terminal-SNR {@code a(t)} over all 1000 timesteps (the table the denoiser's scalings
   * snap to): {@code a(0) = 0.99957...}, {@code a(999) = 0}.
   *
   * @return a copy of the 1000-entry table, index = timestep
   */
  public static double[] zeroSnrTable() {
    return ZERO_SNR_TABLE.clone();
  }

  /**
   * The zero-terminal-SNR {@code a(t)} rescaled over the given timesteps only (what the sampler
   * does with its own subset of timesteps).
   *
   * @param timesteps distinct timesteps in [0, 999], any order, must contain 999
   * @return a(t) for each entry of {@code timesteps}, same order
   */
  public static double[] rescaledOver(int[] timesteps) {
    double[] table = rescaled(timesteps);
    double[] out = new double[timesteps.length];
    for (int i = 0; i < timesteps.length; i++) {
      out[i] = table[timesteps[i]];
    }
    return out;
  }

  /**
   * The timestep of the 1000-entry zero-SNR table whose {@code a} is nearest to {@code alpha} (the
   * official denoiser snaps the sampler's alpha to this table before computing its scalings).
   *
   * @param alpha a value in [0, 1]
   * @return the nearest timestep (the smaller one on a tie)
   */
  public static int nearestTimestep(double alpha) {
    int best = 0;
    double bestDist = Double.POSITIVE_INFINITY;
    for (int t = 0; t < TRAINING_STEPS; t++) {
      double d = Math.abs(ZERO_SNR_TABLE[t] - alpha);
      if (d < bestDist) {
        bestDist = d;
        best = t;
      }
    }
    return best;
  }

  /**
   * {@code a(t)} of the full zero-SNR table.
   *
   * @param timestep in [0, 999]
   * @return the value
   */
  public static double alpha(int timestep) {
    if (timestep < 0 || timestep >= TRAINING_STEPS) {
      throw new InvalidInputException("timestep must be in [0, 999], got " + timestep);
    }
    return ZERO_SNR_TABLE[timestep];
  }

  private static int[] allTimesteps() {
    int[] all = new int[TRAINING_STEPS];
    for (int t = 0; t < TRAINING_STEPS; t++) {
      all[t] = t;
    }
    return all;
  }

  /** Rescales the raw table so that a(999) = 0 and a(min of the set) is kept; index = timestep. */
  private static double[] rescaled(int[] timesteps) {
    int first = Integer.MAX_VALUE;
    boolean hasLast = false;
    for (int t : timesteps) {
      if (t < 0 || t >= TRAINING_STEPS) {
        throw new InvalidInputException("timestep must be in [0, 999], got " + t);
      }
      first = Math.min(first, t);
      hasLast |= t == TRAINING_STEPS - 1;
    }
    if (!hasLast) {
      throw new InvalidInputException("the timesteps of a zero-SNR rescale must include 999");
    }
    double[] raw = rawAlphas();
    double aFirst = raw[first];
    double aLast = raw[TRAINING_STEPS - 1];
    double[] out = new double[TRAINING_STEPS];
    for (int t = 0; t < TRAINING_STEPS; t++) {
      out[t] = (raw[t] - aLast) * aFirst / (aFirst - aLast);
    }
    out[TRAINING_STEPS - 1] = 0.0;
    return out;
  }
}
