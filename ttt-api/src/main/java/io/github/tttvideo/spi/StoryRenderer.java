package io.github.tttvideo.spi;

import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.VideoStory;
import java.nio.file.Path;

/**
 * What {@link VideoStory#render(Path)} delegates to: the render pipeline, which lives in {@code
 * ttt-core} (the API cannot depend on it). Found with {@link java.util.ServiceLoader} (a file
 * {@code META-INF/services/io.github.tttvideo.spi.StoryRenderer}); ttt-core registers the one
 * implementation, and the one with the highest {@link #rank()} wins if there are several.
 *
 * @since 0.1.0
 */
public interface StoryRenderer {

  /**
   * Preference when several renderers are on the class path: higher wins.
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * Renders a story to a video file.
   *
   * @param story the story, with its options and model
   * @param out the target file (or folder for PNG frames)
   * @param listener progress
   * @param control cancellation
   * @return the rendered video
   */
  RenderedVideo render(VideoStory story, Path out, ProgressListener listener, RenderControl control);
}
