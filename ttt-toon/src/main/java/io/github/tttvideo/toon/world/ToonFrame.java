package io.github.tttvideo.toon.world;

import io.github.tttvideo.api.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One 64 x 64 frame of pixels, from the renderer or from any model.
 *
 * <p>Immutable: the factories copy their input and the accessors return copies, except {@link
 * #rgbAt(int, int)} which reads in place.
 *
 * @since 0.1.0
 */
public final class ToonFrame {
  private final int[] rgb;

  private ToonFrame(int[] rgb) {
    this.rgb = rgb;
  }

  /**
   * Wraps packed pixels; the alpha byte is ignored.
   *
   * @param argb {@value ToonWorld#PIXELS} pixels, row-major, 0xAARRGGBB
   * @return the frame
   */
  public static ToonFrame ofArgb(int[] argb) {
    Objects.requireNonNull(argb, "argb");
    if (argb.length != ToonWorld.PIXELS) {
      throw new InvalidInputException(
          "argb must hold " + ToonWorld.PIXELS + " pixels, got " + argb.length);
    }
    int[] copy = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      copy[i] = argb[i] & 0xFFFFFF;
    }
    return new ToonFrame(copy);
  }

  /**
   * Wraps interleaved RGB bytes.
   *
   * @param rgbBytes {@value ToonWorld#PIXELS} x 3 bytes, row-major, R G B
   * @return the frame
   */
  public static ToonFrame ofRgbBytes(byte[] rgbBytes) {
    Objects.requireNonNull(rgbBytes, "rgbBytes");
    if (rgbBytes.length != ToonWorld.PIXELS * 3) {
      throw new InvalidInputException(
          "rgbBytes must hold " + ToonWorld.PIXELS * 3 + " bytes, got " + rgbBytes.length);
    }
    int[] px = new int[ToonWorld.PIXELS];
    for (int i = 0; i < px.length; i++) {
      px[i] = (rgbBytes[3 * i] & 0xFF) << 16
          | (rgbBytes[3 * i + 1] & 0xFF) << 8
          | (rgbBytes[3 * i + 2] & 0xFF);
    }
    return new ToonFrame(px);
  }

  /**
   * {@return the colour at column x, row y, as 0xRRGGBB}
   *
   * @param x the column, 0 to 63
   * @param y the row, 0 to 63
   */
  public int rgbAt(int x, int y) {
    return rgb[y * ToonWorld.WIDTH + x];
  }

  /** {@return a copy of the pixels, row-major, opaque 0xFFRRGGBB} */
  public int[] argb() {
    int[] out = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = 0xFF000000 | rgb[i];
    }
    return out;
  }

  /** {@return the pixels as interleaved R G B bytes, row-major} */
  public byte[] rgbBytes() {
    byte[] out = new byte[rgb.length * 3];
    for (int i = 0; i < rgb.length; i++) {
      out[3 * i] = (byte) (rgb[i] >> 16);
      out[3 * i + 1] = (byte) (rgb[i] >> 8);
      out[3 * i + 2] = (byte) rgb[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToonFrame other && Arrays.equals(rgb, other.rgb);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rgb);
  }
}
