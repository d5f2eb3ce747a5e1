package io.github.tttvideo.core.sampling;

/**
 * Seeded standard-normal noise drawn on the CPU, identical on every JVM, backend and device.
 *
 * <p>Uniforms come from SplitMix64 (Steele, Lea and Flood 2014; a fixed, fully specified
 * algorithm, unlike {@link java.util.Random} subclasses whose streams may change between JDKs), and
 * normals from the Box-Muller transform in double precision, both values of each pair used.
 *
 * <p>Not thread-safe: use one instance per render.
 *
 * @since 0.1.0
 */
public final class GaussianNoise {
  private long state;
  private double spare;
  private boolean hasSpare;

  /**
   * Creates a generator.
   *
   * @param seed any value; equal seeds give equal streams
   */
  public GaussianNoise(long seed) {
    this.state = seed;
  }

  /**
   * Next 64 random bits (SplitMix64).
   *
   * @return the bits
   */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Next uniform value in (0, 1), never 0 (53 random bits).
   *
   * @return the value
   */
  public double nextOpenUniform() {
    return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
  }

  /**
   * Next standard-normal value.
   *
   * @return the value
   */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double r = Math.sqrt(-2.0 * Math.log(nextOpenUniform()));
    double phi = 2.0 * Math.PI * nextOpenUniform();
    spare = r * Math.sin(phi);
    hasSpare = true;
    return r * Math.cos(phi);
  }

  /**
   * Fills an array with standard-normal values.
   *
   * @param out the array to fill
   * @return {@code out}
   */
  public float[] fill(float[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) nextGaussian();
    }
    return out;
  }
}
