package io.github.tttvideo.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.core.ttt.TttMath;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorised element-wise and row functions against double-precision references. */
class VectorMathTest {

  /** Inputs for the element-wise checks: a dense grid plus tiny and huge magnitudes. */
  private static float[] grid() {
    int n = 200_003; // not a multiple of the vector length: the scalar tail runs too
    float[] x = new float[n];
    for (int i = 0; i < n - 40; i++) {
      x[i] = -20f + 40f * i / (n - 41);
    }
    for (int i = 0; i < 20; i++) {
      x[n - 40 + i] = (float) Math.pow(10, -i - 1);
      x[n - 20 + i] = -(float) Math.pow(10, i - 5);
    }
    return x;
  }

  @Test
  void tanhHasRelativeErrorBelowOneMillionth() {
    float[] x = grid();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    // through the vector path (gelu's tanh is not exposed row-wise): compare lane by lane
    var s = VectorGemm.S;
    int bound = s.loopBound(x.length);
    for (int i = 0; i < bound; i += s.length()) {
      VectorMath.tanh(jdk.incubator.vector.FloatVector.fromArray(s, x, i)).intoArray(y, i);
    }
    for (int i = bound; i < x.length; i++) {
      y[i] = VectorMath.tanh(x[i]);
    }
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double ref = Math.tanh(x[i]);
      double rel = ref == 0 ? Math.abs(y[i]) : Math.abs(y[i] - ref) / Math.abs(ref);
      worst = Math.max(worst, rel);
    }
    assertTrue(worst < 1e-6, "worst relative error of tanh " + worst);
  }

  @Test
  void geluAndDerivativeMatchTheReference() {
    float[] x = grid();
    float[] y = new float[x.length];
    float[] dy = new float[x.length];
    float[] y2 = new float[x.length];
    VectorMath.geluWithDerivative(x, 0, y, 0, dy, 0, x.length);
    VectorMath.gelu(x, 0, y2, 0, x.length);
    double worstY = 0;
    double worstDy = 0;
    for (int i = 0; i < x.length; i++) {
      double ref = TttMath.geluTanh((double) x[i]);
      double refD = TttMath.geluTanhBackward((double) x[i]);
      // absolute error scaled by max(1, |x|): gelu(x) ~ x for large x, ~ 0 for very negative x
      double scale = Math.max(1, Math.abs(x[i]));
      worstY = Math.max(worstY, Math.abs(y[i] - ref) / scale);
      worstDy = Math.max(worstDy, Math.abs(dy[i] - refD) / scale);
      assertTrue(y[i] == y2[i], "gelu differs between the two entry points at " + x[i]);
    }
    assertTrue(worstY < 1e-6, "gelu error " + worstY);
    assertTrue(worstDy < 2e-6, "gelu' error " + worstDy);
  }

  @Test
  void layerNormRowsMatchTheReference() {
    Random rnd = new Random(3);
    for (int n : new int[] {1, 3, 8, 19, 64, 100}) {
      float[] x = ScanInputs.gauss(rnd, n + 5, 2.0);
      float[] t = ScanInputs.gauss(rnd, n + 5, 1.0);
      float[] gamma = ScanInputs.gauss(rnd, n + 2, 1.0);
      float[] beta = ScanInputs.gauss(rnd, n + 2, 1.0);
      float[] base = ScanInputs.gauss(rnd, n + 1, 1.0);
      float[] out = new float[n + 4];
      float[] ref = new float[n];
      VectorMath.layerNormAdd(x, 5, gamma, beta, 2, 1e-6, base, 1, out, 4, n);
      TttMath.layerNorm(x, 5, n, gamma, 2, beta, 1e-6, ref, 0);
      for (int i = 0; i < n; i++) {
        double want = ref[i] + base[1 + i];
        assertTrue(Math.abs(out[4 + i] - want) <= 1e-5 * (1 + Math.abs(want)),
            "LN n=" + n + " [" + i + "] " + out[4 + i] + " vs " + want);
      }
      float[] grad = new float[n + 3];
      float[] refGrad = new float[n];
      VectorMath.layerNormL2Backward(x, 5, t, 5, gamma, beta, 2, 1e-6, grad, 3, new float[n], n);
      TttMath.layerNormL2Backward(x, 5, t, 5, n, gamma, beta, 2, 1e-6, refGrad, 0);
      for (int i = 0; i < n; i++) {
        assertTrue(Math.abs(grad[3 + i] - refGrad[i]) <= 1e-5 * (1 + Math.abs(refGrad[i])),
            "LN-L2 grad n=" + n + " [" + i + "] " + grad[3 + i] + " vs " + refGrad[i]);
      }
    }
  }
}
