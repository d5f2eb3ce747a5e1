package io.github.tttvideo.toon.world;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which persistent events are in effect at some moment of a story.
 *
 * @param floured Tom is covered in flour
 * @param chefsHat Jerry wears the chef's hat
 * @param sunglasses Tom wears sunglasses
 * @since 0.1.0
 */
public record Appearance(boolean floured, boolean chefsHat, boolean sunglasses) {
  /** Nothing has happened yet. */
  public static final Appearance NONE = new Appearance(false, false, false);

  /**
   * Returns the appearance after an event.
   *
   * @param event the event, or {@code null} for none
   * @return the new appearance
   */
  public Appearance after(Event event) {
    if (event == null) {
      return this;
    }
    return switch (event) {
      case FLOUR -> new Appearance(true, chefsHat, sunglasses);
      case BATH -> new Appearance(false, chefsHat, sunglasses);
      case CHEFS_HAT -> new Appearance(floured, true, sunglasses);
      case SUNGLASSES -> new Appearance(floured, chefsHat, true);
    };
  }

  /**
   * {@return whether the accessory is in effect}
   *
   * @param accessory the accessory
   */
  public boolean has(Accessory accessory) {
    return switch (accessory) {
      case FLOUR -> floured;
      case CHEFS_HAT -> chefsHat;
      case SUNGLASSES -> sunglasses;
    };
  }

  /** {@return the accessories in effect} */
  public Set<Accessory> accessories() {
    Set<Accessory> set = EnumSet.noneOf(Accessory.class);
    for (Accessory a : Accessory.values()) {
      if (has(a)) {
        set.add(a);
      }
    }
    return set;
  }
}
