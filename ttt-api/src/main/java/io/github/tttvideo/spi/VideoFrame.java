package io.github.tttvideo.spi;

import io.github.tttvideo.api.InvalidInputException;

/**
 * One RGB frame, 8 bits per channel, rows top to bottom, pixels left to right, channels R, G, B.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb {@code width * height * 3} bytes; owned by the frame once passed in
 * @since 0.1.0
 */
public record VideoFrame(int width, int height, byte[] rgb) {

  /** Checks that the buffer matches the size. */
  public VideoFrame {
    if (width <= 0 || height <= 0) {
      throw new InvalidInputException("frame size must be positive, got " + width + "x" + height);
    }
    if (rgb == null || rgb.length != width * height * 3) {
      throw new InvalidInputException(
          "frame of " + width + "x" + height + " needs " + width * height * 3 + " RGB bytes, got "
              + (rgb == null ? "null" : rgb.length));
    }
  }

  /**
   * Red, green and blue of one pixel as 0xRRGGBB.
   *
   * @param x column
   * @param y row
   * @return the colour
   */
  public int rgbAt(int x, int y) {
    int i = (y * width + x) * 3;
    return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
  }
}
