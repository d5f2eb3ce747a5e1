package io.github.tttvideo.core.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import org.junit.jupiter.api.Test;

class SamplerTest {

  @Test
  void zeroSnrTableEndsAtZeroAndDecreasesStrictly() {
    double[] a = NoiseSchedule.zeroSnrTable();
    assertEquals(0.0, a[999], 0.0);
    assertEquals(0.999575, a[0], 1e-6);
    for (int t = 1; t < 1000; t++) {
      assertTrue(a[t] < a[t - 1], "a must decrease at t=" + t);
    }
  }

  @Test
  void rawScheduleMatchesScaledLinearBetas() {
    double[] raw = NoiseSchedule.rawAlphas();
    // beta_0 = 0.00085 exactly, so a(0) = sqrt(1 - 0.00085)
    assertEquals(Math.sqrt(1 - 0.00085), raw[0], 1e-15);
    double b1 = Math.pow(Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999, 2);
    assertEquals(Math.sqrt((1 - 0.00085) * (1 - b1)), raw[1], 1e-15);
  }

  @Test
  void fiftyStepPlanHasOfficialTimestepsAndAlphas() {
    SamplingPlan plan = SamplingPlan.of(50);
    assertEquals(50, plan.steps());
    for (int i = 0; i < 50; i++) {
      assertEquals(999 - 20 * i, plan.timesteps()[i], "t_" + i);
    }
    assertEquals(0.0, plan.alphas()[0], 0.0);
    assertEquals(1.0, plan.alphas()[50], 0.0);
    // the smallest timestep of the set keeps its raw value: a(19) = 0.99108
    assertEquals(NoiseSchedule.rawAlphas()[19], plan.alphas()[49], 1e-15);
    assertEquals(0.99108, plan.alphas()[49], 1e-5);
    for (int i = 1; i <= 50; i++) {
      assertTrue(plan.alphas()[i] > plan.alphas()[i - 1]);
    }
    // the denoiser's alpha is an entry of the full table close to A[i]
    for (int i = 0; i < 50; i++) {
      int t = NoiseSchedule.nearestTimestep(plan.alphas()[i]);
      assertTrue(Math.abs(t - plan.timesteps()[i]) <= 1, "snapped timestep near t_i at " + i);
      assertEquals(NoiseSchedule.alpha(t), plan.denoiserAlphas()[i], 0.0);
    }
  }

  @Test
  void dynamicGuidanceRisesFromOneTowardsOnePlusScale() {
    GuidanceScale g = GuidanceScale.defaults();
    assertEquals(1.0, g.scale(0, 50, 999), 0.0);
    double prev = 1.0;
    for (int k = 1; k < 50; k++) {
      double s = g.scale(k, 50, 999 - 20 * k);
      assertTrue(s >= prev, "monotone at k=" + k);
      prev = s;
    }
    double expected49 = 1 + 6 * (1 - Math.cos(Math.PI * Math.pow(49.0 / 50, 5))) / 2;
    assertEquals(expected49, prev, 1e-12);
    assertEquals(6.864, prev, 1e-3);
  }

  @Test
  void officialTimestepGuidanceReproducesItsPseudoRandomValues() {
    GuidanceScale g = GuidanceScale.officialTimestep(6, 5);
    double[] expected = {2.29, 2.54, 6.97, 6.42, 2.79};
    for (int i = 0; i < expected.length; i++) {
      double s = g.scale(i, 50, 999 - 20 * i);
      assertEquals(expected[i], s, 0.006, "step " + i);
    }
  }

  @Test
  void guidanceWithEqualPredictionsReturnsTheConditionalOne() {
    float[] d = {0.5f, -1.25f, 3f};
    float[] out = GuidanceScale.combine(d.clone(), d.clone(), 6.97, new float[3]);
    assertArrayEquals(d, out, 0f);
    assertArrayEquals(
        new float[] {2f}, GuidanceScale.combine(new float[] {1f}, new float[] {1.5f}, 2, new float[1]));
  }

  @Test
  void dpmFirstStepRenoisesTheFirstPrediction() {
    Sampler s = Sampler.dpmSolverPlusPlus2MSde(50);
    float[] x = new GaussianNoise(1).fill(new float[64]);
    float[] d = new GaussianNoise(2).fill(new float[64]);
    Sampler.Run run = s.start(x, new GaussianNoise(3));
    run.advance(d);
    double a1 = s.plan().alphas()[1];
    GaussianNoise eps = new GaussianNoise(3);
    for (int k = 0; k < 64; k++) {
      double expected = a1 * d[k] + Math.sqrt(1 - a1 * a1) * eps.nextGaussian();
      assertEquals(expected, run.latents()[k], 1e-6);
    }
  }

  @Test
  void dpmLaterStepsFollowTheSecondOrderFormula() {
    int n = 10;
    Sampler s = Sampler.dpmSolverPlusPlus2MSde(n);
    double[] a = s.plan().alphas();
    float[] x0 = new GaussianNoise(5).fill(new float[16]);
    float[][] ds = new float[n][];
    for (int i = 0; i < n; i++) {
      ds[i] = new GaussianNoise(100 + i).fill(new float[16]);
    }
    Sampler.Run run = s.start(x0, new GaussianNoise(9));
    // reference in double, written straight from the reference's formulas
    double[] x = new double[16];
    for (int k = 0; k < 16; k++) {
      x[k] = x0[k];
    }
    GaussianNoise eps = new GaussianNoise(9);
    for (int i = 0; i < n; i++) {
      run.advance(ds[i]);
      if (i == n - 1) {
        for (int k = 0; k < 16; k++) {
          x[k] = ds[i][k];
        }
        break;
      }
      double lamNext = Math.log(a[i + 1] / Math.sqrt(1 - a[i + 1] * a[i + 1]));
      double lamCur = i == 0 ? Double.NEGATIVE_INFINITY : Math.log(a[i] / Math.sqrt(1 - a[i] * a[i]));
      double h = lamNext - lamCur;
      double m1 = i == 0 ? 0 : Math.sqrt((1 - a[i + 1] * a[i + 1]) / (1 - a[i] * a[i])) * Math.exp(-h);
      double m2 = (Math.exp(-2 * h) - 1) * a[i + 1];
      double sn = Math.sqrt(1 - a[i + 1] * a[i + 1]) * Math.sqrt(1 - Math.exp(-2 * h));
      for (int k = 0; k < 16; k++) {
        double dd = ds[i][k];
        if (i >= 2) {
          double lamPrev = Math.log(a[i - 1] / Math.sqrt(1 - a[i - 1] * a[i - 1]));
          double r = (lamCur - lamPrev) / h;
          dd = (1 + 1 / (2 * r)) * ds[i][k] - (1 / (2 * r)) * ds[i - 1][k];
        }
        x[k] = m1 * x[k] - m2 * dd + sn * eps.nextGaussian();
      }
      for (int k = 0; k < 16; k++) {
        assertEquals(x[k], run.latents()[k], 2e-5 * (1 + Math.abs(x[k])), "step " + i + " k " + k);
      }
    }
    assertTrue(run.done());
    assertArrayEquals(ds[n - 1], run.latents(), 0f);
  }

  @Test
  void ddimWithAnExactDenoiserRecoversTheCleanSignal() {
    float[] clean = new GaussianNoise(11).fill(new float[32]);
    Sampler s = Sampler.ddim(20);
    Sampler.Run run = s.start(new GaussianNoise(12).fill(new float[32]), new GaussianNoise(13));
    int steps = 0;
    while (!run.done()) {
      // a perfect x0 predictor; DDIM then keeps x on the line between clean signal and noise
      float[] x = run.latents();
      double a = run.alpha();
      if (steps > 0) {
        // x = a clean + sigma eps with the same eps as the start
        for (int k = 0; k < 32; k++) {
          assertTrue(Double.isFinite(x[k]));
        }
        assertTrue(a > 0);
      }
      run.advance(clean);
      steps++;
    }
    assertEquals(20, steps);
    assertArrayEquals(clean, run.latents(), 0f);
  }

  @Test
  void ddimStepMatchesClosedForm() {
    Sampler s = Sampler.ddim(5);
    double[] a = s.plan().alphas();
    float[] x = {0.3f, -1.1f};
    float[] d = {0.9f, 0.2f};
    Sampler.Run run = s.start(x, new GaussianNoise(0));
    run.advance(d); // step 0, a = 0
    for (int k = 0; k < 2; k++) {
      assertEquals(a[1] * d[k] + Math.sqrt(1 - a[1] * a[1]) * x[k], run.latents()[k], 1e-6);
    }
  }

  @Test
  void samplingIsDeterministicForASeed() {
    Denoiser den = (x, step, t, alpha) -> {
      float[] out = new float[x.length];
      for (int k = 0; k < x.length; k++) {
        out[k] = (float) (0.5 * x[k] * alpha);
      }
      return out;
    };
    Sampler s = Sampler.dpmSolverPlusPlus2MSde(12);
    float[] a = s.sample(new GaussianNoise(7).fill(new float[50]), den, new GaussianNoise(8));
    float[] b = s.sample(new GaussianNoise(7).fill(new float[50]), den, new GaussianNoise(8));
    float[] c = s.sample(new GaussianNoise(7).fill(new float[50]), den, new GaussianNoise(9));
    assertArrayEquals(a, b, 0f);
    assertTrue(a[0] != c[0] || a[1] != c[1]);
  }

  @Test
  void badArgumentsAreRejectedWithNamedMessages() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> SamplingPlan.of(0));
    assertTrue(e.getMessage().contains("steps"));
    assertThrows(InvalidInputException.class, () -> GuidanceScale.constant(Double.NaN));
    Sampler.Run run = Sampler.ddim(3).start(new float[4], new GaussianNoise(0));
    assertThrows(InvalidInputException.class, () -> run.advance(new float[3]));
  }

  @Test
  void vPredictionRoundTrips() {
    float[] x0 = new GaussianNoise(1).fill(new float[8]);
    float[] eps = new GaussianNoise(2).fill(new float[8]);
    double a = 0.6;
    float[] xt = VPrediction.noised(x0, eps, a);
    float[] v = VPrediction.target(x0, eps, a);
    assertArrayEquals(x0, VPrediction.toX0(xt, v, a), 1e-5f);
  }

  @Test
  void gaussianNoiseIsReproducibleAndStandard() {
    GaussianNoise g = new GaussianNoise(42);
    double sum = 0;
    double sq = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double v = g.nextGaussian();
      sum += v;
      sq += v * v;
    }
    assertEquals(0.0, sum / n, 0.01);
    assertEquals(1.0, sq / n, 0.01);
    assertEquals(new GaussianNoise(42).nextLong(), new GaussianNoise(42).nextLong());
    // SplitMix64 reference value for seed 0 (first output)
    assertEquals(0xE220A8397B1DCDAFL, new GaussianNoise(0).nextLong());
  }
}
