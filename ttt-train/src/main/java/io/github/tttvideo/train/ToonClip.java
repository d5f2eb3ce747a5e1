package io.github.tttvideo.train;

import java.util.List;

/**
 * One training clip of the toon world.
 *
 * @param seed the story seed
 * @param segments 3-second segments
 * @param frames 1 + 48 segments
 * @param pixels [frames, 3, 64, 64] row-major, in [-1, 1]
 * @param texts one prompt per segment, scene markers included
 * @since 0.1.0
 */
public record ToonClip(long seed, int segments, int frames, float[] pixels, List<String> texts) {
  /** Freezes the texts. */
  public ToonClip {
    texts = List.copyOf(texts);
  }
}
