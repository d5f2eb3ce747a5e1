package io.github.tttvideo.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes frames to a temporary file in the target folder; the target appears, complete, only on
 * {@link #commit()}. Closing a writer that was not committed discards everything it wrote.
 *
 * <p>A writer is used by one thread at a time and holds native resources: always close it.
 *
 * @since 0.1.0
 */
public interface VideoWriter extends AutoCloseable {

  /**
   * Appends a frame.
   *
   * @param frame a frame of the spec's size
   * @throws IOException if writing fails
   */
  void write(VideoFrame frame) throws IOException;

  /**
   * Frames written so far.
   *
   * @return the count
   */
  long framesWritten();

  /**
   * Finishes the file and moves it into place.
   *
   * @return the final path
   * @throws IOException if finishing or moving fails (the temporary file is removed)
   */
  Path commit() throws IOException;

  /** Releases native resources; without a prior commit, deletes the partial output. */
  @Override
  void close();
}
