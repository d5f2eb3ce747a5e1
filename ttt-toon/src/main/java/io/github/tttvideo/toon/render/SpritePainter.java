package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.Accessory;
import io.github.tttvideo.toon.world.Appearance;
import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.CharacterTruth;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.ToonPalette;
import java.util.EnumSet;
import java.util.Set;

/** Draws Tom, Jerry and the mouse hole, and reports what it drew as ground truth. */
final class SpritePainter {
  /** Flour speckles, as offsets from Tom's body centre pixel, kept off the eye rows. */
  private static final int[][] SPECKLES = {{-5, 1}, {-2, 3}, {1, 1}, {4, 3}, {6, 0}, {-1, -5}};

  private SpritePainter() {}

  /**
   * Draws Tom: a 16 x 12 body ellipse, two ear triangles and two eyes (a black bar with
   * sunglasses, thin lines when closed), with speckles when floured.
   */
  static CharacterTruth tom(Raster r, Pose pose, FurColour fur, Appearance look) {
    double cx = pose.tomX();
    double cy = pose.tomY();
    int colour = fur.rgb();
    Extent ext = new Extent();
    r.ellipse(cx, cy, 8, 6, colour, Raster.TOM, ext);
    r.triangle(cx - 7, cy - 3, cx - 2, cy - 5.5, cx - 6, cy - 10, colour, Raster.TOM, ext);
    r.triangle(cx + 7, cy - 3, cx + 2, cy - 5.5, cx + 6, cy - 10, colour, Raster.TOM, ext);
    int ix = (int) Math.floor(cx);
    int iy = (int) Math.floor(cy);
    if (look.floured()) {
      for (int[] s : SPECKLES) {
        r.plot(ix + s[0], iy + s[1], ToonPalette.FLOUR_SPECKLE, Raster.TOM, null);
      }
    }
    int ink = ToonPalette.INK;
    if (look.sunglasses()) {
      r.rect(ix - 5, iy - 3, ix + 4, iy - 2, ink, Raster.TOM);
    } else if (pose.eyesClosed()) {
      r.rect(ix - 4, iy - 2, ix - 3, iy - 2, ink, Raster.TOM);
      r.rect(ix + 2, iy - 2, ix + 3, iy - 2, ink, Raster.TOM);
    } else {
      r.rect(ix - 4, iy - 3, ix - 3, iy - 2, ink, Raster.TOM);
      r.rect(ix + 2, iy - 3, ix + 3, iy - 2, ink, Raster.TOM);
    }
    Box box = ext.toBox();
    int pixels = r.count(Raster.TOM, ink, box);
    Set<Accessory> acc = EnumSet.noneOf(Accessory.class);
    if (look.floured()) {
      acc.add(Accessory.FLOUR);
    }
    if (look.sunglasses()) {
      acc.add(Accessory.SUNGLASSES);
    }
    return new CharacterTruth(
        pixels >= ToonPalette.TOM_MIN_PIXELS, pixels, box, colour, acc);
  }

  /**
   * Draws Jerry: a 7 x 6 brown body ellipse with two round ears and an eye, and a white chef's
   * hat above the ears when he wears it. A hidden Jerry is measured but not drawn.
   */
  static CharacterTruth jerry(Raster r, Pose pose, Appearance look) {
    Raster target = pose.jerryHidden() ? new Raster() : r;
    // half a pixel right, so that the 7-pixel-wide body is symmetric about its centre
    double cx = pose.jerryX() + 0.5;
    double cy = Choreography.JERRY_Y;
    int brown = ToonPalette.JERRY_BROWN;
    Extent ext = new Extent();
    target.ellipse(cx, cy, 3.5, 3, brown, Raster.JERRY, ext);
    target.ellipse(cx - 2.5, cy - 3.5, 1.6, 1.6, brown, Raster.JERRY, ext);
    target.ellipse(cx + 2.5, cy - 3.5, 1.6, 1.6, brown, Raster.JERRY, ext);
    int ix = (int) Math.floor(cx);
    int iy = (int) Math.floor(cy);
    target.plot(ix + 2, iy - 1, ToonPalette.INK, Raster.JERRY, null);
    if (look.chefsHat()) {
      int hat = ToonPalette.HAT_WHITE;
      target.rect(ix - 3, iy - 6, ix + 3, iy - 6, hat, Raster.NOBODY);
      target.rect(ix - 1, iy - 10, ix + 2, iy - 7, hat, Raster.NOBODY);
    }
    Box box = ext.toBox();
    int pixels = pose.jerryHidden() ? 0 : r.count(Raster.JERRY, ToonPalette.INK, box);
    Set<Accessory> acc = look.chefsHat() ? EnumSet.of(Accessory.CHEFS_HAT) : Set.of();
    return new CharacterTruth(
        pixels >= ToonPalette.JERRY_MIN_PIXELS, pixels, box, brown, acc);
  }

  /** Draws the mouse hole: a black arch at the right edge, on the floor, at Jerry's height. */
  static void hole(Raster r) {
    for (int y = 53; y <= 60; y++) {
      for (int x = 55; x <= 63; x++) {
        double dx = (x + 0.5 - 61) / 5.0;
        double dy = (y + 0.5 - 61) / 8.0;
        if (dx * dx + dy * dy <= 1.0) {
          r.plot(x, y, ToonPalette.INK, Raster.NOBODY, null);
        }
      }
    }
  }
}
