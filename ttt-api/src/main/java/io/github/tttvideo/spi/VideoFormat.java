package io.github.tttvideo.spi;

import io.github.tttvideo.api.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Output formats a codec may write.
 *
 * @since 0.1.0
 */
public enum VideoFormat {
  /** MPEG-4 container with H.264 video. */
  MP4("mp4"),
  /** Animated GIF. */
  GIF("gif"),
  /** A folder of numbered PNG frames plus a metadata file. */
  PNG("png");

  private final String extension;

  VideoFormat(String extension) {
    this.extension = extension;
  }

  /**
   * The usual file extension, without the dot.
   *
   * @return the extension
   */
  public String extension() {
    return extension;
  }

  /**
   * Parses a format name, case-insensitively.
   *
   * @param name "mp4", "gif" or "png"
   * @return the format
   */
  public static VideoFormat fromName(String name) {
    if (name != null) {
      for (VideoFormat f : values()) {
        if (f.extension.equalsIgnoreCase(name.trim())) {
          return f;
        }
      }
    }
    throw new InvalidInputException("format must be one of mp4, gif, png; got " + name);
  }

  /**
   * Guesses the format from a path: its extension, or PNG for a path without extension.
   *
   * @param path the output path
   * @return the format
   */
  public static VideoFormat fromPath(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return PNG;
    }
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return fromName(ext);
  }
}
