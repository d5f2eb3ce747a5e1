package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * Rotary position tables of the TTT layers, computed in float32 like the official code.
 *
 * <p>Both rotate lane pairs {@code (2i, 2i+1)}: {@code a' = a cos - b sin, b' = a sin + b cos}.
 *
 * @since 0.1.0
 */
public final class Rope {

  private Rope() {}

  /**
   * The 3D video table (reference 6.6): for head dim d, pairs {@code [0, d/8)} rotate by {@code t *
   * theta^(-2k/(d/4))}, the next {@code 3d/16} pairs by {@code y * theta^(-2k/(3d/8))}, the last
   * {@code 3d/16} by {@code x * theta^(-2k/(3d/8))}.
   *
   * @param seq sequence (global (t, y, x) per video token)
   * @param headDim d, a multiple of 16
   * @param theta base
   * @return {cos, sin}, each [videoTokens, d/2]
   */
  public static float[][] videoTable(TttSequence seq, int headDim, double theta) {
    if (headDim % 16 != 0) {
      throw new InvalidInputException(
          "video RoPE needs headDim to be a multiple of 16, got " + headDim);
    }
    int pairs = headDim / 2;
    int tPairs = headDim / 8;
    int hPairs = 3 * headDim / 16;
    int dimT = headDim / 4;
    int dimHw = 3 * headDim / 8;
    int v = seq.videoTokens();
    float[] cos = new float[v * pairs];
    float[] sin = new float[v * pairs];
    for (int n = 0; n < v; n++) {
      for (int i = 0; i < pairs; i++) {
        int pos;
        int k;
        int dim;
        if (i < tPairs) {
          pos = seq.ropeT()[n];
          k = i;
          dim = dimT;
        } else if (i < tPairs + hPairs) {
          pos = seq.ropeY()[n];
          k = i - tPairs;
          dim = dimHw;
        } else {
          pos = seq.ropeX()[n];
          k = i - tPairs - hPairs;
          dim = dimHw;
        }
        float freq = (float) (1.0 / (float) Math.pow(theta, (float) (2 * k) / dim));
        float angle = pos * freq;
        cos[n * pairs + i] = (float) Math.cos(angle);
        sin[n * pairs + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }

  /**
   * The TTT-LM table: position {@code l mod K} (restarts every mini-batch), pair i rotated by
   * {@code pos * theta^(-2i/d)}.
   *
   * @param length tokens L
   * @param miniBatch K
   * @param headDim d
   * @param theta base
   * @return {cos, sin}, each [L, d/2]
   */
  public static float[][] lmTable(int length, int miniBatch, int headDim, double theta) {
    int pairs = headDim / 2;
    float[] cos = new float[length * pairs];
    float[] sin = new float[length * pairs];
    for (int l = 0; l < length; l++) {
      int pos = l % miniBatch;
      for (int i = 0; i < pairs; i++) {
        float freq = (float) (1.0 / (float) Math.pow(theta, (float) (2 * i) / headDim));
        float angle = pos * freq;
        cos[l * pairs + i] = (float) Math.cos(angle);
        sin[l * pairs + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }

  /**
   * Rotates the lane pairs of one head row in place.
   *
   * @param x array
   * @param off row offset (d lanes)
   * @param headDim d
   * @param cos cos table
   * @param sin sin table
   * @param tOff offset of the row's d/2 entries in the tables
   */
  public static void rotate(float[] x, int off, int headDim, float[] cos, float[] sin, int tOff) {
    for (int i = 0; i < headDim / 2; i++) {
      float a = x[off + 2 * i];
      float b = x[off + 2 * i + 1];
      float c = cos[tOff + i];
      float s = sin[tOff + i];
      x[off + 2 * i] = a * c - b * s;
      x[off + 2 * i + 1] = a * s + b * c;
    }
  }
}
