package io.github.tttvideo.toon.probe;

import io.github.tttvideo.toon.world.Box;

/**
 * What a probe sees of one character.
 *
 * @param present the character's blob has at least its minimum pixel count
 * @param pixels the size of the character's largest blob of own-colour pixels
 * @param box the blob's pixel box, or {@code null} when there is no blob
 * @since 0.1.0
 */
public record CharacterReading(boolean present, int pixels, Box box) {
  /** No pixels of the character at all. */
  public static final CharacterReading ABSENT = new CharacterReading(false, 0, null);

  /** {@return the x of the blob's box centre, NaN without a blob} */
  public double centreX() {
    return box == null ? Double.NaN : box.centreX();
  }

  /** {@return the y of the blob's box centre, NaN without a blob} */
  public double centreY() {
    return box == null ? Double.NaN : box.centreY();
  }

  /** {@return whether the character is present and its box does not touch the frame's border} */
  public boolean fullyInFrame() {
    return present && box.insideFrame();
  }
}
