package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;

/**
 * Identity consistency: does Tom keep the fur colour named in segment 1?
 *
 * <p>Definition: over the segments in which Tom is not floured at any frame (by the story: not
 * floured at the segment's start nor end), the share whose measured fur colour equals the story's
 * named colour. A segment's measured fur colour is the fur read by the palette probe (nearest
 * palette colour over Tom's blob) on the most frames where Tom is present; a segment where Tom is
 * never present counts as a mismatch. Count: the number of such segments.
 *
 * @since 0.1.0
 */
public final class IdentityConsistency {
  private IdentityConsistency() {}

  /**
   * Computes the metric.
   *
   * @param story the story
   * @param segments the readings, one per segment
   * @return the share of matching segments
   */
  public static Score compute(ToonStory story, List<SegmentReadings> segments) {
    int n = 0;
    int ok = 0;
    for (int i = 0; i < story.size(); i++) {
      if (story.appearanceAtStart(i).floured() || story.appearanceAtEnd(i).floured()) {
        continue;
      }
      n++;
      FurColour measured = segments.get(i).majorityFur();
      if (measured == story.fur()) {
        ok++;
      }
    }
    return Score.mean(ok, n);
  }
}
