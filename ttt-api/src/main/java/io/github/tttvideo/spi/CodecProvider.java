package io.github.tttvideo.spi;

import io.github.tttvideo.api.OutputFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Service-provider interface of video codecs, found with {@link java.util.ServiceLoader} (a file
 * {@code META-INF/services/io.github.tttvideo.spi.CodecProvider} in the codec's jar).
 *
 * @since 0.1.0
 */
public interface CodecProvider {

  /**
   * A short name users can pin a provider with (for example {@code javacv}).
   *
   * @return the name
   */
  String name();

  /**
   * Preference when several providers support a format: higher wins.
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * Formats this provider writes.
   *
   * @return the formats
   */
  Set<OutputFormat> formats();

  /**
   * Opens a writer. Checks the target before any work: its folder must exist and be writable.
   *
   * @param spec what to write
   * @return the writer
   * @throws IOException if the target cannot be written
   */
  VideoWriter openWriter(VideoWriterSpec spec) throws IOException;

  /**
   * Opens a reader for a file or PNG folder this provider wrote.
   *
   * @param path the video
   * @return the reader
   * @throws IOException if the file cannot be read
   */
  VideoReader openReader(Path path) throws IOException;
}
