package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.Box;

/** The growing pixel box of the shapes drawn for one character, on screen or not. */
final class Extent {
  private int minX = Integer.MAX_VALUE;
  private int minY = Integer.MAX_VALUE;
  private int maxX = Integer.MIN_VALUE;
  private int maxY = Integer.MIN_VALUE;

  void add(int x, int y) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }

  Box toBox() {
    return new Box(minX, minY, maxX, maxY);
  }
}
