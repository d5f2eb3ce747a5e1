package io.github.tttvideo.spi;

import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.InvalidInputException;
import java.nio.file.Path;

/**
 * What a codec is asked to write.
 *
 * @param target the final path (a file for MP4 and GIF, a folder for PNG); it appears only when
 *     the writer commits
 * @param format the format
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second
 * @param title a title stored with the video (may be empty)
 * @param metadataJson a JSON object stored with the video and beside it (may be null)
 * @since 0.1.0
 */
public record VideoWriterSpec(
    Path target, OutputFormat format, int width, int height, int fps, String title, String metadataJson) {

  /** Validates the spec. */
  public VideoWriterSpec {
    if (target == null) {
      throw new InvalidInputException("target must not be null");
    }
    if (format == null) {
      throw new InvalidInputException("format must not be null");
    }
    if (width <= 0 || height <= 0) {
      throw new InvalidInputException("width and height must be > 0, got " + width + "x" + height);
    }
    if (fps <= 0 || fps > 240) {
      throw new InvalidInputException("fps must be in [1, 240], got " + fps);
    }
    title = title == null ? "" : title;
  }
}
