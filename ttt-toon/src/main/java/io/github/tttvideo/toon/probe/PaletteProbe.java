package io.github.tttvideo.toon.probe;

import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonPalette;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.List;

/**
 * Reads a frame's content from its pixels alone, with the world's palette and sizes.
 *
 * <pre>{@code
 * ProbeReading r = new PaletteProbe().read(frame);
 * r.room(); r.tom().centreX(); r.tomFur(); r.sunglasses(); r.chefsHat(); r.paletteShare();
 * }</pre>
 *
 * <p>Each pixel is classified as its nearest palette colour. Then:
 *
 * <ul>
 *   <li><b>room</b>: for each room, the pixels of its wall colour in the wall band plus those of
 *       its floor colour in the floor band; the room with most wins if it covers at least {@value
 *       #MIN_ROOM_SHARE} of the frame;
 *   <li><b>Tom</b>: the largest 8-connected blob of fur-coloured and speckle pixels; present with
 *       at least {@value ToonPalette#TOM_MIN_PIXELS} pixels; position is the centre of the blob's
 *       box; fur is the blob's most frequent fur colour, speckles counting as flour white;
 *       sunglasses when a row of his box holds a run of at least {@value #MIN_SUNGLASSES_RUN} black
 *       pixels (an eye is 2 wide, the bar 10, so a bar cut by the frame's edge still counts);
 *   <li><b>Jerry</b>: the largest blob of brown pixels, present with at least {@value
 *       ToonPalette#JERRY_MIN_PIXELS}; chef's hat when at least {@value #MIN_HAT_PIXELS} white
 *       pixels (hat white, or flour white, which is near it) lie in the 7 rows above his box, up to
 *       3 columns beyond it on each side (Tom never reaches these rows);
 *   <li><b>palette share</b>: pixels within {@value #CLOSE_DISTANCE} of their nearest palette
 *       colour, over all pixels.
 * </ul>
 *
 * <p>Not thread-safe (it keeps a colour cache); use one probe per thread.
 *
 * @since 0.1.0
 */
public final class PaletteProbe {
  /** Euclidean RGB distance within which a pixel counts as a palette colour. */
  public static final int CLOSE_DISTANCE = 24;
  /** Least share of the frame the winning room must cover. */
  public static final double MIN_ROOM_SHARE = 0.3;
  /** Least run of black pixels along a row inside Tom's box that means sunglasses. */
  public static final int MIN_SUNGLASSES_RUN = 3;
  /** Least hat-white pixels above Jerry that mean a chef's hat. */
  public static final int MIN_HAT_PIXELS = 4;

  private static final int W = ToonWorld.WIDTH;
  private static final int N = ToonWorld.PIXELS;

  private static final int KIND_WALL = ToonPalette.Kind.WALL.ordinal();
  private static final int KIND_FLOOR = ToonPalette.Kind.FLOOR.ordinal();
  private static final int KIND_FUR = ToonPalette.Kind.FUR.ordinal();
  private static final int KIND_SPECKLE = ToonPalette.Kind.SPECKLE.ordinal();
  private static final int KIND_JERRY = ToonPalette.Kind.JERRY.ordinal();

  /** Per palette index: its kind, room and fur ordinals (-1 where none). */
  private static final int[] KIND = new int[ToonPalette.entries().size()];
  private static final int[] ROOM = new int[KIND.length];
  private static final int[] FUR = new int[KIND.length];

  static {
    List<ToonPalette.Entry> entries = ToonPalette.entries();
    for (int i = 0; i < KIND.length; i++) {
      ToonPalette.Entry e = entries.get(i);
      KIND[i] = e.kind().ordinal();
      ROOM[i] = e.room() == null ? -1 : e.room().ordinal();
      FUR[i] = e.fur() == null ? -1 : e.fur().ordinal();
    }
  }

  private final PaletteClassifier classifier = new PaletteClassifier(CLOSE_DISTANCE);
  private final Blobs blobs = new Blobs();
  private final int[] cls = new int[N];
  private final boolean[] furMask = new boolean[N];
  private final boolean[] jerryMask = new boolean[N];

  /**
   * Reads one frame.
   *
   * @param frame the frame
   * @return what it shows
   */
  public ProbeReading read(ToonFrame frame) {
    int[] roomScore = new int[Room.values().length];
    int close = 0;
    int wallEnd = ToonWorld.WALL_ROWS * W;
    for (int p = 0; p < N; p++) {
      int v = classifier.classify(frame.rgbAt(p % W, p / W));
      int idx = v & 0xFF;
      cls[p] = idx;
      close += v >>> 8;
      int kind = KIND[idx];
      furMask[p] = kind == KIND_FUR || kind == KIND_SPECKLE;
      jerryMask[p] = kind == KIND_JERRY;
      if ((kind == KIND_WALL && p < wallEnd) || (kind == KIND_FLOOR && p >= wallEnd)) {
        roomScore[ROOM[idx]]++;
      }
    }
    Room room = bestRoom(roomScore);
    Blobs.Blob tomBlob = blobs.largest(furMask);
    CharacterReading tom = reading(tomBlob, ToonPalette.TOM_MIN_PIXELS);
    FurColour fur = null;
    int speckles = 0;
    boolean sunglasses = false;
    if (tom.present()) {
      int[] furCount = new int[FurColour.values().length];
      for (int p : tomBlob.pixels()) {
        if (KIND[cls[p]] == KIND_SPECKLE) {
          speckles++;
          furCount[FurColour.FLOUR_WHITE.ordinal()]++;
        } else {
          furCount[FUR[cls[p]]]++;
        }
      }
      fur = FurColour.values()[argmax(furCount)];
      sunglasses = longestInkRun(tom.box()) >= MIN_SUNGLASSES_RUN;
    }
    Blobs.Blob jerryBlob = blobs.largest(jerryMask);
    CharacterReading jerry = reading(jerryBlob, ToonPalette.JERRY_MIN_PIXELS);
    boolean hat = false;
    if (jerry.present()) {
      Box j = jerry.box();
      Box above = new Box(j.minX() - 3, j.minY() - 7, j.maxX() + 3, j.minY() - 1);
      hat = countWhite(above) >= MIN_HAT_PIXELS;
    }
    return new ProbeReading(
        room, tom, fur, sunglasses, speckles, jerry, hat, close / (double) N);
  }

  private static Room bestRoom(int[] score) {
    int best = argmax(score);
    return score[best] >= MIN_ROOM_SHARE * N ? Room.values()[best] : null;
  }

  private static CharacterReading reading(Blobs.Blob blob, int minPixels) {
    if (blob == null) {
      return CharacterReading.ABSENT;
    }
    return new CharacterReading(blob.size() >= minPixels, blob.size(), blob.box());
  }

  private int longestInkRun(Box box) {
    int ink = ToonPalette.Kind.INK.ordinal();
    int best = 0;
    for (int y = Math.max(0, box.minY()); y <= Math.min(ToonWorld.HEIGHT - 1, box.maxY()); y++) {
      int run = 0;
      for (int x = Math.max(0, box.minX()); x <= Math.min(W - 1, box.maxX()); x++) {
        run = KIND[cls[y * W + x]] == ink ? run + 1 : 0;
        best = Math.max(best, run);
      }
    }
    return best;
  }

  private int countWhite(Box box) {
    int hat = ToonPalette.Kind.HAT.ordinal();
    int flour = FurColour.FLOUR_WHITE.ordinal();
    int n = 0;
    for (int y = Math.max(0, box.minY()); y <= Math.min(ToonWorld.HEIGHT - 1, box.maxY()); y++) {
      for (int x = Math.max(0, box.minX()); x <= Math.min(W - 1, box.maxX()); x++) {
        int idx = cls[y * W + x];
        if (KIND[idx] == hat || FUR[idx] == flour) {
          n++;
        }
      }
    }
    return n;
  }

  private static int argmax(int[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }
}
