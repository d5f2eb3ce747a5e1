package io.github.tttvideo.core.ttt;

import io.github.tttvideo.api.InvalidInputException;

/**
 * Hyper-parameters of one TTT layer (video or causal TTT-LM variant).
 *
 * <pre>{@code
 * TttConfig cfg = TttConfig.video(TttVariant.MLP, 8, 64).withInnerLnEps(1e-8);
 * }</pre>
 *
 * @param variant inner model: linear or two-layer MLP with tanh-GELU
 * @param heads number of heads H
 * @param headDim lanes per head d (video RoPE needs a multiple of 16)
 * @param miniBatch inner mini-batch size K (tokens per gradient step)
 * @param baseLr ttt_base_lr, scales the learned per-token rate (0.1 MLP, 1.0 Linear for video)
 * @param innerLnEps epsilon of the inner LayerNorm (1e-6 kernels, 1e-8 PyTorch reference ops)
 * @param postNormEps epsilon of the post LayerNorm over the width (1e-6)
 * @param causal true for TTT-LM: lower-triangular masks inside a mini-batch
 * @param etaQuirk true to reproduce the official interleaved eta rows (reference 6.3); false uses
 *     each token's own rate
 * @param ropeTheta RoPE base (10000)
 * @since 0.1.0
 */
public record TttConfig(
    TttVariant variant,
    int heads,
    int headDim,
    int miniBatch,
    double baseLr,
    double innerLnEps,
    double postNormEps,
    boolean causal,
    boolean etaQuirk,
    double ropeTheta) {

  /** Default inner LayerNorm epsilon (the GPU kernels' value). */
  public static final double DEFAULT_INNER_LN_EPS = 1e-6;

  /** Validates every field; the message names the field and the bad value. */
  public TttConfig {
    if (variant == null) {
      throw new InvalidInputException("variant must not be null");
    }
    if (heads < 1) {
      throw new InvalidInputException("heads must be >= 1, got " + heads);
    }
    if (headDim < 2 || headDim % 2 != 0) {
      throw new InvalidInputException("headDim must be even and >= 2, got " + headDim);
    }
    if (miniBatch < 1) {
      throw new InvalidInputException("miniBatch must be >= 1, got " + miniBatch);
    }
    if (!(baseLr >= 0) || Double.isInfinite(baseLr)) {
      throw new InvalidInputException("baseLr must be finite and >= 0, got " + baseLr);
    }
    if (!(innerLnEps > 0) || Double.isInfinite(innerLnEps)) {
      throw new InvalidInputException("innerLnEps must be finite and > 0, got " + innerLnEps);
    }
    if (!(postNormEps > 0) || Double.isInfinite(postNormEps)) {
      throw new InvalidInputException("postNormEps must be finite and > 0, got " + postNormEps);
    }
    if (!(ropeTheta > 1) || Double.isInfinite(ropeTheta)) {
      throw new InvalidInputException("ropeTheta must be finite and > 1, got " + ropeTheta);
    }
  }

  /**
   * Defaults of the video model (reference 2.x): K = 64 and base lr 0.1 for MLP, K = 16 and base lr
   * 1.0 for Linear, inner LN eps 1e-6, non-causal, clean eta rule.
   *
   * @param variant inner model
   * @param heads heads
   * @param headDim head dim
   * @return the configuration
   */
  public static TttConfig video(TttVariant variant, int heads, int headDim) {
    boolean mlp = variant == TttVariant.MLP;
    return new TttConfig(
        variant, heads, headDim, mlp ? 64 : 16, mlp ? 0.1 : 1.0, DEFAULT_INNER_LN_EPS, 1e-6, false,
        false, 10000.0);
  }

  /**
   * Defaults of the causal TTT-LM layer: K = 16, base lr 1.0, inner LN eps 1e-6, causal.
   *
   * @param variant inner model
   * @param heads heads
   * @param headDim head dim
   * @return the configuration
   */
  public static TttConfig lm(TttVariant variant, int heads, int headDim) {
    return new TttConfig(variant, heads, headDim, 16, 1.0, 1e-6, 1e-6, true, false, 10000.0);
  }

  /**
   * Model width D = heads * headDim.
   *
   * @return the width
   */
  public int width() {
    return heads * headDim;
  }

  /**
   * Hidden size F of the inner model: headDim (Linear) or 4 * headDim (MLP).
   *
   * @return F
   */
  public int innerHidden() {
    return variant == TttVariant.MLP ? 4 * headDim : headDim;
  }

  /**
   * Copy with another mini-batch size.
   *
   * @param k mini-batch size
   * @return the new configuration
   */
  public TttConfig withMiniBatch(int k) {
    return new TttConfig(variant, heads, headDim, k, baseLr, innerLnEps, postNormEps, causal,
        etaQuirk, ropeTheta);
  }

  /**
   * Copy with another base learning rate.
   *
   * @param lr base learning rate
   * @return the new configuration
   */
  public TttConfig withBaseLr(double lr) {
    return new TttConfig(variant, heads, headDim, miniBatch, lr, innerLnEps, postNormEps, causal,
        etaQuirk, ropeTheta);
  }

  /**
   * Copy with another inner LayerNorm epsilon.
   *
   * @param eps epsilon
   * @return the new configuration
   */
  public TttConfig withInnerLnEps(double eps) {
    return new TttConfig(variant, heads, headDim, miniBatch, baseLr, eps, postNormEps, causal,
        etaQuirk, ropeTheta);
  }

  /**
   * Copy with another post-norm epsilon.
   *
   * @param eps epsilon
   * @return the new configuration
   */
  public TttConfig withPostNormEps(double eps) {
    return new TttConfig(variant, heads, headDim, miniBatch, baseLr, innerLnEps, eps, causal,
        etaQuirk, ropeTheta);
  }

  /**
   * Copy with the causal flag set or cleared.
   *
   * @param c causal
   * @return the new configuration
   */
  public TttConfig withCausal(boolean c) {
    return new TttConfig(variant, heads, headDim, miniBatch, baseLr, innerLnEps, postNormEps, c,
        etaQuirk, ropeTheta);
  }

  /**
   * Copy with the official eta quirk enabled or disabled.
   *
   * @param quirk true for the official interleaved eta rows
   * @return the new configuration
   */
  public TttConfig withEtaQuirk(boolean quirk) {
    return new TttConfig(variant, heads, headDim, miniBatch, baseLr, innerLnEps, postNormEps,
        causal, quirk, ropeTheta);
  }
}
