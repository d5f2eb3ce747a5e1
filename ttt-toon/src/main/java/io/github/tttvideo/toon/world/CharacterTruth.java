package io.github.tttvideo.toon.world;

import java.util.Set;

/**
 * The true state of one character in one frame.
 *
 * @param visible at least the character's minimum of own-colour pixels is on screen (Tom: {@value
 *     ToonPalette#TOM_MIN_PIXELS}, Jerry: {@value ToonPalette#JERRY_MIN_PIXELS}); a hidden Jerry is
 *     not visible
 * @param pixels own-colour pixels on screen (fur and speckles for Tom, brown for Jerry)
 * @param box the pixel box of body and ears, unclipped (may reach outside the frame)
 * @param colour the main colour drawn, 0xRRGGBB
 * @param accessories the accessories worn
 * @since 0.1.0
 */
public record CharacterTruth(
    boolean visible, int pixels, Box box, int colour, Set<Accessory> accessories) {

  /**
   * Creates the truth, copying the accessory set.
   *
   * @param visible see the record description
   * @param pixels see the record description
   * @param box see the record description
   * @param colour see the record description
   * @param accessories see the record description
   */
  public CharacterTruth {
    accessories = Set.copyOf(accessories);
  }

  /** {@return the x of the character's centre (centre of {@link #box()})} */
  public double centreX() {
    return box.centreX();
  }

  /** {@return the y of the character's centre (centre of {@link #box()})} */
  public double centreY() {
    return box.centreY();
  }
}
