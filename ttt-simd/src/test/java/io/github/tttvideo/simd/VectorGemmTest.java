package io.github.tttvideo.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packed Vector API product against a double-precision triple loop. */
class VectorGemmTest {

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"4,16,8", "64,256,64", "64,64,256", "5,7,3", "1,1,1", "13,33,19", "3,17,64",
      "9,40,2"})
  void productEqualsNaiveLoops(int m, int n, int k) {
    Random rnd = new Random(m * 1000L + n * 10L + k);
    VectorGemm g = new VectorGemm(m, k);
    float[] packed = new float[k * VectorGemm.paddedCols(n)];
    // A row-major at an offset, B transposed (read through strides), bias init
    float[] a = ScanInputs.gauss(rnd, 3 + m * k, 1.0);
    float[] bt = ScanInputs.gauss(rnd, 2 + n * k, 1.0); // [n, k]
    float[] bias = ScanInputs.gauss(rnd, n, 1.0);
    float[] c = new float[1 + m * n];
    VectorGemm.pack(bt, 2, 1, k, k, n, packed);
    g.gemm(m, n, k, a, 3, k, 1, packed, c, 1, n, bias, 0, 0);
    double[] ref = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = bias[j];
        for (int p = 0; p < k; p++) {
          s += (double) a[3 + i * k + p] * bt[2 + j * k + p];
        }
        ref[i * n + j] = s;
      }
    }
    check(ref, c, 1, k);

    // A transposed (column strides), B row-major, accumulate into C
    float[] at = ScanInputs.gauss(rnd, k * m, 1.0); // [k, m]
    float[] b = ScanInputs.gauss(rnd, k * n, 1.0); // [k, n]
    VectorGemm.pack(b, 0, n, 1, k, n, packed);
    for (int i = 0; i < m * n; i++) {
      ref[i] = c[1 + i];
    }
    g.gemm(m, n, k, at, 0, 1, m, packed, c, 1, n, c, 1, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (double) at[p * m + i] * b[p * n + j];
        }
        ref[i * n + j] += s;
      }
    }
    check(ref, c, 1, 2 * k);
  }

  private static void check(double[] ref, float[] c, int off, int k) {
    double tol = 1e-6 * (k + 1) * 4;
    for (int i = 0; i < ref.length; i++) {
      double err = Math.abs(c[off + i] - ref[i]);
      assertTrue(err <= tol * (1 + Math.abs(ref[i])),
          "[" + i + "] " + c[off + i] + " vs " + ref[i]);
    }
  }
}
