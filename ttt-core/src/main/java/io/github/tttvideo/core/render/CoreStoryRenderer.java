package io.github.tttvideo.core.render;

import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.spi.StoryRenderer;
import java.nio.file.Path;

/**
 * The {@link StoryRenderer} behind {@link VideoStory#render(Path)}: the default {@link
 * RenderPipeline} (discovered backend and codec, DPM-Solver++(2M) SDE).
 *
 * @since 0.1.0
 */
public final class CoreStoryRenderer implements StoryRenderer {

  /** Creates the renderer (what {@link java.util.ServiceLoader} calls). */
  public CoreStoryRenderer() {}

  @Override
  public RenderedVideo render(
      VideoStory story, Path out, ProgressListener listener, RenderControl control) {
    return RenderPipeline.defaults().render(story, out, listener, control);
  }
}
