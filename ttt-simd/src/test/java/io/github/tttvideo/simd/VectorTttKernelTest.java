package io.github.tttvideo.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel computes what the pure-Java kernel computes, over shapes that do and do
 * not fill whole vectors and micro-kernel blocks (the layers need an even head dim), both inner
 * models, causal and not, equal eta rows (primal path) and full eta matrices (dual path), one and
 * several threads.
 */
class VectorTttKernelTest {

  /** Elementwise |x - ref| <= TOL max(1, |ref|). */
  static final double TOL = 1e-5;

  static Stream<Arguments> cases() {
    // B, H, NC, K, d
    int[][] shapes = {
        {1, 2, 3, 16, 8}, {2, 3, 2, 5, 6}, {1, 1, 3, 13, 18}, {1, 2, 2, 64, 64},
        {2, 1, 2, 17, 34}, {1, 2, 4, 8, 16}, {1, 1, 2, 3, 4}, {1, 1, 2, 1, 10},
        {1, 1, 2, 7, 14}};
    List<Arguments> out = new ArrayList<>();
    long seed = 1;
    for (int[] s : shapes) {
      for (TttVariant v : TttVariant.values()) {
        for (boolean causal : new boolean[] {false, true}) {
          for (boolean equalRows : new boolean[] {true, false}) {
            int threads = (int) (seed % 3) + 1;
            out.add(Arguments.of(v, s[0], s[1], s[2], s[3], s[4], causal, equalRows, threads,
                seed++));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} B={1} H={2} NC={3} K={4} d={5} causal={6} equalRows={7}"
      + " threads={8}")
  @MethodSource("cases")
  void vectorKernelEqualsJavaKernel(TttVariant v, int bsz, int h, int nc, int kk, int d,
      boolean causal, boolean equalRows, int threads, long seed) {
    Random rnd = new Random(seed);
    TttConfig cfg = ScanInputs.config(v, h, d, kk, causal);
    TttScanInput in = ScanInputs.random(rnd, bsz, h, nc, kk, d, equalRows, 1.0 / kk);
    InnerWeights w0 = ScanInputs.weights(rnd, v, h, d, 0.1);
    int outLen = bsz * nc * kk * h * d;

    float[] expected = new float[outLen];
    InnerWeights expectedState = InnerWeights.zeros(v, bsz * h, d);
    new JavaTttKernel(1).scan(cfg, in, w0, expected, expectedState);

    float[] actual = new float[outLen];
    InnerWeights actualState = InnerWeights.zeros(v, bsz * h, d);
    new VectorTttKernel(threads).scan(cfg, in, w0, actual, actualState);

    assertClose("out", expected, actual);
    assertClose("W1", expectedState.w1(), actualState.w1());
    assertClose("b1", expectedState.b1(), actualState.b1());
    if (v == TttVariant.MLP) {
      assertClose("W2", expectedState.w2(), actualState.w2());
      assertClose("b2", expectedState.b2(), actualState.b2());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void resultsDoNotDependOnTheThreadCount(TttVariant v) {
    Random rnd = new Random(7);
    TttConfig cfg = ScanInputs.config(v, 4, 24, 12, false);
    TttScanInput in = ScanInputs.random(rnd, 2, 4, 3, 12, 24, true, 0.05);
    InnerWeights w0 = ScanInputs.weights(rnd, v, 4, 24, 0.05);
    float[] one = new float[2 * 3 * 12 * 4 * 24];
    float[] three = new float[one.length];
    new VectorTttKernel(1).scan(cfg, in, w0, one, null);
    new VectorTttKernel(3).scan(cfg, in, w0, three, null);
    assertEquals(0, java.util.Arrays.compare(one, three), "outputs differ between 1 and 3 threads");
  }

  static Stream<TttVariant> variants() {
    return Stream.of(TttVariant.values());
  }

  static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    double worst = 0;
    int at = 0;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
      if (!(err <= worst)) {
        worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
        at = i;
      }
    }
    final int idx = at;
    final double w = worst;
    assertTrue(worst <= TOL, () -> what + ": worst error " + w + " at [" + idx + "]: expected "
        + expected[idx] + ", got " + actual[idx]);
  }
}
