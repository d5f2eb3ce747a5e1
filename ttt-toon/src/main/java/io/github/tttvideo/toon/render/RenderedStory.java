package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.List;

/**
 * A story's frames, 48 per segment in order, and the ground truth of each frame.
 *
 * @param story the story
 * @param frames all frames, segment after segment
 * @param truths the ground truth of each frame, same order
 * @since 0.1.0
 */
public record RenderedStory(ToonStory story, List<ToonFrame> frames, List<GroundTruth> truths) {
  /**
   * Creates the rendered story, copying the lists.
   *
   * @param story see the record description
   * @param frames see the record description
   * @param truths see the record description
   */
  public RenderedStory {
    frames = List.copyOf(frames);
    truths = List.copyOf(truths);
  }

  /**
   * {@return the 48 frames of segment {@code i}}
   *
   * @param i the segment index
   */
  public List<ToonFrame> segmentFrames(int i) {
    int n = ToonWorld.FRAMES_PER_SEGMENT;
    return frames.subList(i * n, (i + 1) * n);
  }
}
