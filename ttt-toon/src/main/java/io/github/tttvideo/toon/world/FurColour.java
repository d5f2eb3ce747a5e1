package io.github.tttvideo.toon.world;

import java.util.List;

/**
 * Tom's fur colours: the three natural ones a story draws from, and flour white.
 *
 * <p>Flour white is not a colour a story names; it is how Tom looks after "Tom gets covered in
 * flour" and until "Tom takes a bath" (with grey speckles, {@link ToonPalette#FLOUR_SPECKLE}).
 *
 * @since 0.1.0
 */
public enum FurColour {
  /** Blue-gray #7A8CA5. */
  BLUE_GRAY("blue-gray", 0x7A8CA5),
  /** Orange #E08A2E. */
  ORANGE("orange", 0xE08A2E),
  /** Black #303030. */
  BLACK("black", 0x303030),
  /** Flour white #F5F5F5 (not natural: the result of the flour event). */
  FLOUR_WHITE("flour white", 0xF5F5F5);

  private static final List<FurColour> NATURAL = List.of(BLUE_GRAY, ORANGE, BLACK);

  private final String label;
  private final int rgb;

  FurColour(String label, int rgb) {
    this.label = label;
    this.rgb = rgb;
  }

  /** {@return the colour's name as the introduction says it, e.g. "blue-gray"} */
  public String label() {
    return label;
  }

  /** {@return the colour as 0xRRGGBB} */
  public int rgb() {
    return rgb;
  }

  /** {@return whether a story may name this colour as Tom's fur} */
  public boolean isNatural() {
    return this != FLOUR_WHITE;
  }

  /** {@return the natural colours, in declaration order} */
  public static List<FurColour> natural() {
    return NATURAL;
  }

  /**
   * {@return the introduction sentence naming this colour, e.g. "Tom the orange cat and Jerry the
   * brown mouse are here."}
   */
  public String introduction() {
    return "Tom the " + label + " cat and Jerry the brown mouse are here.";
  }
}
