package io.github.tttvideo.api;

/**
 * The container a rendered video is written in.
 *
 * @since 0.1.0
 */
public enum OutputFormat {
  /** H.264 in an MP4 container. */
  MP4,
  /** An animated GIF. */
  GIF,
  /** A folder of PNG frames. */
  PNG
}
