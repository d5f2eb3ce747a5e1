package io.github.tttvideo.core.ttt;

import java.util.Random;

/**
 * Learned parameters of the causal TTT-LM layer (ttt-lm-pytorch {@code TTTLinear} /
 * {@code TTTMLP} without gate and conv). Projections have no bias, storage [out, in].
 *
 * @param config layer configuration (causal)
 * @param wq query weight [D, D]
 * @param wk key weight [D, D]
 * @param wv value weight [D, D]
 * @param wo output weight [D, D]
 * @param tokenIdxOffset learnable offset of the token-wise step size [K] (init 0)
 * @param lrWeight learnable lr gate weight [H, D]
 * @param lrBias learnable lr gate bias [H]
 * @param lnWeight inner LayerNorm scale [H, d]
 * @param lnBias inner LayerNorm shift [H, d]
 * @param postNormWeight post LayerNorm scale [D]
 * @param postNormBias post LayerNorm shift [D]
 * @param inner initial inner weights, one slot per head
 * @since 0.1.0
 */
public record LmTttParams(
    TttConfig config,
    float[] wq,
    float[] wk,
    float[] wv,
    float[] wo,
    float[] tokenIdxOffset,
    float[] lrWeight,
    float[] lrBias,
    float[] lnWeight,
    float[] lnBias,
    float[] postNormWeight,
    float[] postNormBias,
    InnerWeights inner) {

  /** Checks every shape against the config, naming the first mismatch. */
  public LmTttParams {
    int w = config.width();
    int h = config.heads();
    int d = config.headDim();
    LayerOps.checkLength("wq", wq, (long) w * w);
    LayerOps.checkLength("wk", wk, (long) w * w);
    LayerOps.checkLength("wv", wv, (long) w * w);
    LayerOps.checkLength("wo", wo, (long) w * w);
    LayerOps.checkLength("tokenIdxOffset", tokenIdxOffset, config.miniBatch());
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
   * Seeded initialisation: projections N(0, 0.02), W1/W2 and lr gate N(0, 0.02), biases and token
   * offsets 0, LayerNorms 1/0.
   *
   * @param config configuration
   * @param seed random seed
   * @return fresh parameters
   */
  public static LmTttParams init(TttConfig config, long seed) {
    Random rnd = new Random(seed);
    int w = config.width();
    int h = config.heads();
    int d = config.headDim();
    float[][] lin = new float[4][w * w];
    for (float[] a : lin) {
      InnerWeights.fillNormal(a, 0.02, rnd);
    }
    float[] lrW = new float[h * w];
    InnerWeights.fillNormal(lrW, 0.02, rnd);
    return new LmTttParams(
        config, lin[0], lin[1], lin[2], lin[3], new float[config.miniBatch()], lrW, new float[h],
        VideoTttParams.ones(h * d), new float[h * d], VideoTttParams.ones(w), new float[w],
        InnerWeights.init(config.variant(), h, d, rnd));
  }
}
