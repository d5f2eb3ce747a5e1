package io.github.tttvideo.core.sampling;

import io.github.tttvideo.api.InvalidInputException;

/**
 * A diffusion sampler over a {@link SamplingPlan}, driven one step at a time so that a caller can
 * report progress and cancel between steps.
 *
 * <pre>{@code
 * Sampler sampler = Sampler.dpmSolverPlusPlus2MSde(50);
 * Sampler.Run run = sampler.start(noise, new GaussianNoise(seed + 1));
 * while (!run.done()) {
 *   float[] d = denoiser.predictX0(run.latents(), run.step(), run.timestep(), run.denoiserAlpha());
 *   run.advance(d);
 * }
 * float[] x0 = run.latents();
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class Sampler {
  private final SamplingPlan plan;

  Sampler(SamplingPlan plan) {
    this.plan = plan;
  }

  /**
   * The DPM-Solver++(2M) SDE sampler the official TTT-Video code runs ("VPSDEDPMPP2MSampler").
   *
   * @param steps N (50 in TTT-Video)
   * @return the sampler
   */
  public static Sampler dpmSolverPlusPlus2MSde(int steps) {
    return new DpmSolverPlusPlus2MSde(SamplingPlan.of(steps));
  }

  /**
   * Deterministic DDIM for v-prediction on the same plan (what the paper and docs name).
   *
   * @param steps N
   * @return the sampler
   */
  public static Sampler ddim(int steps) {
    return new VPredictionDdim(SamplingPlan.of(steps));
  }

  /**
   * The plan (timesteps and alphas).
   *
   * @return the plan
   */
  public SamplingPlan plan() {
    return plan;
  }

  /**
   * Starts a run from initial noise.
   *
   * @param initialNoise x at A[0] (standard normal); copied, not modified
   * @param stepNoise source of the fresh noise of stochastic steps
   * @return the run
   */
  public Run start(float[] initialNoise, GaussianNoise stepNoise) {
    return new Run(initialNoise.clone(), stepNoise);
  }

  /**
   * Convenience loop: all steps with one denoiser.
   *
   * @param initialNoise x at A[0]
   * @param denoiser the guided x0 predictor
   * @param stepNoise noise for stochastic steps
   * @return the sample (the last x0 prediction)
   */
  public float[] sample(float[] initialNoise, Denoiser denoiser, GaussianNoise stepNoise) {
    Run run = start(initialNoise, stepNoise);
    while (!run.done()) {
      run.advance(denoiser.predictX0(run.latents(), run.step(), run.timestep(), run.denoiserAlpha()));
    }
    return run.latents();
  }

  /**
   * Computes x_{i+1} in place.
   *
   * @param i step index (never the last)
   * @param x latents, updated in place
   * @param d x0 prediction of step i
   * @param prevD x0 prediction of step i-1, or null at i = 0
   * @param noise step noise
   */
  abstract void update(int i, float[] x, float[] d, float[] prevD, GaussianNoise noise);

  /** One sampling run: its latents and position in the plan. */
  public final class Run {
    private final float[] x;
    private final GaussianNoise noise;
    private float[] prevD;
    private int step;
    private boolean done;

    Run(float[] x, GaussianNoise noise) {
      this.x = x;
      this.noise = noise;
    }

    /**
     * The current step index i (N when done).
     *
     * @return i
     */
    public int step() {
      return step;
    }

    /**
     * Whether all steps ran.
     *
     * @return true after the last step
     */
    public boolean done() {
      return done;
    }

    /**
     * The network timestep of the current step.
     *
     * @return t_i
     */
    public int timestep() {
      return plan.timesteps()[step];
    }

    /**
     * The sampler's alpha A[i] of the current step.
     *
     * @return A[i]
     */
    public double alpha() {
      return plan.alphas()[step];
    }

    /**
     * The alpha the denoiser wrapper uses for its scalings at the current step.
     *
     * @return the snapped alpha
     */
    public double denoiserAlpha() {
      return plan.denoiserAlphas()[step];
    }

    /**
     * The current latents (after the last step: the sample). The array is live; do not modify.
     *
     * @return the latents
     */
    public float[] latents() {
      return x;
    }

    /**
     * Takes one step with the x0 prediction of the current step.
     *
     * @param d the (guided) x0 prediction for {@link #latents()}
     */
    public void advance(float[] d) {
      if (done) {
        throw new IllegalStateException("the sampling run is finished");
      }
      if (d.length != x.length) {
        throw new InvalidInputException(
            "x0 prediction has " + d.length + " values, latents have " + x.length);
      }
      if (step == plan.steps() - 1) {
        System.arraycopy(d, 0, x, 0, x.length);
        done = true;
      } else {
        update(step, x, d, prevD, noise);
        prevD = d.clone();
      }
      step++;
    }
  }

  /** {@code lambda(a) = ln(a / sqrt(1 - a^2))}, -inf at a = 0. */
  static double lambda(double a) {
    return Math.log(a) - 0.5 * Math.log1p(-a * a);
  }

  static final class DpmSolverPlusPlus2MSde extends Sampler {
    DpmSolverPlusPlus2MSde(SamplingPlan plan) {
      super(plan);
    }

    @Override
    void update(int i, float[] x, float[] d, float[] prevD, GaussianNoise noise) {
      double[] a = plan().alphas();
      double an = a[i + 1];
      double sigmaNext = Math.sqrt(1.0 - an * an);
      double m1;
      double m2;
      double sn;
      double h;
      if (a[i] == 0.0) {
        // A[0] = 0: lambda = -inf, h = +inf; the step re-noises the first x0 prediction.
        h = Double.POSITIVE_INFINITY;
        m1 = 0.0;
        m2 = -an;
        sn = sigmaNext;
      } else {
        h = lambda(an) - lambda(a[i]);
        double e2 = Math.exp(-2.0 * h);
        m1 = Math.sqrt((1.0 - an * an) / (1.0 - a[i] * a[i])) * Math.exp(-h);
        m2 = -(-Math.expm1(-2.0 * h)) * an;
        sn = sigmaNext * Math.sqrt(1.0 - e2);
      }
      // Second-order correction; at i = 1 the previous lambda is -inf, so r = inf and D' = D.
      double c = 0.0;
      if (prevD != null && a[i - 1] > 0.0) {
        double r = (lambda(a[i]) - lambda(a[i - 1])) / h;
        c = 1.0 / (2.0 * r);
      }
      for (int k = 0; k < x.length; k++) {
        double dk = (1.0 + c) * d[k] - (c == 0.0 ? 0.0 : c * prevD[k]);
        x[k] = (float) (m1 * x[k] - m2 * dk + sn * noise.nextGaussian());
      }
    }
  }

  static final class VPredictionDdim extends Sampler {
    VPredictionDdim(SamplingPlan plan) {
      super(plan);
    }

    @Override
    void update(int i, float[] x, float[] d, float[] prevD, GaussianNoise noise) {
      double[] a = plan().alphas();
      double ai = a[i];
      double an = a[i + 1];
      double si = Math.sqrt(1.0 - ai * ai);
      double sn = Math.sqrt(1.0 - an * an);
      for (int k = 0; k < x.length; k++) {
        double eps = (x[k] - ai * d[k]) / si;
        x[k] = (float) (an * d[k] + sn * eps);
      }
    }
  }
}
