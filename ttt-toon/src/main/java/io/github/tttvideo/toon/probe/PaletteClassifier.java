package io.github.tttvideo.toon.probe;

import io.github.tttvideo.toon.world.ToonPalette;

/**
 * Maps a colour to its nearest palette entry and says whether it is close to it, with a small
 * direct-mapped cache because frames repeat few colours. Not thread-safe.
 */
final class PaletteClassifier {
  private static final int CACHE_BITS = 12;
  private final int[] keys = new int[1 << CACHE_BITS];
  private final int[] values = new int[1 << CACHE_BITS];
  private final int closeSquared;
  private int lastKey = -1;
  private int lastValue;

  PaletteClassifier(int closeDistance) {
    this.closeSquared = closeDistance * closeDistance;
    java.util.Arrays.fill(keys, -1);
  }

  /**
   * {@return the entry index in bits 0-7 and, in bit 8, whether the colour is close to it}
   */
  int classify(int rgb) {
    if (rgb == lastKey) {
      return lastValue;
    }
    lastKey = rgb;
    lastValue = lookup(rgb);
    return lastValue;
  }

  private int lookup(int rgb) {
    int slot = (rgb * 0x9E3779B1) >>> (32 - CACHE_BITS);
    if (keys[slot] == rgb) {
      return values[slot];
    }
    int idx = ToonPalette.nearest(rgb);
    int d = ToonPalette.distanceSquared(rgb, ToonPalette.entries().get(idx).rgb());
    int v = idx | (d <= closeSquared ? 0x100 : 0);
    keys[slot] = rgb;
    values[slot] = v;
    return v;
  }
}
