package io.github.tttvideo.toon.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Every colour the toon world draws, with what each one means, and the character sizes the
 * probes rely on.
 *
 * @since 0.1.0
 */
public final class ToonPalette {
  /** Jerry's brown. */
  public static final int JERRY_BROWN = 0x8B5A2B;
  /** The grey speckles on floured fur. */
  public static final int FLOUR_SPECKLE = 0x9A9A9A;
  /** The chef's hat. */
  public static final int HAT_WHITE = 0xFFFFFF;
  /** Eyes, sunglasses and the mouse hole. */
  public static final int INK = 0x000000;
  /** Fewest on-screen fur pixels for Tom to count as visible. */
  public static final int TOM_MIN_PIXELS = 20;
  /** Fewest on-screen brown pixels for Jerry to count as visible. */
  public static final int JERRY_MIN_PIXELS = 8;

  /** What a palette colour stands for. */
  public enum Kind {
    /** A room's wall band. */
    WALL,
    /** A room's floor band. */
    FLOOR,
    /** One of Tom's fur colours. */
    FUR,
    /** Flour speckles on Tom. */
    SPECKLE,
    /** Jerry. */
    JERRY,
    /** The chef's hat. */
    HAT,
    /** Eyes, sunglasses, the hole. */
    INK
  }

  /**
   * One palette colour.
   *
   * @param rgb the colour, 0xRRGGBB
   * @param kind what it stands for
   * @param room the room, for walls and floors, else {@code null}
   * @param fur the fur colour, for fur, else {@code null}
   */
  public record Entry(int rgb, Kind kind, Room room, FurColour fur) {}

  private static final List<Entry> ENTRIES = buildEntries();

  private ToonPalette() {}

  private static List<Entry> buildEntries() {
    List<Entry> list = new ArrayList<>();
    for (Room r : Room.values()) {
      list.add(new Entry(r.wall(), Kind.WALL, r, null));
      list.add(new Entry(r.floor(), Kind.FLOOR, r, null));
    }
    for (FurColour f : FurColour.values()) {
      list.add(new Entry(f.rgb(), Kind.FUR, null, f));
    }
    list.add(new Entry(FLOUR_SPECKLE, Kind.SPECKLE, null, null));
    list.add(new Entry(JERRY_BROWN, Kind.JERRY, null, null));
    list.add(new Entry(HAT_WHITE, Kind.HAT, null, null));
    list.add(new Entry(INK, Kind.INK, null, null));
    return List.copyOf(list);
  }

  /** {@return all palette colours; the index into this list is the colour's id} */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  /**
   * {@return the squared Euclidean distance between two 0xRRGGBB colours}
   *
   * @param a one colour
   * @param b the other colour
   */
  public static int distanceSquared(int a, int b) {
    int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
    int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
    int db = (a & 0xFF) - (b & 0xFF);
    return dr * dr + dg * dg + db * db;
  }

  /**
   * {@return the index in {@link #entries()} of the palette colour nearest to {@code rgb}}
   *
   * @param rgb the colour
   */
  public static int nearest(int rgb) {
    int best = 0;
    int bestD = Integer.MAX_VALUE;
    for (int i = 0; i < ENTRIES.size(); i++) {
      int d = distanceSquared(rgb, ENTRIES.get(i).rgb());
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }
}
