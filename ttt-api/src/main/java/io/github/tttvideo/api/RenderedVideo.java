package io.github.tttvideo.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished render: where the video is and what it holds.
 *
 * @param path the video file (or PNG frame folder)
 * @param frames pixel frames written
 * @param fps frames per second
 * @param duration frames / fps
 * @param seed the seed the noise was drawn from
 * @param elapsed wall time of the render
 * @since 0.1.0
 */
public record RenderedVideo(
    Path path, long frames, int fps, Duration duration, long seed, Duration elapsed) {

  /** Checks the values. */
  public RenderedVideo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(elapsed, "elapsed");
    if (frames < 0 || fps < 1) {
      throw new InvalidInputException("frames must be >= 0 and fps >= 1, got " + frames + ", " + fps);
    }
  }
}
