package io.github.tttvideo.train.toon;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.dit.NdOps;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.vae.NdCausalVae;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.train.NamedParameters;
import io.github.tttvideo.train.TrainRandom;
import java.util.Map;

/**
 * The DJL causal VAE ({@link NdCausalVae}) as a trainable autoencoder: every {@code vae.*}
 * tensor is a parameter. It is trained as a deterministic autoencoder: the latent is the
 * encoder's mean channels (the log-variance channels exist in the file format but are not
 * used), the decoder sees it with a little Gaussian noise ({@link #latentNoise}) so that it
 * tolerates imprecise latents from the denoiser, and a small L2 penalty keeps the latent scale
 * bounded. Loss per clip: {@code mean|x - x^| + mean (x - x^)^2 + 1e-4 mean z^2}.
 *
 * @since 0.1.0
 */
public final class DjlVaeTrainable {

  /** Weight of the latent L2 penalty. */
  public static final float LATENT_PENALTY = 1e-4f;

  private final ModelConfig config;
  private final NamedParameters params = new NamedParameters();
  private final NdCausalVae vae;
  private final float latentNoise;
  private final Map<Long, NdCausalVae> crops = new java.util.HashMap<>();

  /**
   * Creates the VAE over initial values.
   *
   * @param config model config
   * @param values the {@code vae.*} tensors (other keys are ignored)
   * @param latentNoise standard deviation of the noise added to latents before decoding
   * @param manager owns the parameters
   */
  public DjlVaeTrainable(ModelConfig config, Map<String, float[]> values, float latentNoise,
      NDManager manager) {
    this.config = config;
    this.latentNoise = latentNoise;
    for (Map.Entry<String, long[]> e : TttDenoiserParameters.vae(config).entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("no initial value for " + e.getKey());
      }
      params.add(e.getKey(), manager.create(v, new Shape(e.getValue())));
    }
    this.vae = new NdCausalVae(config, params::get);
  }

  /**
   * The same config with another latent size (the VAE's weights do not depend on it): lets the
   * VAE train on crops.
   *
   * @param c config
   * @param h latent height
   * @param w latent width
   * @return the config
   */
  static ModelConfig withLatentSize(ModelConfig c, int h, int w) {
    return new ModelConfig(c.name(), c.width(), c.heads(), c.layers(), c.tttVariant(),
        c.miniBatch(), c.tttBaseLr(), c.patchSize(), c.latentChannels(), c.textDim(),
        c.timeEmbedDim(), c.gateInit(), c.ropeTheta(), c.vaeSpatial(), c.vaeTemporal(), h, w,
        c.textTokensPerSegment(), c.textTokensBySegments(), c.maxSegments(), c.fps(),
        c.framesPerSegment(), c.mlpRatio(), c.layerNormEps(), c.textVocabSize(),
        c.vaeChannels(), c.sequenceMixer(), c.slidingWindowSegments(), c.vaePalette(), c.guidance(),
        c.sceneSetting());
  }

  /** {@return the parameters} */
  public NamedParameters parameters() {
    return params;
  }

  /** {@return the network} */
  public NdCausalVae network() {
    return vae;
  }

  /**
   * Latent means of one clip.
   *
   * @param pixels [F, 3, H, W] in [-1, 1]
   * @return [Nf, C, h, w]
   */
  public NDArray encodeMean(NDArray pixels) {
    return vae.encode(pixels).get(new NDIndex(":, :{}", config.latentChannels()));
  }

  /**
   * Decodes a whole clip.
   *
   * @param latents [Nf, C, h, w]
   * @return pixels [F, 3, H, W]
   */
  public NDArray decode(NDArray latents) {
    try (NdCausalVae.Decoder d = network(latents).newDecoder(latents.getManager())) {
      return d.decodeNext(latents);
    }
  }

  /**
   * The loss of a palette decoder ({@link ModelConfig#vaePalette()}) on one clip: the
   * cross-entropy of its per-pixel logits against the palette colour nearest to each true pixel
   * (the toon world's frames hold only palette colours, so that is the pixel's colour), over
   * latents of the encoder taken as constants (call inside a gradient collector; the encoder is
   * frozen in this part).
   *
   * @param pixels [F, 3, H, W] in [-1, 1]
   * @param rng noise for the latents
   * @return scalar loss
   */
  public NDArray paletteLoss(NDArray pixels, TrainRandom rng) {
    float[] rgb = config.vaePaletteRgb();
    if (rgb == null) {
      throw new IllegalStateException("the config has no vae_palette");
    }
    NDArray z = encodeMean(pixels).stopGradient();
    if (latentNoise > 0) {
      float[] eps = rng.fillGaussian(new float[Math.toIntExact(z.size())]);
      z = z.add(NdOps.mul(pixels.getManager().create(eps, z.getShape()), latentNoise));
    }
    NDArray logits;
    try (NdCausalVae.Decoder d = network(z).newDecoder(z.getManager())) {
      logits = d.decodeNextRaw(z); // [F, P, H, W]
    }
    Shape s = pixels.getShape();
    int p = rgb.length / 3;
    int frames = (int) s.get(0);
    int plane = (int) (s.get(2) * s.get(3));
    float[] px = pixels.toFloatArray();
    float[] onehot = new float[frames * p * plane];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < plane; i++) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int k = 0; k < p; k++) {
          double d = 0;
          for (int c = 0; c < 3; c++) {
            double e = px[(f * 3 + c) * plane + i] - rgb[3 * k + c];
            d += e * e;
          }
          if (d < bestD) {
            bestD = d;
            best = k;
          }
        }
        onehot[(f * p + best) * plane + i] = 1f;
      }
    }
    NDArray target = pixels.getManager().create(onehot, logits.getShape());
    return logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
  }

  private NdCausalVae network(NDArray latents) {
    long h = latents.getShape().get(2);
    long w = latents.getShape().get(3);
    if (h == config.latentHeight() && w == config.latentWidth()) {
      return vae;
    }
    return crops.computeIfAbsent(h * 100_000 + w, k -> new NdCausalVae(
        withLatentSize(config, (int) h, (int) w), params::get));
  }

  /**
   * The reconstruction loss of one clip (call inside a gradient collector).
   *
   * @param pixels [F, 3, H, W] in [-1, 1]
   * @param rng noise for the latents
   * @return scalar loss
   */
  public NDArray loss(NDArray pixels, TrainRandom rng) {
    NDArray z = encodeMean(pixels);
    NDArray zin = z;
    if (latentNoise > 0) {
      float[] eps = rng.fillGaussian(new float[Math.toIntExact(z.size())]);
      zin = z.add(NdOps.mul(pixels.getManager().create(eps, z.getShape()), latentNoise));
    }
    NDArray rec = decode(zin);
    NDArray diff = rec.sub(pixels);
    return diff.abs().mean().add(diff.square().mean())
        .add(NdOps.mul(z.square().mean(), LATENT_PENALTY));
  }
}
