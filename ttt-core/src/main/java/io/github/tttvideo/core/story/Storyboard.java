package io.github.tttvideo.core.story;

import io.github.tttvideo.api.StoryboardException;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.model.ModelConfig;
import java.util.Collections;
import java.util.List;

/**
 * The videos of a storyboard file, with where each one starts in the file.
 *
 * <pre>{@code
 * Storyboard board = StoryboardReader.defaults().read(Path.of("story.json"));
 * board.requireFits(ModelConfig.preset("5B"));   // before any computation
 * for (VideoStory story : board.videos()) { ... }
 * }</pre>
 *
 * @param source the file name, or {@code null}
 * @param videos the videos, at least one
 * @param positions where each video starts (same size as videos)
 * @since 0.1.0
 */
public record Storyboard(String source, List<VideoStory> videos, List<SourcePosition> positions) {

  /** Checks the sizes and freezes the lists. */
  public Storyboard {
    videos = List.copyOf(videos);
    positions = positions == null
        ? Collections.nCopies(videos.size(), SourcePosition.UNKNOWN)
        : List.copyOf(positions);
    if (positions.size() != videos.size()) {
      throw new IllegalArgumentException(
          "positions must have one entry per video (" + videos.size() + "), got "
              + positions.size());
    }
  }

  /**
   * A storyboard of videos built in code.
   *
   * @param videos the videos
   * @return the storyboard without source positions
   */
  public static Storyboard of(List<VideoStory> videos) {
    return new Storyboard(null, videos, null);
  }

  /**
   * Checks that every video fits the model: at most {@link ModelConfig#maxSegments()} segments.
   *
   * @param config the model config
   * @return this storyboard
   * @throws StoryboardException naming the first video that is too long and where it starts
   */
  public Storyboard requireFits(ModelConfig config) {
    for (int i = 0; i < videos.size(); i++) {
      int n = videos.get(i).segmentCount();
      if (n > config.maxSegments()) {
        SourcePosition p = positions.get(i);
        throw new StoryboardException(source, p.line(), p.column(),
            "video " + i + " has " + n + " segments (" + 3 * n + " s) but model "
                + config.name() + " supports at most " + config.maxSegments() + " ("
                + 3 * config.maxSegments() + " s)");
      }
    }
    return this;
  }
}
