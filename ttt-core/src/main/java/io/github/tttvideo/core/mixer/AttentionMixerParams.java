package io.github.tttvideo.core.mixer;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Random;

/**
 * The parameters of one attention mixer (sliding window or full attention), named in a checkpoint
 * {@code blocks.i.ssm_attn.*} and {@code blocks.i.ssm_gate.*} (see {@link AttentionMixer}).
 * Linear weights are in PyTorch storage {@code [out, in]}.
 *
 * @param width model width D
 * @param heads heads H (head dim d = D / H)
 * @param wq {@code to_q.weight} [D, D]
 * @param bq {@code to_q.bias} [D]
 * @param wk {@code to_k.weight} [D, D]
 * @param bk {@code to_k.bias} [D]
 * @param wv {@code to_v.weight} [D, D]
 * @param bv {@code to_v.bias} [D]
 * @param wo {@code to_out.weight} [D, D]
 * @param bo {@code to_out.bias} [D]
 * @param normQWeight {@code norm_q.weight} [d]
 * @param normQBias {@code norm_q.bias} [d]
 * @param normKWeight {@code norm_k.weight} [d]
 * @param normKBias {@code norm_k.bias} [d]
 * @param gateText {@code ssm_gate.text} [D]: the branch is scaled by tanh of it on text tokens
 * @param gateVideo {@code ssm_gate.video} [D]: the same on video tokens
 * @since 0.1.0
 */
public record AttentionMixerParams(
    int width,
    int heads,
    float[] wq,
    float[] bq,
    float[] wk,
    float[] bk,
    float[] wv,
    float[] bv,
    float[] wo,
    float[] bo,
    float[] normQWeight,
    float[] normQBias,
    float[] normKWeight,
    float[] normKBias,
    float[] gateText,
    float[] gateVideo) {

  /** Checks every length. */
  public AttentionMixerParams {
    if (width < 1 || heads < 1 || width % heads != 0) {
      throw new InvalidInputException(
          "attention mixer width must be a positive multiple of heads, got " + width + " and "
              + heads);
    }
    int d = width / heads;
    long dd = (long) width * width;
    check("to_q.weight", wq, dd);
    check("to_k.weight", wk, dd);
    check("to_v.weight", wv, dd);
    check("to_out.weight", wo, dd);
    check("to_q.bias", bq, width);
    check("to_k.bias", bk, width);
    check("to_v.bias", bv, width);
    check("to_out.bias", bo, width);
    check("norm_q.weight", normQWeight, d);
    check("norm_q.bias", normQBias, d);
    check("norm_k.weight", normKWeight, d);
    check("norm_k.bias", normKBias, d);
    check("ssm_gate.text", gateText, width);
    check("ssm_gate.video", gateVideo, width);
  }

  private static void check(String name, float[] a, long n) {
    if (a == null || a.length != n) {
      throw new InvalidInputException("attention mixer " + name + " must hold " + n
          + " values, got " + (a == null ? "null" : a.length));
    }
  }

  /**
   * Head dimension.
   *
   * @return D / H
   */
  public int headDim() {
    return width / heads;
  }

  /**
   * Random parameters for tests: every value N(0, scale), gates N(0, 1).
   *
   * @param width D
   * @param heads H
   * @param seed seed
   * @param scale standard deviation of the weights
   * @return the parameters
   */
  public static AttentionMixerParams random(int width, int heads, long seed, double scale) {
    Random r = new Random(seed);
    int d = width / heads;
    int dd = width * width;
    return new AttentionMixerParams(width, heads, g(r, dd, scale), g(r, width, scale),
        g(r, dd, scale), g(r, width, scale), g(r, dd, scale), g(r, width, scale),
        g(r, dd, scale), g(r, width, scale), plusOne(g(r, d, 0.2)), g(r, d, 0.1),
        plusOne(g(r, d, 0.2)), g(r, d, 0.1), g(r, width, 1.0), g(r, width, 1.0));
  }

  private static float[] g(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  private static float[] plusOne(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] += 1f;
    }
    return a;
  }
}
