package io.github.tttvideo.api;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The container a rendered video is written in.
 *
 * @since 0.1.0
 */
public enum OutputFormat {
  /** H.264 in an MP4 container. */
  MP4("mp4"),
  /** An animated GIF. */
  GIF("gif"),
  /** A folder of PNG frames. */
  PNG("png");

  private final String extension;

  OutputFormat(String extension) {
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
   * @throws InvalidInputException for any other name
   */
  public static OutputFormat fromName(String name) {
    if (name != null) {
      for (OutputFormat f : values()) {
        if (f.extension.equalsIgnoreCase(name.trim())) {
          return f;
        }
      }
    }
    throw new InvalidInputException("format must be one of mp4, gif, png; got " + name);
  }

  /**
   * Guesses the format from an output path: its extension, or PNG (a frame folder) for a path
   * without one.
   *
   * @param path the output path
   * @return the format
   * @throws InvalidInputException for an unknown extension
   */
  public static OutputFormat fromPath(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return PNG;
    }
    return fromName(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
