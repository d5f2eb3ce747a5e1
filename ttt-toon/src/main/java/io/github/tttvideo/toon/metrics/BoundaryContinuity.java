package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.toon.probe.CharacterReading;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;

/**
 * Boundary continuity: do characters stay where they were across a segment boundary that asks
 * for no scene transition?
 *
 * <p>Definition: for each boundary between segment i-1 and segment i where segment i does not
 * require a scene transition, and for each of Tom and Jerry that the probe reads as present with
 * its box clear of the frame border on both the last frame of i-1 and the first frame of i, the
 * jump is the Euclidean distance between the two centres (centres of the blobs' boxes), in
 * pixels. Value: the mean jump (lower is better). Count: the number of jumps measured.
 *
 * @since 0.1.0
 */
public final class BoundaryContinuity {
  private BoundaryContinuity() {}

  /**
   * Computes the metric.
   *
   * @param story the story
   * @param segments the readings, one per segment
   * @return the mean jump in pixels
   */
  public static Score compute(ToonStory story, List<SegmentReadings> segments) {
    double sum = 0;
    int n = 0;
    for (int i = 1; i < story.size(); i++) {
      if (story.segment(i).newScene()) {
        continue;
      }
      var before = segments.get(i - 1).last();
      var after = segments.get(i).first();
      double[] jumps = {jump(before.tom(), after.tom()), jump(before.jerry(), after.jerry())};
      for (double j : jumps) {
        if (!Double.isNaN(j)) {
          sum += j;
          n++;
        }
      }
    }
    return Score.mean(sum, n);
  }

  private static double jump(CharacterReading a, CharacterReading b) {
    if (!a.fullyInFrame() || !b.fullyInFrame()) {
      return Double.NaN;
    }
    return Math.hypot(b.centreX() - a.centreX(), b.centreY() - a.centreY());
  }
}
