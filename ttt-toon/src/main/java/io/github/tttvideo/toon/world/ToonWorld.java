package io.github.tttvideo.toon.world;

/**
 * The fixed dimensions of the toon world: canvas, frame rate, segment length and layout rows.
 *
 * @since 0.1.0
 */
public final class ToonWorld {
  /** Frame width in pixels. */
  public static final int WIDTH = 64;
  /** Frame height in pixels. */
  public static final int HEIGHT = 64;
  /** Pixels per frame. */
  public static final int PIXELS = WIDTH * HEIGHT;
  /** Frames per second. */
  public static final int FPS = 16;
  /** Frames in one 3-second segment. */
  public static final int FRAMES_PER_SEGMENT = 48;
  /** The most segments a story holds (one minute). */
  public static final int MAX_SEGMENTS = 20;
  /** Rows {@code [0, WALL_ROWS)} are the wall band; the rows below are the floor band. */
  public static final int WALL_ROWS = 36;

  private ToonWorld() {}
}
