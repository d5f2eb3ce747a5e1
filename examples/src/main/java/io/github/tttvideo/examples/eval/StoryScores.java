package io.github.tttvideo.examples.eval;

import io.github.tttvideo.toon.metrics.BenchmarkResult;
import io.github.tttvideo.toon.metrics.PerFrameQuality;
import io.github.tttvideo.toon.metrics.Score;
import io.github.tttvideo.toon.metrics.SegmentReadings;
import io.github.tttvideo.toon.metrics.ToonBenchmark;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one rendered story: the five toon-world metrics and the three acceptance numbers
 * of issue #6, all from palette-probe readings of the pixels.
 *
 * @param benchmark the five metrics ({@link ToonBenchmark})
 * @param paletteShare mean over frames of the share of pixels within the probe's distance of a
 *     palette colour (acceptance: at least 90 %)
 * @param rightRoom share of segments whose most frequent room is the story's (at least 90 %)
 * @param furLater over segments 2.. where Tom is not floured (by the story), the share whose
 *     measured fur is the colour named in segment 1 (at least 80 %). Unlike identity consistency,
 *     a segment's fur is read only on frames that pass the per-frame quality check (palette
 *     share at least {@value PerFrameQuality#MIN_PALETTE_SHARE}) and show Tom, and a segment
 *     without such a frame counts as a miss: on noise, the nearest-palette reading of the largest
 *     "fur" blob can match the named colour by chance (a random model scores 100 % identity
 *     consistency on some stories)
 * @param rooms the right room split by what the segment's text says about it
 * @param seconds wall time to produce the frames
 */
public record StoryScores(BenchmarkResult benchmark, Score paletteShare, Score rightRoom,
    Score furLater, RoomSplit rooms, double seconds) {

  /**
   * {@link #rightRoom()} over four kinds of segment: the first segment, a later one that starts a
   * new scene (its text names the room, which may differ from the previous segment's), a later
   * one whose text names its scene's room again, and a later one whose text does not name it (the
   * room must be carried over from earlier segments, the memory the TTT layers are for).
   *
   * @param first the first segments
   * @param newScene later segments that ask for a scene transition
   * @param namedAgain later segments of a scene whose text names its room again
   * @param unnamed later segments of a scene whose text does not name the room
   */
  public record RoomSplit(Score first, Score newScene, Score namedAgain, Score unnamed) {

    static RoomSplit pool(List<RoomSplit> splits) {
      return new RoomSplit(Score.pool(splits.stream().map(RoomSplit::first).toList()),
          Score.pool(splits.stream().map(RoomSplit::newScene).toList()),
          Score.pool(splits.stream().map(RoomSplit::namedAgain).toList()),
          Score.pool(splits.stream().map(RoomSplit::unnamed).toList()));
    }
  }

  /**
   * Probes the frames of a story once and scores them.
   *
   * @param story the story the frames should show
   * @param frames 48 frames per segment, in order
   * @param probe the probe (not thread-safe)
   * @param seconds the time it took to make the frames
   * @return the scores
   */
  public static StoryScores of(ToonStory story, List<ToonFrame> frames, PaletteProbe probe,
      double seconds) {
    int per = ToonWorld.FRAMES_PER_SEGMENT;
    if (frames.size() != story.frameCount()) {
      throw new IllegalArgumentException("expected " + story.frameCount() + " frames, got "
          + frames.size());
    }
    List<SegmentReadings> segments = new ArrayList<>(story.size());
    double share = 0;
    for (int i = 0; i < story.size(); i++) {
      List<ProbeReading> readings = new ArrayList<>(per);
      for (int f = 0; f < per; f++) {
        ProbeReading r = probe.read(frames.get(i * per + f));
        share += r.paletteShare();
        readings.add(r);
      }
      segments.add(new SegmentReadings(readings));
    }
    int rooms = 0;
    int[] kindN = new int[4];
    int[] kindOk = new int[4];
    int furN = 0;
    int furOk = 0;
    for (int i = 0; i < story.size(); i++) {
      ToonSegment seg = story.segment(i);
      int kind = i == 0 ? 0 : seg.newScene() ? 1 : seg.statesSetting() ? 2 : 3;
      kindN[kind]++;
      if (segments.get(i).majorityRoom() == seg.room()) {
        rooms++;
        kindOk[kind]++;
      }
      boolean floured = story.appearanceAtStart(i).floured() || story.appearanceAtEnd(i).floured();
      if (i > 0 && !floured) {
        furN++;
        if (cleanMajorityFur(segments.get(i)) == story.fur()) {
          furOk++;
        }
      }
    }
    return new StoryScores(ToonBenchmark.evaluateReadings(story, segments),
        Score.mean(share, frames.size()), Score.mean(rooms, story.size()),
        Score.mean(furOk, furN), new RoomSplit(Score.mean(kindOk[0], kindN[0]),
            Score.mean(kindOk[1], kindN[1]), Score.mean(kindOk[2], kindN[2]),
            Score.mean(kindOk[3], kindN[3])), seconds);
  }

  /** Tom's most frequent fur over the frames that pass the quality check, or null if none. */
  static FurColour cleanMajorityFur(SegmentReadings segment) {
    Map<FurColour, Integer> counts = new EnumMap<>(FurColour.class);
    for (ProbeReading r : segment.frames()) {
      if (r.tom().present() && r.paletteShare() >= PerFrameQuality.MIN_PALETTE_SHARE) {
        counts.merge(r.tomFur(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(null);
  }

  /**
   * Pools stories (measurement-weighted, as {@link BenchmarkResult#pool}); the time is the mean.
   *
   * @param stories the scores of each story
   * @return the pooled scores
   */
  static StoryScores pool(List<StoryScores> stories) {
    return new StoryScores(
        BenchmarkResult.pool(stories.stream().map(StoryScores::benchmark).toList()),
        Score.pool(stories.stream().map(StoryScores::paletteShare).toList()),
        Score.pool(stories.stream().map(StoryScores::rightRoom).toList()),
        Score.pool(stories.stream().map(StoryScores::furLater).toList()),
        RoomSplit.pool(stories.stream().map(StoryScores::rooms).toList()),
        stories.stream().mapToDouble(StoryScores::seconds).average().orElse(Double.NaN));
  }
}
