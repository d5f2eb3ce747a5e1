package io.github.tttvideo.examples.eval;

import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tiny randomly initialised model directory with the toon geometry (64 x 64, 20 segments). */
public final class TinyToonModel {
  private TinyToonModel() {}

  /**
   * Writes the model.
   *
   * @param dir the directory to create
   * @return the directory
   */
  public static Path write(Path dir) {
    // width 32, 2 heads, 1 layer, TTT-MLP K 16, patch 2, 4 latent channels, text 16, time 32,
    // latent 8 x 8 (VAE 8x space, 4x time), Tt 4, 21 segments, 16 fps, 48 frames, MLP ratio 2,
    // the toon vocabulary (256), VAE widths 4.
    ModelConfig c = new ModelConfig("tiny-toon", 32, 2, 1, TttVariant.MLP, 16, 0.1, 2, 4, 16, 32,
        0.1, 10000, 8, 4, 8, 8, 4, Map.of(), 21, 16, 48, 2, 1e-6, 256, List.of(4, 4, 4, 4));
    return DjlModels.initialize(c, 7, dir);
  }
}
