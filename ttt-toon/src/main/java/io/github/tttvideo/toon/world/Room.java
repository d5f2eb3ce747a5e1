package io.github.tttvideo.toon.world;

/**
 * The rooms of the toon world, each a flat wall band over a flat floor band.
 *
 * @since 0.1.0
 */
public enum Room {
  /** Yellow wall, wooden floor. */
  KITCHEN("kitchen", "In the kitchen.", 0xF2D16B, 0xB5793A),
  /** Green wall, dark brown floor. */
  LIVING_ROOM("living room", "In the living room.", 0x8FBF7A, 0x6B4F3A),
  /** Sky-blue "wall", sand floor. */
  BEACH("beach", "On the beach.", 0x7EC8E3, 0xE8D7A5),
  /** Pale green "wall", grass floor. */
  GARDEN("garden", "In the garden.", 0xA7D8A0, 0x4E8A3E),
  /** Lilac wall, purple floor. */
  BEDROOM("bedroom", "In the bedroom.", 0xC9B3E6, 0x7A5C8E);

  private final String label;
  private final String sentence;
  private final int wall;
  private final int floor;

  Room(String label, String sentence, int wall, int floor) {
    this.label = label;
    this.sentence = sentence;
    this.wall = wall;
    this.floor = floor;
  }

  /** {@return the room's name as the text says it, e.g. "living room"} */
  public String label() {
    return label;
  }

  /** {@return the setting sentence, e.g. "In the kitchen."} */
  public String sentence() {
    return sentence;
  }

  /** {@return the wall colour as 0xRRGGBB} */
  public int wall() {
    return wall;
  }

  /** {@return the floor colour as 0xRRGGBB} */
  public int floor() {
    return floor;
  }
}
