package io.github.tttvideo.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small dense fp32 matrix products on flat arrays with the Vector API.
 *
 * <p>The right operand B is first packed ({@link #pack}) into panels of {@link #NR} = two vectors
 * of columns, each panel {@code k x NR} contiguous, so the micro-kernel streams it linearly. The
 * micro-kernel keeps a 4 x NR block of C in eight vector registers and adds one rank-1 update per
 * step of k (two loads of B, four broadcasts of A, eight FMAs): eight independent accumulators
 * cover the FMA latency of two 256-bit pipes. Edge blocks (rows or columns that do not fill a
 * block) run the same micro-kernel on a private tile. Not thread-safe: one instance per thread.
 */
final class VectorGemm {

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Panel width: columns of C per micro-kernel call. */
  static final int NR = 2 * L;
  /** Rows of C per micro-kernel call. */
  static final int MR = 4;

  private final float[] tile = new float[MR * NR];

  /** n rounded up to whole panels. */
  static int paddedCols(int n) {
    return (n + NR - 1) / NR * NR;
  }

  /**
   * Packs the k x n matrix B, element (p, j) at {@code b[off + p*rs + j*cs]}, into panels:
   * {@code dst[(j / NR) * k * NR + p * NR + j % NR]}, zero-padded beyond column n. With {@code cs
   * = 1} B is row-major; with {@code rs = 1} B is the transpose of a row-major matrix.
   */
  static void pack(float[] b, int off, int rs, int cs, int k, int n, float[] dst) {
    for (int j0 = 0; j0 < n; j0 += NR) {
      int w = Math.min(NR, n - j0);
      int base = j0 * k; // (j0 / NR) * k * NR
      if (cs == 1) {
        for (int p = 0; p < k; p++) {
          int src = off + p * rs + j0;
          int dp = base + p * NR;
          if (w == NR) {
            FloatVector.fromArray(S, b, src).intoArray(dst, dp);
            FloatVector.fromArray(S, b, src + L).intoArray(dst, dp + L);
          } else {
            System.arraycopy(b, src, dst, dp, w);
            Arrays.fill(dst, dp + w, dp + NR, 0f);
          }
        }
      } else {
        for (int jj = 0; jj < w; jj++) {
          int src = off + (j0 + jj) * cs;
          for (int p = 0; p < k; p++) {
            dst[base + p * NR + jj] = b[src + p * rs];
          }
        }
        for (int jj = w; jj < NR; jj++) {
          for (int p = 0; p < k; p++) {
            dst[base + p * NR + jj] = 0f;
          }
        }
      }
    }
  }

  /**
   * {@code C = init + A x B} for an m x k matrix A and a k x n matrix B packed by {@link #pack}.
   *
   * @param a A, element (i, p) at {@code a[aOff + i*ars + p*acs]} (any strides, so A may be a
   *     transpose)
   * @param bp packed B
   * @param c C, row i at {@code c[cOff + i*ldc]}
   * @param init null for zero, else row i at {@code init[initOff + i*initRs]}: {@code initRs = 0}
   *     adds a bias row; {@code init == c} with C's offset and stride accumulates into C
   */
  void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] bp, float[] c,
      int cOff, int ldc, float[] init, int initOff, int initRs) {
    for (int j0 = 0; j0 < n; j0 += NR) {
      int w = Math.min(NR, n - j0);
      int bOff = j0 * k;
      for (int i0 = 0; i0 < m; i0 += MR) {
        int h = Math.min(MR, m - i0);
        // rows past m repeat the last row; their results are dropped
        int a0 = aOff + i0 * ars;
        int a1 = aOff + (i0 + Math.min(1, h - 1)) * ars;
        int a2 = aOff + (i0 + Math.min(2, h - 1)) * ars;
        int a3 = aOff + (i0 + Math.min(3, h - 1)) * ars;
        if (w == NR && h == MR) {
          kernel(a, a0, a1, a2, a3, acs, bp, bOff, k, c, cOff + i0 * ldc + j0, ldc,
              init, init == null ? 0 : initOff + i0 * initRs + j0, initRs);
        } else {
          edge(h, w, a, a0, a1, a2, a3, acs, bp, bOff, k, c, cOff + i0 * ldc + j0, ldc,
              init, init == null ? 0 : initOff + i0 * initRs + j0, initRs);
        }
      }
    }
  }

  private void edge(int h, int w, float[] a, int a0, int a1, int a2, int a3, int acs, float[] bp,
      int bOff, int k, float[] c, int cOff, int ldc, float[] init, int iOff, int iRs) {
    float[] tl = tile;
    Arrays.fill(tl, 0f);
    if (init != null) {
      for (int r = 0; r < h; r++) {
        System.arraycopy(init, iOff + r * iRs, tl, r * NR, w);
      }
    }
    kernel(a, a0, a1, a2, a3, acs, bp, bOff, k, tl, 0, NR, tl, 0, NR);
    for (int r = 0; r < h; r++) {
      System.arraycopy(tl, r * NR, c, cOff + r * ldc, w);
    }
  }

  /** The 4 x NR block of C at cOff: eight accumulators, one rank-1 update per step of k. */
  private static void kernel(float[] a, int a0, int a1, int a2, int a3, int acs, float[] bp,
      int bOff, int k, float[] c, int cOff, int ldc, float[] init, int iOff, int iRs) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    if (init == null) {
      FloatVector z = FloatVector.zero(S);
      c00 = z;
      c01 = z;
      c10 = z;
      c11 = z;
      c20 = z;
      c21 = z;
      c30 = z;
      c31 = z;
    } else {
      c00 = FloatVector.fromArray(S, init, iOff);
      c01 = FloatVector.fromArray(S, init, iOff + L);
      c10 = FloatVector.fromArray(S, init, iOff + iRs);
      c11 = FloatVector.fromArray(S, init, iOff + iRs + L);
      c20 = FloatVector.fromArray(S, init, iOff + 2 * iRs);
      c21 = FloatVector.fromArray(S, init, iOff + 2 * iRs + L);
      c30 = FloatVector.fromArray(S, init, iOff + 3 * iRs);
      c31 = FloatVector.fromArray(S, init, iOff + 3 * iRs + L);
    }
    int pb = bOff;
    int pa = 0;
    for (int p = 0; p < k; p++, pb += NR, pa += acs) {
      FloatVector b0 = FloatVector.fromArray(S, bp, pb);
      FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + pa]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + pa]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + pa]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
  }
}
