package io.github.tttvideo.core.ttt;

import java.util.Random;

/**
 * Learned parameters of one video TTT layer. Projection weights use PyTorch {@code nn.Linear}
 * storage [out, in] ({@code y = x W^T + b}); D = heads * headDim, d = headDim.
 *
 * @param config layer configuration
 * @param wq query weight [D, D]
 * @param bq query bias [D]
 * @param wk key weight [D, D]
 * @param bk key bias [D]
 * @param wv value weight [D, D]
 * @param bv value bias [D]
 * @param wo output weight [D, D]
 * @param bo output bias [D]
 * @param lrWeight learnable lr gate weight [H, D]
 * @param lrBias learnable lr gate bias [H]
 * @param lnWeight inner LayerNorm (and target normalisation) scale [H, d]
 * @param lnBias inner LayerNorm (and target normalisation) shift [H, d]
 * @param postNormWeight post LayerNorm scale [D]
 * @param postNormBias post LayerNorm shift [D]
 * @param inner initial inner weights, one slot per head
 * @since 0.1.0
 */
public record VideoTttParams(
    TttConfig config,
    float[] wq,
    float[] bq,
    float[] wk,
    float[] bk,
    float[] wv,
    float[] bv,
    float[] wo,
    float[] bo,
    float[] lrWeight,
    float[] lrBias,
    float[] lnWeight,
    float[] lnBias,
    float[] postNormWeight,
    float[] postNormBias,
    InnerWeights inner) {

  /** Checks every shape against the config, naming the first mismatch. */
  public VideoTttParams {
    int w = config.width();
    int h = config.heads();
    int d = config.headDim();
    LayerOps.checkLength("wq", wq, (long) w * w);
    LayerOps.checkLength("bq", bq, w);
    LayerOps.checkLength("wk", wk, (long) w * w);
    LayerOps.checkLength("bk", bk, w);
    LayerOps.checkLength("wv", wv, (long) w * w);
    LayerOps.checkLength("bv", bv, w);
    LayerOps.checkLength("wo", wo, (long) w * w);
    LayerOps.checkLength("bo", bo, w);
    LayerOps.checkLength("lrWeight", lrWeight, (long) h * w);
    LayerOps.checkLength("lrBias", lrBias, h);
    LayerOps.checkLength("lnWeight", lnWeight, (long) h * d);
    LayerOps.checkLength("lnBias", lnBias, (long) h * d);
    LayerOps.checkLength("postNormWeight", postNormWeight, w);
    LayerOps.checkLength("postNormBias", postNormBias, w);
    if (inner.variant() != config.variant() || inner.slots() != h || inner.headDim() != d) {
      throw new io.github.tttvideo.api.InvalidInputException(
          "inner weights " + inner + " do not match the config (" + config.variant() + ", heads="
              + h + ", d=" + d + ")");
    }
  }

  /**
   * Seeded initialisation. Scheme: the "constructor" initialisation of reference 2.1 (what the
   * official training starts from): Q/K/V/O weight and bias U(-1/sqrt(D), 1/sqrt(D)) (PyTorch
   * Linear default); W1, W2 and the lr gate weight N(0, 0.02); inner biases and lr bias 0; inner
   * and post LayerNorm scale 1, shift 0.
   *
   * @param config configuration
   * @param seed random seed
   * @return fresh parameters
   */
  public static VideoTttParams init(TttConfig config, long seed) {
    Random rnd = new Random(seed);
    int w = config.width();
    int h = config.heads();
    int d = config.headDim();
    double bound = 1.0 / Math.sqrt(w);
    float[][] lin = new float[8][];
    for (int i = 0; i < 8; i++) {
      lin[i] = uniform(i % 2 == 0 ? w * w : w, bound, rnd);
    }
    float[] lrW = new float[h * w];
    InnerWeights.fillNormal(lrW, 0.02, rnd);
    InnerWeights inner = InnerWeights.init(config.variant(), h, d, rnd);
    return new VideoTttParams(
        config, lin[0], lin[1], lin[2], lin[3], lin[4], lin[5], lin[6], lin[7], lrW, new float[h],
        ones(h * d), new float[h * d], ones(w), new float[w], inner);
  }

  static float[] uniform(int n, double bound, Random rnd) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
    return a;
  }

  static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }
}
