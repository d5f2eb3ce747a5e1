package io.github.tttvideo.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads frames back from a video written by a codec (for evaluation and tests).
 *
 * @since 0.1.0
 */
public interface VideoReader extends AutoCloseable {

  /**
   * Frame width.
   *
   * @return pixels
   */
  int width();

  /**
   * Frame height.
   *
   * @return pixels
   */
  int height();

  /**
   * Frames per second stored in the file.
   *
   * @return fps
   */
  double fps();

  /**
   * The metadata JSON stored with the video, if any.
   *
   * @return the JSON object text
   */
  Optional<String> metadataJson();

  /**
   * The next frame.
   *
   * @return the frame, or null at the end
   * @throws IOException if decoding fails
   */
  VideoFrame next() throws IOException;

  @Override
  void close();
}
