package io.github.tttvideo.tck;

import io.github.tttvideo.api.Models;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.ttt.TttVariant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The models the {@link BackendCompatibilityKit} runs backends on: the embedded {@code toon} model
 * and tiny random models small enough that a denoiser step takes milliseconds.
 *
 * <pre>{@code
 * Path dir = KitModels.writeTiny(TttVariant.LINEAR, 7, tempDir.resolve("tiny"));
 * try (VideoModel m = provider.load(dir, BackendOptions.defaults())) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class KitModels {

  private KitModels() {}

  /**
   * A tiny model: width 32, 2 heads of 16, 2 layers, latent 4 x 8 x 8 with patch 2 (16 video
   * tokens a frame), 4 text tokens of width 16 a segment, 16 pixel frames (4 latent frames) a
   * segment, up to 4 segments, VAE widths 4, a 64-word text vocabulary.
   *
   * @param variant inner model of the TTT layers
   * @return the config
   */
  public static ModelConfig tinyConfig(TttVariant variant) {
    double baseLr = variant == TttVariant.MLP ? 0.1 : 1.0;
    return new ModelConfig(
        "tck-tiny-" + variant.name().toLowerCase(java.util.Locale.ROOT),
        32, // width
        2, // heads
        2, // layers
        variant,
        16, // TTT mini-batch
        baseLr,
        2, // patch size
        4, // latent channels
        16, // text width
        32, // time embedding width
        0.5, // gate init: large enough that the TTT branch shows in the output
        10000, // RoPE theta
        8, // VAE spatial compression
        4, // VAE temporal compression
        8, // latent height
        8, // latent width
        4, // text tokens per segment
        Map.of(),
        4, // max segments
        16, // fps
        16, // pixel frames per segment
        2, // MLP ratio
        1e-6, // LayerNorm epsilon
        64, // text vocabulary
        List.of(4, 4, 4, 4)); // VAE widths per level
  }

  /**
   * Writes a tiny model with seeded random weights ({@code config.json}, {@code vocab.json},
   * {@code model.safetensors}).
   *
   * @param variant inner model of the TTT layers
   * @param seed weight seed
   * @param directory target folder (created if missing)
   * @return the folder
   */
  public static Path writeTiny(TttVariant variant, long seed, Path directory) {
    return DjlModels.initialize(tinyConfig(variant), seed, directory);
  }

  /**
   * The folder of the embedded toon model, unpacked on first use into the model cache ({@code
   * ttt.model.cache}).
   *
   * @return the folder
   */
  public static Path toon() {
    return ModelDirectories.resolve(Models.toon());
  }
}
