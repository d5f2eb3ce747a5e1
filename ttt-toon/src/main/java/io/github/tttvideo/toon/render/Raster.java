package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonWorld;

/**
 * A frame being drawn: colours plus, for each pixel, which character painted it last.
 *
 * <p>A pixel belongs to a shape when its centre {@code (x + 0.5, y + 0.5)} lies inside the shape,
 * so shapes at sub-pixel positions rasterize deterministically.
 */
final class Raster {
  static final byte NOBODY = 0;
  static final byte TOM = 1;
  static final byte JERRY = 2;

  private static final int W = ToonWorld.WIDTH;
  private static final int H = ToonWorld.HEIGHT;

  private final int[] rgb = new int[ToonWorld.PIXELS];
  private final byte[] owner = new byte[ToonWorld.PIXELS];

  /** Paints the room's wall band over its floor band. */
  void background(Room room) {
    int split = ToonWorld.WALL_ROWS * W;
    java.util.Arrays.fill(rgb, 0, split, room.wall());
    java.util.Arrays.fill(rgb, split, rgb.length, room.floor());
    java.util.Arrays.fill(owner, NOBODY);
  }

  void ellipse(double cx, double cy, double rx, double ry, int colour, byte who, Extent ext) {
    int x0 = (int) Math.floor(cx - rx - 1);
    int x1 = (int) Math.ceil(cx + rx + 1);
    int y0 = (int) Math.floor(cy - ry - 1);
    int y1 = (int) Math.ceil(cy + ry + 1);
    for (int y = y0; y <= y1; y++) {
      double dy = (y + 0.5 - cy) / ry;
      for (int x = x0; x <= x1; x++) {
        double dx = (x + 0.5 - cx) / rx;
        if (dx * dx + dy * dy <= 1.0) {
          plot(x, y, colour, who, ext);
        }
      }
    }
  }

  void triangle(
      double ax, double ay, double bx, double by, double cx, double cy, int colour, byte who,
      Extent ext) {
    int x0 = (int) Math.floor(Math.min(ax, Math.min(bx, cx)));
    int x1 = (int) Math.ceil(Math.max(ax, Math.max(bx, cx)));
    int y0 = (int) Math.floor(Math.min(ay, Math.min(by, cy)));
    int y1 = (int) Math.ceil(Math.max(ay, Math.max(by, cy)));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double px = x + 0.5;
        double py = y + 0.5;
        double e1 = cross(ax, ay, bx, by, px, py);
        double e2 = cross(bx, by, cx, cy, px, py);
        double e3 = cross(cx, cy, ax, ay, px, py);
        boolean inside = (e1 >= 0 && e2 >= 0 && e3 >= 0) || (e1 <= 0 && e2 <= 0 && e3 <= 0);
        if (inside) {
          plot(x, y, colour, who, ext);
        }
      }
    }
  }

  private static double cross(double ax, double ay, double bx, double by, double px, double py) {
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  }

  /** Fills the inclusive rectangle; it does not grow any extent. */
  void rect(int x0, int y0, int x1, int y1, int colour, byte who) {
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        plot(x, y, colour, who, null);
      }
    }
  }

  void plot(int x, int y, int colour, byte who, Extent ext) {
    if (ext != null) {
      ext.add(x, y);
    }
    if (x >= 0 && x < W && y >= 0 && y < H) {
      rgb[y * W + x] = colour;
      owner[y * W + x] = who;
    }
  }

  /**
   * {@return the on-screen pixels inside {@code box} owned by {@code who} whose colour is not
   * {@code except}}
   */
  int count(byte who, int except, Box box) {
    int n = 0;
    for (int y = Math.max(0, box.minY()); y <= Math.min(H - 1, box.maxY()); y++) {
      for (int x = Math.max(0, box.minX()); x <= Math.min(W - 1, box.maxX()); x++) {
        int i = y * W + x;
        if (owner[i] == who && rgb[i] != except) {
          n++;
        }
      }
    }
    return n;
  }

  ToonFrame toFrame() {
    return ToonFrame.ofArgb(rgb);
  }
}
