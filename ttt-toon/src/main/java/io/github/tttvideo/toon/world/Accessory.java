package io.github.tttvideo.toon.world;

/**
 * Something a character shows on top of its own colours, the lasting mark of an {@link Event}.
 *
 * @since 0.1.0
 */
public enum Accessory {
  /** Flour over Tom's fur (white with grey speckles). */
  FLOUR,
  /** Jerry's white chef's hat. */
  CHEFS_HAT,
  /** Tom's black bar over the eyes. */
  SUNGLASSES
}
