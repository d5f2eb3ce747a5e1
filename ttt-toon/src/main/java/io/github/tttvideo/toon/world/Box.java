package io.github.tttvideo.toon.world;

/**
 * An inclusive pixel box; it may reach outside the frame.
 *
 * @param minX leftmost column
 * @param minY top row
 * @param maxX rightmost column
 * @param maxY bottom row
 * @since 0.1.0
 */
public record Box(int minX, int minY, int maxX, int maxY) {
  /** {@return the x of the box centre} */
  public double centreX() {
    return (minX + maxX) / 2.0;
  }

  /** {@return the y of the box centre} */
  public double centreY() {
    return (minY + maxY) / 2.0;
  }

  /** {@return whether the whole box lies inside the frame without touching its border} */
  public boolean insideFrame() {
    return minX > 0 && minY > 0 && maxX < ToonWorld.WIDTH - 1 && maxY < ToonWorld.HEIGHT - 1;
  }
}
