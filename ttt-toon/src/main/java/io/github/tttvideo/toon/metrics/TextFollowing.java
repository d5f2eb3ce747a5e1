package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.toon.probe.CharacterReading;
import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;
import java.util.function.Function;

/**
 * Text following: does each segment show what its text says?
 *
 * <p>Definition: the share of segments that pass all of these checks, read by the palette probe:
 *
 * <ol>
 *   <li>room: the room read on the most frames is the segment's room;
 *   <li>Tom is present on at least half of the frames;
 *   <li>Jerry: for "Jerry hides in a hole." he is absent on the last frame; for every other action
 *       he is present on at least half of the frames;
 *   <li>chases: the measured motion direction of both Tom and Jerry is the one the text says. A
 *       character's motion is the sum of its centre's x shifts between consecutive frames in which
 *       it is present with its box clear of the frame border and the shift is at most {@value
 *       #MAX_STEP} px (longer shifts are wrap-arounds or misreadings); the direction is right when
 *       that sum is at least {@value #MIN_TRAVEL} px in the said direction.
 * </ol>
 *
 * <p>Count: the number of segments.
 *
 * @since 0.1.0
 */
public final class TextFollowing {
  /** Largest per-frame centre shift counted as motion, in pixels. */
  public static final double MAX_STEP = 4;
  /** Least travel in the said direction for a chase to count, in pixels. */
  public static final double MIN_TRAVEL = 4;

  private TextFollowing() {}

  /**
   * Computes the metric.
   *
   * @param story the story
   * @param segments the readings, one per segment
   * @return the share of segments that follow their text
   */
  public static Score compute(ToonStory story, List<SegmentReadings> segments) {
    int ok = 0;
    for (int i = 0; i < story.size(); i++) {
      if (follows(story.segment(i), segments.get(i))) {
        ok++;
      }
    }
    return Score.mean(ok, story.size());
  }

  /** {@return whether one segment passes every check} */
  static boolean follows(ToonSegment seg, SegmentReadings r) {
    if (r.majorityRoom() != seg.room()) {
      return false;
    }
    if (r.share(p -> p.tom().present()) < 0.5) {
      return false;
    }
    if (seg.action() == Action.HIDES) {
      if (r.last().jerry().present()) {
        return false;
      }
    } else if (r.share(p -> p.jerry().present()) < 0.5) {
      return false;
    }
    if (seg.action().isChase()) {
      double sign = seg.action() == Action.CHASE_RIGHT ? 1 : -1;
      return sign * travel(r, ProbeReading::tom) >= MIN_TRAVEL
          && sign * travel(r, ProbeReading::jerry) >= MIN_TRAVEL;
    }
    return true;
  }

  /** {@return the summed x motion of one character over a segment} */
  static double travel(SegmentReadings r, Function<ProbeReading, CharacterReading> who) {
    double sum = 0;
    List<ProbeReading> frames = r.frames();
    for (int f = 1; f < frames.size(); f++) {
      CharacterReading a = who.apply(frames.get(f - 1));
      CharacterReading b = who.apply(frames.get(f));
      if (a.fullyInFrame() && b.fullyInFrame()) {
        double dx = b.centreX() - a.centreX();
        if (Math.abs(dx) <= MAX_STEP) {
          sum += dx;
        }
      }
    }
    return sum;
  }
}
