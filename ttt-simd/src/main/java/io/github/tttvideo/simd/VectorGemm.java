package io.github.tttvideo.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small dense fp32 matrix products on flat arrays with the Vector API.
 *
 * <p>The right operand B is first packed ({@link #pack}) into panels of {@link #NR} = two vectors
 * of columns, each panel {@code k x NR} contiguous, and A into blocks of {@link #MR} rows
 * interleaved by column, so the micro-kernel streams both linearly. The
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
  /** A copied into row blocks of MR rows. */
  private final float[] ap;

  /**
   * Work space for products with at most maxM rows and maxK inner steps.
   *
   * @param maxM largest m
   * @param maxK largest k
   */
  VectorGemm(int maxM, int maxK) {
    ap = new float[(maxM + MR - 1) / MR * MR * maxK];
  }

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
   *     transpose); copied into row blocks first so that the micro-kernel reads it with constant
   *     strides (no bounds check per element: measured 1.4x on 64 x 256 x 64)
   * @param bp packed B
   * @param c C, row i at {@code c[cOff + i*ldc]}
   * @param init null for zero, else row i at {@code init[initOff + i*initRs]}: {@code initRs = 0}
   *     adds a bias row; {@code init == c} with C's offset and stride accumulates into C
   */
  void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] bp, float[] c,
      int cOff, int ldc, float[] init, int initOff, int initRs) {
    packRowBlocks(a, aOff, ars, acs, m, k, ap);
    for (int j0 = 0; j0 < n; j0 += NR) {
      int w = Math.min(NR, n - j0);
      int bOff = j0 * k;
      for (int i0 = 0; i0 < m; i0 += MR) {
        int h = Math.min(MR, m - i0);
        if (w == NR && h == MR) {
          kernel(ap, i0 * k, bp, bOff, k, c, cOff + i0 * ldc + j0, ldc,
              init, init == null ? 0 : initOff + i0 * initRs + j0, initRs);
        } else {
          edge(h, w, i0 * k, bp, bOff, k, c, cOff + i0 * ldc + j0, ldc,
              init, init == null ? 0 : initOff + i0 * initRs + j0, initRs);
        }
      }
    }
  }

  /**
   * Copies A (m x k, element (i, p) at {@code a[off + i*rs + p*cs]}) into blocks of MR rows:
   * {@code dst[(i / MR) * k * MR + p * MR + i % MR]}; rows past m repeat the last row (their
   * results are dropped).
   */
  private static void packRowBlocks(float[] a, int off, int rs, int cs, int m, int k,
      float[] dst) {
    for (int i0 = 0; i0 < m; i0 += MR) {
      int base = i0 * k;
      int h = Math.min(MR, m - i0);
      if (cs == 1) {
        for (int r = 0; r < MR; r++) {
          int src = off + (i0 + Math.min(r, h - 1)) * rs;
          for (int p = 0; p < k; p++) {
            dst[base + p * MR + r] = a[src + p];
          }
        }
      } else {
        for (int p = 0; p < k; p++) {
          int src = off + p * cs + i0 * rs;
          int dp = base + p * MR;
          for (int r = 0; r < MR; r++) {
            dst[dp + r] = a[src + Math.min(r, h - 1) * rs];
          }
        }
      }
    }
  }

  private void edge(int h, int w, int aOff, float[] bp, int bOff, int k, float[] c, int cOff,
      int ldc, float[] init, int iOff, int iRs) {
    float[] tl = tile;
    Arrays.fill(tl, 0f);
    if (init != null) {
      for (int r = 0; r < h; r++) {
        System.arraycopy(init, iOff + r * iRs, tl, r * NR, w);
      }
    }
    kernel(ap, aOff, bp, bOff, k, tl, 0, NR, tl, 0, NR);
    for (int r = 0; r < h; r++) {
      System.arraycopy(tl, r * NR, c, cOff + r * ldc, w);
    }
  }

  /**
   * The 4 x NR block of C at cOff from a packed row block of A and a panel of B: eight
   * accumulators, one rank-1 update per step of k; every index is an affine function of p with a
   * constant scale, so the JIT hoists the bounds checks out of the loop.
   */
  private static void kernel(float[] ap, int aOff, float[] bp, int bOff, int k, float[] c,
      int cOff, int ldc, float[] init, int iOff, int iRs) {
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
    for (int p = 0; p < k; p++) {
      int pb = bOff + p * NR;
      int pa = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, bp, pb);
      FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
      FloatVector x = FloatVector.broadcast(S, ap[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, ap[pa + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, ap[pa + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, ap[pa + 3]);
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
