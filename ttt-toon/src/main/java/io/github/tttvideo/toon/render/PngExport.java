package io.github.tttvideo.toon.render;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonWorld;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes frames as PNG files for a person to look at: one frame, or a contact sheet of a whole
 * story with one row per segment.
 *
 * @since 0.1.0
 */
public final class PngExport {
  /** Frames shown per segment on a contact sheet: 0, 8, 16, 24, 32, 40 and 47. */
  static final int[] SHEET_FRAMES = {0, 8, 16, 24, 32, 40, 47};
  /** Gap between thumbnails, in sheet pixels. */
  private static final int GAP = 2;
  private static final int GAP_COLOUR = 0x202020;

  private PngExport() {}

  /**
   * Writes one frame, enlarged.
   *
   * @param frame the frame
   * @param scale pixels per frame pixel, at least 1
   * @param path the PNG file to write
   * @throws IOException if the file cannot be written
   */
  public static void writeFrame(ToonFrame frame, int scale, Path path) throws IOException {
    if (scale < 1) {
      throw new InvalidInputException("scale must be at least 1, got " + scale);
    }
    int size = ToonWorld.WIDTH * scale;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    blit(img, frame, 0, 0, scale);
    write(img, path);
  }

  /**
   * Writes a contact sheet: one row per segment, showing frames 0, 8, 16, 24, 32, 40 and 47 of
   * it at twice their size.
   *
   * @param video the rendered story
   * @param path the PNG file to write
   * @throws IOException if the file cannot be written
   */
  public static void writeContactSheet(RenderedStory video, Path path) throws IOException {
    writeContactSheet(video.frames(), 2, path);
  }

  /**
   * Writes a contact sheet of frames from any source, 48 per segment.
   *
   * @param frames the frames, a whole number of segments
   * @param scale pixels per frame pixel, at least 1
   * @param path the PNG file to write
   * @throws IOException if the file cannot be written
   */
  public static void writeContactSheet(List<ToonFrame> frames, int scale, Path path)
      throws IOException {
    int n = ToonWorld.FRAMES_PER_SEGMENT;
    if (frames.isEmpty() || frames.size() % n != 0) {
      throw new InvalidInputException(
          "frames must be a positive multiple of " + n + ", got " + frames.size());
    }
    if (scale < 1) {
      throw new InvalidInputException("scale must be at least 1, got " + scale);
    }
    int segments = frames.size() / n;
    int cell = ToonWorld.WIDTH * scale + GAP;
    BufferedImage img =
        new BufferedImage(
            SHEET_FRAMES.length * cell + GAP, segments * cell + GAP, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        img.setRGB(x, y, GAP_COLOUR);
      }
    }
    for (int s = 0; s < segments; s++) {
      for (int c = 0; c < SHEET_FRAMES.length; c++) {
        blit(img, frames.get(s * n + SHEET_FRAMES[c]), GAP + c * cell, GAP + s * cell, scale);
      }
    }
    write(img, path);
  }

  private static void blit(BufferedImage img, ToonFrame frame, int ox, int oy, int scale) {
    for (int y = 0; y < ToonWorld.HEIGHT; y++) {
      for (int x = 0; x < ToonWorld.WIDTH; x++) {
        int rgb = frame.rgbAt(x, y);
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            img.setRGB(ox + x * scale + dx, oy + y * scale + dy, rgb);
          }
        }
      }
    }
  }

  private static void write(BufferedImage img, Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", path.toFile())) {
      throw new IOException("no PNG writer available for " + path);
    }
  }
}
