package io.github.tttvideo.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes model directories of a tiny model for the fake backend. */
public final class FakeModels {
  private FakeModels() {}

  /**
   * A model directory with 2 latent channels, {@code latentSize}^2 latents (8x pixels), 1-token
   * patches of 2x2, 4-wide text and 4 text tokens per segment.
   *
   * @param dir the directory to create
   * @param latentSize latent height and width (even)
   * @param maxSegments most segments the model takes
   * @return the directory
   * @throws IOException if it cannot be written
   */
  public static Path directory(Path dir, int latentSize, int maxSegments) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), "{\n"
        + "  \"name\": \"fake-tiny\",\n"
        + "  \"width\": 8, \"heads\": 1, \"layers\": 1, \"ttt_variant\": \"linear\",\n"
        + "  \"mini_batch\": 1, \"latent_channels\": 2, \"text_dim\": 4,\n"
        + "  \"latent_height\": " + latentSize + ", \"latent_width\": " + latentSize + ",\n"
        + "  \"text_tokens_per_segment\": 4, \"max_segments\": " + maxSegments + "\n"
        + "}\n");
    return dir;
  }

  /**
   * A 32x32-pixel fake model for up to 4 segments.
   *
   * @param dir the directory to create
   * @return the directory
   * @throws IOException if it cannot be written
   */
  public static Path directory(Path dir) throws IOException {
    return directory(dir, 4, 4);
  }
}
