package io.github.tttvideo.toon.world;

/**
 * Persistent events: they change appearance from the segment where they happen until the story
 * says otherwise, and later segments do not repeat them in their text.
 *
 * @since 0.1.0
 */
public enum Event {
  /** Tom's fur becomes flour white with grey speckles. */
  FLOUR("Tom gets covered in flour."),
  /** Jerry wears a white chef's hat. */
  CHEFS_HAT("Jerry puts on a chef's hat."),
  /** Tom wears a black bar over his eyes. */
  SUNGLASSES("Tom puts on sunglasses."),
  /** Undoes {@link #FLOUR}. */
  BATH("Tom takes a bath.");

  private final String sentence;

  Event(String sentence) {
    this.sentence = sentence;
  }

  /** {@return the event sentence} */
  public String sentence() {
    return sentence;
  }
}
