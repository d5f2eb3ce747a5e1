package io.github.tttvideo.core.ttt;

/**
 * Small dense matrix products on {@code float[rows][cols]}.
 *
 * <p>Rows are separate arrays and the inner loop runs over contiguous row elements from index 0,
 * the shape the HotSpot JIT auto-vectorises (a flat array with offsets is not vectorised, see
 * docs/performance.md). Four rows of B are combined per pass to cut loads and stores of C.
 */
final class Rows {

  private Rows() {}

  /**
   * {@code C += A x B}: [m, k] x [k, n] added into [m, n].
   */
  static void mulAdd(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      float[] ci = c[i];
      float[] ai = a[i];
      int p = 0;
      for (; p + 4 <= k; p += 4) {
        float a0 = ai[p];
        float a1 = ai[p + 1];
        float a2 = ai[p + 2];
        float a3 = ai[p + 3];
        float[] b0 = b[p];
        float[] b1 = b[p + 1];
        float[] b2 = b[p + 2];
        float[] b3 = b[p + 3];
        for (int j = 0; j < n; j++) {
          ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
      }
      for (; p < k; p++) {
        float av = ai[p];
        float[] bp = b[p];
        for (int j = 0; j < n; j++) {
          ci[j] += av * bp[j];
        }
      }
    }
  }

  /** {@code C = A x B} (C overwritten). */
  static void mul(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(c[i], 0, n, 0f);
    }
    mulAdd(a, b, c, m, k, n);
  }

  /** Every row of C set to the vector v: C[i, :] = v. */
  static void fillRows(float[][] c, float[] v, int m, int n) {
    for (int i = 0; i < m; i++) {
      System.arraycopy(v, 0, c[i], 0, n);
    }
  }

  /** {@code T = A^T}: [m, n] to [n, m]. */
  static void transpose(float[][] a, float[][] t, int m, int n) {
    for (int i = 0; i < m; i++) {
      float[] ai = a[i];
      for (int j = 0; j < n; j++) {
        t[j][i] = ai[j];
      }
    }
  }

  /** Copies a [m, n] block out of a flat row-major array at {@code off} into rows. */
  static void load(float[] src, int off, float[][] dst, int m, int n) {
    for (int i = 0; i < m; i++) {
      System.arraycopy(src, off + i * n, dst[i], 0, n);
    }
  }

  /** Copies rows back into a flat row-major array at {@code off}. */
  static void store(float[][] src, float[] dst, int off, int m, int n) {
    for (int i = 0; i < m; i++) {
      System.arraycopy(src[i], 0, dst, off + i * n, n);
    }
  }
}
