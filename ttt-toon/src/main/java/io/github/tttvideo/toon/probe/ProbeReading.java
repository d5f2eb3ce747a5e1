package io.github.tttvideo.toon.probe;

import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;

/**
 * Everything the palette probe reads from one frame.
 *
 * @param room the room whose wall and floor colours fill the most of their bands, or {@code null}
 *     when no room fills at least {@value PaletteProbe#MIN_ROOM_SHARE} of the frame
 * @param tom Tom's blob
 * @param tomFur the most frequent fur colour over Tom's blob (speckles count as flour white), or
 *     {@code null} when Tom is absent
 * @param sunglasses a run of at least {@value PaletteProbe#MIN_SUNGLASSES_RUN} black pixels along a
 *     row inside Tom's box
 * @param speckles grey flour-speckle pixels in Tom's blob
 * @param jerry Jerry's blob
 * @param chefsHat at least {@value PaletteProbe#MIN_HAT_PIXELS} white pixels just above Jerry's box
 * @param paletteShare the share of the frame's pixels within {@value PaletteProbe#CLOSE_DISTANCE}
 *     (Euclidean RGB distance) of a palette colour
 * @since 0.1.0
 */
public record ProbeReading(
    Room room,
    CharacterReading tom,
    FurColour tomFur,
    boolean sunglasses,
    int speckles,
    CharacterReading jerry,
    boolean chefsHat,
    double paletteShare) {

  /** {@return whether Tom is present and looks floured (fur read as flour white)} */
  public boolean floured() {
    return tom.present() && tomFur == FurColour.FLOUR_WHITE;
  }
}
