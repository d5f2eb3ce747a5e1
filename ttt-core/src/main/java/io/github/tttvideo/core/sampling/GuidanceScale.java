package io.github.tttvideo.core.sampling;

import io.github.tttvideo.api.InvalidInputException;

/**
 * Classifier-free guidance scale per sampling step: {@code D = D_u + s * (D_c - D_u)}.
 *
 * <ul>
 *   <li>{@link #dynamic(double, double)}: {@code s(k) = 1 + scale * (1 - cos(pi * (k/N)^exp)) / 2}
 *       with k the step index 0..N-1, rising from 1 towards 1 + scale (the intended schedule of
 *       TTT-Video; scale 6, exponent 5 by default);
 *   <li>{@link #officialTimestep(double, double)}: the same formula as the official code evaluates
 *       it, with {@code k = N - t_i} and t_i the DDPM timestep (999, 979, ...). (k/N)^5 is then a
 *       huge negative number and s jumps pseudo-randomly in [1, 1 + scale]; offered for parity;
 *   <li>{@link #constant(double)}: the same scale at every step.
 * </ul>
 *
 * @since 0.1.0
 */
public abstract sealed class GuidanceScale {

  private GuidanceScale() {}

  /**
   * Guidance scale at step {@code step} of {@code steps}, whose network timestep is
   * {@code timestep}.
   *
   * @param step step index k, 0..N-1
   * @param steps N
   * @param timestep the DDPM timestep of that step
   * @return the scale s
   */
  public abstract double scale(int step, int steps, int timestep);

  /**
   * The intended dynamic schedule.
   *
   * @param scale the peak addition (6 in TTT-Video)
   * @param exponent the exponent (5 in TTT-Video)
   * @return the schedule
   */
  public static GuidanceScale dynamic(double scale, double exponent) {
    return new Cosine(scale, exponent, false);
  }

  /**
   * The dynamic schedule indexed by DDPM timestep as the official code evaluates it.
   *
   * @param scale the peak addition (6 in TTT-Video)
   * @param exponent the exponent (5 in TTT-Video)
   * @return the schedule
   */
  public static GuidanceScale officialTimestep(double scale, double exponent) {
    return new Cosine(scale, exponent, true);
  }

  /**
   * A constant scale.
   *
   * @param scale the scale (1 = no guidance)
   * @return the schedule
   */
  public static GuidanceScale constant(double scale) {
    return new Constant(scale);
  }

  /**
   * The implementation of a schedule chosen in the public API, with the reference's exponent 5.
   *
   * @param schedule the schedule named in {@code RenderOptions}
   * @param scale the guidance scale (peak addition for the cosine schedules)
   * @return the implementation
   */
  public static GuidanceScale of(io.github.tttvideo.api.GuidanceSchedule schedule, double scale) {
    return switch (schedule) {
      case DYNAMIC_COSINE -> dynamic(scale, 5.0);
      case OFFICIAL_TIMESTEP -> officialTimestep(scale, 5.0);
      case CONSTANT -> constant(scale);
    };
  }

  /**
   * The TTT-Video default: dynamic, scale 6, exponent 5.
   *
   * @return the schedule
   */
  public static GuidanceScale defaults() {
    return dynamic(6.0, 5.0);
  }

  private static void check(double v, String name) {
    if (!Double.isFinite(v) || v < 0) {
      throw new InvalidInputException(name + " must be finite and >= 0, got " + v);
    }
  }

  static final class Cosine extends GuidanceScale {
    private final double scale;
    private final double exponent;
    private final boolean byTimestep;

    Cosine(double scale, double exponent, boolean byTimestep) {
      check(scale, "guidance scale");
      check(exponent, "guidance exponent");
      this.scale = scale;
      this.exponent = exponent;
      this.byTimestep = byTimestep;
    }

    @Override
    public double scale(int step, int steps, int timestep) {
      double k = byTimestep ? steps - timestep : step;
      double x = Math.pow(k / steps, exponent);
      return 1.0 + scale * (1.0 - Math.cos(Math.PI * x)) / 2.0;
    }

    @Override
    public String toString() {
      return (byTimestep ? "officialTimestep(" : "dynamic(") + scale + ", " + exponent + ")";
    }
  }

  static final class Constant extends GuidanceScale {
    private final double scale;

    Constant(double scale) {
      check(scale, "guidance scale");
      this.scale = scale;
    }

    @Override
    public double scale(int step, int steps, int timestep) {
      return scale;
    }

    @Override
    public String toString() {
      return "constant(" + scale + ")";
    }
  }

  /**
   * Combines unconditional and conditional x0 predictions in place of {@code out}.
   *
   * @param uncond D_u
   * @param cond D_c
   * @param s the scale
   * @param out destination (may be {@code uncond} or {@code cond})
   * @return {@code out}
   */
  public static float[] combine(float[] uncond, float[] cond, double s, float[] out) {
    if (uncond.length != cond.length || out.length != cond.length) {
      throw new InvalidInputException(
          "guidance inputs differ in size: " + uncond.length + ", " + cond.length + ", " + out.length);
    }
    float sf = (float) s;
    for (int i = 0; i < out.length; i++) {
      float u = uncond[i];
      out[i] = u + sf * (cond[i] - u);
    }
    return out;
  }
}
