package io.github.tttvideo.train;

/**
 * The training run's random numbers (timesteps, noise, text dropout): SplitMix64 with a state of
 * one {@code long}, so a checkpoint can store it and a resumed run draws exactly the same numbers.
 * Normals come from Box-Muller in double precision, both values of each pair used within one
 * {@link #fillGaussian(float[])} call (no hidden spare between calls).
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class TrainRandom {
  private long state;

  /**
   * Creates a generator.
   *
   * @param seed the seed (also the initial state)
   */
  public TrainRandom(long seed) {
    this.state = seed;
  }

  /** {@return the state, for checkpoints} */
  public long state() {
    return state;
  }

  /**
   * Restores a saved state.
   *
   * @param saved a value from {@link #state()}
   */
  public void restore(long saved) {
    this.state = saved;
  }

  /** {@return the next 64 random bits} */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@return a uniform value in [0, 1)} */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * Fills an array with standard normals.
   *
   * @param out the array
   * @return {@code out}
   */
  public float[] fillGaussian(float[] out) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
      double u2 = nextDouble();
      double r = Math.sqrt(-2.0 * Math.log(u1));
      out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return out;
  }
}
